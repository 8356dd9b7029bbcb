// A report appears whole or not at all, and never through a planted link.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "harness/run/atomic_file.h"

namespace wirecheck {
namespace {

namespace fs = std::filesystem;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("wirecheck-atomic-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  static std::string Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  fs::path dir_;
};

TEST_F(AtomicFileTest, CommitPutsTheWholeFileInPlace) {
  AtomicFile file;
  std::string err;
  ASSERT_TRUE(file.Open((dir_ / "sub" / "out.xml").string(), &err)) << err;
  file.stream() << "<testsuites/>\n";
  EXPECT_FALSE(fs::exists(dir_ / "sub" / "out.xml"));  // not before the commit
  ASSERT_TRUE(file.Commit(&err)) << err;
  EXPECT_EQ(Read(dir_ / "sub" / "out.xml"), "<testsuites/>\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_ / "sub"), fs::directory_iterator()), 1);
}

TEST_F(AtomicFileTest, UncommittedLeavesTheOldFileAndNoTemporary) {
  std::ofstream(dir_ / "out.xml") << "old report\n";
  {
    AtomicFile file;
    std::string err;
    ASSERT_TRUE(file.Open((dir_ / "out.xml").string(), &err)) << err;
    file.stream() << "half a rep";
  }
  EXPECT_EQ(Read(dir_ / "out.xml"), "old report\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

// A link planted at the report's path is replaced, its target untouched.
TEST_F(AtomicFileTest, PlantedSymlinkIsReplacedNotFollowed) {
  std::ofstream(dir_ / "decoy") << "not yours\n";
  fs::create_symlink(dir_ / "decoy", dir_ / "out.xml");
  AtomicFile file;
  std::string err;
  ASSERT_TRUE(file.Open((dir_ / "out.xml").string(), &err)) << err;
  file.stream() << "report\n";
  ASSERT_TRUE(file.Commit(&err)) << err;
  EXPECT_EQ(Read(dir_ / "decoy"), "not yours\n");
  EXPECT_FALSE(fs::is_symlink(dir_ / "out.xml"));
  EXPECT_EQ(Read(dir_ / "out.xml"), "report\n");
}

TEST_F(AtomicFileTest, UnwritablePlaceIsAClearError) {
  AtomicFile file;
  std::string err;
  EXPECT_FALSE(file.Open("/dev/null/out.xml", &err));
  EXPECT_EQ(err, "cannot write /dev/null/out.xml: Not a directory");
}

}  // namespace
}  // namespace wirecheck
