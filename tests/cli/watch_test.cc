// `wirecheck run --watch` as a student uses it: the real binary, real runs;
// a save of the scenario runs it again and prints only what changed; Ctrl-C
// ends it with 130. Bounded: every wait has a deadline. Label `run`.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "tests/support/read_file.h"
#include "tests/support/run_command.h"
#include "tests/support/run_folders.h"

namespace wirecheck {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const std::string kSource = WIRECHECK_SOURCE_DIR;
const std::string kBuild = fs::path(WIRECHECK_BINARY).parent_path().string();

using testing::ReadFile;

// The watching wirecheck, its output going to a file the test reads.
class Watcher {
 public:
  Watcher(const fs::path& scenario, const fs::path& output) : output_(output) {
    pid_ = fork();
    if (pid_ == 0) {
      const int fd = open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(fd, 1);
      dup2(fd, 2);
      execl(WIRECHECK_BINARY, WIRECHECK_BINARY, "run", scenario.c_str(), "--build", kBuild.c_str(), "--watch",
            static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~Watcher() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

  /// True once the output holds `text` `times` times (within 60 s).
  bool WaitFor(const std::string& text, int times = 1) {
    for (auto deadline = std::chrono::steady_clock::now() + 60s; std::chrono::steady_clock::now() < deadline;) {
      const std::string out = ReadFile(output_);
      int n = 0;
      for (std::size_t at = 0; (at = out.find(text, at)) != std::string::npos; at += text.size()) ++n;
      if (n >= times) return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

  /// SIGINT, then its exit code (-1 if it did not end within 30 s).
  int Interrupt() {
    kill(pid_, SIGINT);
    for (auto deadline = std::chrono::steady_clock::now() + 30s; std::chrono::steady_clock::now() < deadline;) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(50ms);
    }
    return -1;
  }

  std::string output() const { return ReadFile(output_); }

 private:
  fs::path output_;
  pid_t pid_ = -1;
};

TEST(WatchTest, ASavedScenarioRunsAgainAndOnlyWhatChangedIsPrinted) {
  const std::string why = testing::WhyNoRunSandbox();
  if (!why.empty()) GTEST_SKIP() << "no sandbox for runs: " << why;
  testing::TestFolder folder("wirecheck-watch");
  const fs::path scenario = folder.path() / "s.yaml";
  std::string text = ReadFile(kSource + "/tests/fixtures/scenarios/run/unread_close.yaml");
  std::ofstream(scenario) << text;
  Watcher watcher(scenario, folder.path() / "out.txt");
  ASSERT_TRUE(watcher.WaitFor("Ctrl-C ends it")) << watcher.output();
  EXPECT_NE(watcher.output().find("[  FAILED  ] 1 check, listed below:"), std::string::npos);
  // The author decides a RST is fine here: saved as editors save (a new
  // file renamed over the old one).
  const std::string strict = "close: { clean: true }";
  text.replace(text.find(strict), strict.size(), "close: { clean: false }");
  std::ofstream(folder.path() / "s.yaml.new") << text;
  fs::rename(folder.path() / "s.yaml.new", scenario);
  ASSERT_TRUE(watcher.WaitFor("[==========] now ")) << watcher.output();
  std::string out = watcher.output();
  EXPECT_NE(out.find("s.yaml changed: run 2\n"), std::string::npos) << out;
  EXPECT_NE(out.find("[ FIXED   ] TCP capitalize, a server that closes with unread data: "
                     "every_connection.close.clean (fail -> pass)"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("[==========] now 9 passed, 0 failed (before: 8 passed, 1 failed)"), std::string::npos) << out;
  // Only what changed: the other checks are not printed again.
  EXPECT_EQ(out.find("[ RUN      ]", out.find("run 2")), std::string::npos) << out;
  // A save that changes nothing runs again and says so.
  std::ofstream(scenario, std::ios::app) << "# saved again\n";
  ASSERT_TRUE(watcher.WaitFor("[ SAME    ] every check as before")) << watcher.output();
  EXPECT_EQ(watcher.Interrupt(), 130);
  EXPECT_NE(watcher.output().find("wirecheck: stopped watching"), std::string::npos);
}

TEST(WatchTest, OnlyTheConsoleIsWatched) {
  const auto r = testing::RunWirecheck(
      {"run", kSource + "/scenarios/examples/udp_capitalize.yaml", "--watch", "--report", "json=x.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "wirecheck: --watch prints to the console only: leave out --format, --output and --report\n");
}

}  // namespace
}  // namespace wirecheck
