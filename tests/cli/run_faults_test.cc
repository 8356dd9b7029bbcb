// Faults around a run, through `wirecheck run` as a user runs it: a full
// TMPDIR, and wirecheck itself killed mid-run. Each ends with a clear
// result and leaves nothing behind. Label `run`.

#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "harness/sandbox/sandbox.h"
#include "tests/support/run_command.h"
#include "tests/support/run_folders.h"

extern char** environ;

namespace wirecheck {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const std::string kBuild = fs::path(WIRECHECK_BINARY).parent_path().string();
const std::string kExample = std::string(WIRECHECK_SOURCE_DIR) + "/scenarios/examples/tcp_capitalize_iterative.yaml";

// Whether any process's command line holds marker.
bool AnyProcessWith(const std::string& marker) {
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] < '0' || name[0] > '9') continue;
    std::ifstream in(entry.path() / "cmdline", std::ios::binary);
    const std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (cmdline.find(marker) != std::string::npos) return true;
  }
  return false;
}

class RunFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string why = testing::WhyNoRunSandbox();
    if (!why.empty()) GTEST_SKIP() << why;
    folder_.emplace("wirecheck-fault");
    dir_ = folder_->path();
    fs::create_directories(dir_ / "tmpdir");
  }
  std::optional<testing::TestFolder> folder_;
  fs::path dir_;
};

// A TMPDIR with no room for the capture: the run is an environment error
// (exit 3) that says where and why, never a verdict on an empty capture
// (it was "cannot read the run's capture: empty file"). The full TMPDIR is
// a 16 KiB tmpfs, filled, in a mount namespace of the test's own (root).
TEST_F(RunFaultTest, FullTmpdirIsAnEnvironmentErrorThatSaysWhy) {
  if (geteuid() != 0) GTEST_SKIP() << "mounting the small TMPDIR needs root";
  const std::string tmpdir = (dir_ / "tmpdir").string();
  const auto r = testing::RunCommand(
      {"/usr/bin/unshare", "-m", "/bin/sh", "-c",
       "mount -t tmpfs -o size=16k tmpfs \"$1\" && head -c 16384 /dev/zero > \"$1/fill\" 2>/dev/null; "
       "TMPDIR=\"$1\" exec \"$2\" run --build \"$3\" \"$4\"",
       "sh", tmpdir, WIRECHECK_BINARY, kBuild, kExample});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.out.find("[  ERROR   ] environment: the capture failed: cannot write the capture file in " + tmpdir +
                       ": No space left on device"),
            std::string::npos)
      << r.out << r.err;
}

// wirecheck killed with SIGKILL mid-run (no handler runs): every program of
// the run dies with it (each process of the chain has a parent-death
// signal), and TMPDIR holds nothing (the capture file never had a name;
// {tmp} lives in the run's own filesystem).
TEST_F(RunFaultTest, SigkillOfWirecheckLeavesNoProcessAndNoFile) {
  const std::string marker = "wirecheck-fault-sleeper-" + std::to_string(getpid());
  std::ofstream(dir_ / "scenario.yaml")
      << "scenario: killed mid-run\nprotocol: tcp\ntimeout: 20s\nserver:\n  run: \"" << kBuild
      << "/scenarios/tcp_capitalize_server_iterative {port} {host}\"\n  port: 6789\nclients:\n"
         "  - name: sleeper\n    run: \"sh -c 'sleep 30; true' "
      << marker << "\"\n    timeout: 20s\n";
  const std::string tmpdir_env = "TMPDIR=" + (dir_ / "tmpdir").string();
  std::vector<std::string> env_text = {tmpdir_env, "PATH=/usr/bin:/bin"};
  std::vector<char*> envp;
  for (std::string& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = {WIRECHECK_BINARY, "run", "--build", kBuild, (dir_ / "scenario.yaml").string()};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  ASSERT_EQ(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data()), 0);
  posix_spawn_file_actions_destroy(&actions);
  const auto give_up = std::chrono::steady_clock::now() + 10s;
  while (!AnyProcessWith(marker) && std::chrono::steady_clock::now() < give_up) std::this_thread::sleep_for(10ms);
  const bool started = AnyProcessWith(marker);
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(started) << "the client never started";
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  const auto bound = std::chrono::steady_clock::now() + 5s;
  while (AnyProcessWith(marker) && std::chrono::steady_clock::now() < bound) std::this_thread::sleep_for(10ms);
  EXPECT_FALSE(AnyProcessWith(marker)) << "a program of the killed run is still running";
  EXPECT_TRUE(fs::is_empty(dir_ / "tmpdir"));
}

}  // namespace
}  // namespace wirecheck
