// Which host folders a run shows its programs (harness/sandbox/run_filesystem.h),
// through `wirecheck run` as a user runs it: the run's own folders, never a
// folder the whole host shares nor the home folder of the user running
// wirecheck; a scenario that uses such a folder is told. Label `run`.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "tests/support/run_command.h"
#include "tests/support/run_folders.h"

namespace wirecheck {
namespace {

namespace fs = std::filesystem;

const std::string kBuild = fs::path(WIRECHECK_BINARY).parent_path().string();

class RunFoldersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string why = testing::WhyNoRunSandbox();
    if (!why.empty()) GTEST_SKIP() << why;
    folder_.emplace("wirecheck-folders");
    dir_ = folder_->path();
    fs::create_directories(dir_ / "home" / "work");
    fs::create_directories(dir_ / "scenario");  // {here}: beside the home folder, not above it
    std::ofstream(dir_ / "home" / "secret") << "key\n";
    std::ofstream(dir_ / "home" / "work" / "notes") << "notes\n";
    // The client lists its working directory ({submission}) and reads a file of the home folder.
    std::ofstream(dir_ / "scenario" / "scenario.yaml")
        << "scenario: home folder\nprotocol: tcp\ntimeout: 10s\nserver:\n  run: \"" << kBuild
        << "/scenarios/tcp_capitalize_server_iterative {port} {host}\"\n  cwd: \"{here}\"\n  port: 6789\n"
           "clients:\n  - name: reader\n    run: \"sh -c 'cat notes " << (dir_ / "home" / "secret").string()
        << "; true'\"\n    expect: { stdout: \"notes\\n\" }\n";
  }
  std::optional<testing::TestFolder> folder_;
  fs::path dir_;
};

// {submission} inside the home folder is shown, the rest of the home is not.
TEST_F(RunFoldersTest, AFolderInsideTheHomeFolderIsShownButNotTheHome) {
  const auto r = testing::RunCommand({"/usr/bin/env", "HOME=" + (dir_ / "home").string(), WIRECHECK_BINARY, "run",
                                      "--submission", (dir_ / "home" / "work").string(),
                                      (dir_ / "scenario" / "scenario.yaml").string()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.err, "");
}

// {submission} = the home folder of the user running wirecheck: never
// shown (its programs run as that user and would read ~/.ssh), and the run
// says so; the client, which starts there, cannot.
TEST_F(RunFoldersTest, TheHomeFolderIsNeverShownAndTheRunSaysSo) {
  const auto r = testing::RunCommand({"/usr/bin/env", "HOME=" + (dir_ / "home").string(), WIRECHECK_BINARY, "run",
                                      "--submission", (dir_ / "home").string(), (dir_ / "scenario" / "scenario.yaml").string()});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("wirecheck: warning: {submission} is " + (dir_ / "home").string() +
                       ", your home folder, which a run never shows: its programs will not find what is there. "
                       "Give the scenario's files a folder of their own (or pass --submission)\n"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("cannot enter directory " + (dir_ / "home").string()), std::string::npos) << r.out;
}

}  // namespace
}  // namespace wirecheck
