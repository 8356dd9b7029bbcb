// Who root's programs are on the host's files (harness/run/run_identity.h).

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "harness/run/run_identity.h"

namespace wirecheck {
namespace {

namespace fs = std::filesystem;

class RunIdentityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("wirecheck-reach-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "closed" / "build");
    chmod(dir_.c_str(), 0755);
    chmod((dir_ / "closed").c_str(), 0700);
  }
  void TearDown() override {
    chmod((dir_ / "closed").c_str(), 0700);
    fs::remove_all(dir_);
  }
  fs::path dir_;
  const ProgramIdentity nobody_{65534, 65534};
};

TEST_F(RunIdentityTest, AFolderWithoutXForOthersStopsTheWalk) {
  EXPECT_EQ(UnreachableFolder((dir_ / "closed" / "build").string(), nobody_), (dir_ / "closed").string());
  chmod((dir_ / "closed").c_str(), 0711);  // pass through, not list: enough
  EXPECT_EQ(UnreachableFolder((dir_ / "closed" / "build").string(), nobody_), "");
}

TEST_F(RunIdentityTest, AsRootAnUnreachableFolderKeepsRootsIdentityAndSaysWhy) {
  if (geteuid() != 0) GTEST_SKIP() << "only root's programs change identity";
  const RunIdentity closed = ChooseRunIdentity({"", (dir_ / "closed" / "build").string()}, false);
  EXPECT_FALSE(closed.identity.uid);
  EXPECT_NE(closed.warning.find("cannot be entered by nobody, needed for " + (dir_ / "closed" / "build").string()),
            std::string::npos)
      << closed.warning;
  EXPECT_NE(closed.warning.find("chmod o+x " + (dir_ / "closed").string()), std::string::npos) << closed.warning;
  chmod((dir_ / "closed").c_str(), 0711);
  const RunIdentity open = ChooseRunIdentity({(dir_ / "closed" / "build").string()}, false);
  EXPECT_TRUE(open.identity.uid);
  EXPECT_EQ(open.warning, "");
}

// With a filesystem of its own, the run's folders are mounted where nobody
// reaches them: a closed parent does not matter, only the folder itself.
TEST_F(RunIdentityTest, WithItsOwnFilesystemOnlyTheFolderItselfMatters) {
  if (geteuid() != 0) GTEST_SKIP() << "only root's programs change identity";
  const RunIdentity behind = ChooseRunIdentity({(dir_ / "closed" / "build").string()}, true);
  EXPECT_TRUE(behind.identity.uid);
  EXPECT_EQ(behind.warning, "");
  const RunIdentity closed = ChooseRunIdentity({(dir_ / "closed").string()}, true);
  EXPECT_TRUE(closed.identity.uid);  // never root's identity: the programs stay nobody...
  EXPECT_EQ(closed.warning,          // ...and the run says what will fail
            "wirecheck: warning: the programs run as nobody, who cannot enter " + (dir_ / "closed").string() +
                ": a program that starts there or reads from it will fail. Make it enterable (chmod o+x " +
                (dir_ / "closed").string() + ") (see docs/sandbox.md)");
}

TEST(RunIdentityUserTest, AnOrdinaryUserKeepsItsOwnIdentity) {
  if (geteuid() == 0) GTEST_SKIP() << "root";
  const RunIdentity run = ChooseRunIdentity({"/root"}, true);
  EXPECT_FALSE(run.identity.uid);
  EXPECT_EQ(run.warning, "");
}

}  // namespace
}  // namespace wirecheck
