// A submission's copy: files and folders as they are, links as links
// (never followed), nothing else, within bounds; and the last lines of a
// build's output kept for the student.

#include "harness/grade/submission_copy.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "harness/grade/build_step.h"
#include "tests/support/run_folders.h"

namespace wirecheck {
namespace {

namespace fs = std::filesystem;

TEST(SubmissionCopyTest, CopiesFilesAndFoldersAndKeepsLinksAsLinks) {
  testing::TestFolder folder("submission-copy");
  const fs::path from = folder.path() / "from";
  fs::create_directories(from / "src");
  std::ofstream(from / "src" / "server.c") << "int main(void) { return 0; }\n";
  std::ofstream(from / "run.sh") << "#!/bin/sh\n";
  fs::permissions(from / "run.sh", fs::perms::owner_all);
  fs::create_symlink("/etc/shadow", from / "shadow");
  ASSERT_EQ(mkfifo((from / "pipe").c_str(), 0600), 0);
  std::string err;
  ASSERT_TRUE(CopySubmission(from.string(), (folder.path() / "to").string(), {}, CopyBounds{}, &err)) << err;
  const fs::path to = folder.path() / "to";
  std::ifstream source(to / "src" / "server.c");
  std::string line;
  std::getline(source, line);
  EXPECT_EQ(line, "int main(void) { return 0; }");
  EXPECT_TRUE(fs::is_symlink(to / "shadow"));
  EXPECT_EQ(fs::read_symlink(to / "shadow"), "/etc/shadow");
  EXPECT_FALSE(fs::exists(fs::symlink_status(to / "pipe")));
  EXPECT_NE(fs::status(to / "run.sh").permissions() & fs::perms::owner_exec, fs::perms::none);
}

TEST(SubmissionCopyTest, ASubmissionPastTheBoundsIsRefusedInPlainWords) {
  testing::TestFolder folder("submission-bounds");
  const fs::path from = folder.path() / "from";
  fs::create_directories(from);
  std::ofstream(from / "big") << std::string(4096, 'x');
  std::string err;
  EXPECT_FALSE(CopySubmission(from.string(), (folder.path() / "a").string(), {}, CopyBounds{1024, 100}, &err));
  EXPECT_EQ(err, "the submission is larger than 1KiB");
  for (int i = 0; i < 5; ++i) std::ofstream(from / std::to_string(i)) << "x";
  EXPECT_FALSE(CopySubmission(from.string(), (folder.path() / "b").string(), {}, CopyBounds{1 << 20, 3}, &err));
  EXPECT_EQ(err, "the submission has more than 3 files and folders");
  EXPECT_FALSE(CopySubmission((from / "big").string(), (folder.path() / "c").string(), {}, CopyBounds{}, &err));
  EXPECT_EQ(err, (from / "big").string() + " is not a folder");
}

TEST(SubmissionCopyTest, LastLinesKeepsTheEndOfABuildsOutput) {
  EXPECT_EQ(LastLines("a\nb\nc\nd\n", 2, 100), "c\nd");
  EXPECT_EQ(LastLines("a\nb", 5, 100), "a\nb");
  EXPECT_EQ(LastLines("", 5, 100), "");
  EXPECT_EQ(LastLines("0123456789\n", 3, 4), "6789");
}

}  // namespace
}  // namespace wirecheck
