// A run's cgroup (harness/sandbox/run_cgroup.h) with real processes in real
// groups: forked children that allocate, fork in a loop, or sleep. Each test
// skips with Create's reason where no group can be made (an ordinary user
// without a delegated cgroup), and checks that it leaves no process and no
// group behind. Every process it starts ends within 10 s whatever happens
// (alarm), and every fork loop stops at 100.

#include "harness/sandbox/run_cgroup.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

namespace wirecheck {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr std::uint64_t kMiB = 1ull << 20;
constexpr unsigned kLifetimeSeconds = 10;  // of every process a test starts

std::string StatusText(int status) {
  if (WIFEXITED(status)) return "exited " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "status " + std::to_string(status);
}

// Touches `bytes` of fresh memory, a page at a time, so each page is charged.
bool TouchMemory(std::uint64_t bytes) {
  void* memory = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) return false;
  for (std::uint64_t at = 0; at < bytes; at += 4096) static_cast<volatile char*>(memory)[at] = 1;
  return true;
}

// A forked child that runs `body` once the test has put it in a group and
// called Start(), and exits with what body returns. body may write to
// `report`, a pipe the test reads with Read(). Killed and reaped with the
// object if still there.
class Child {
 public:
  explicit Child(const std::function<int(int report)>& body) {
    int go[2], report[2];
    if (pipe2(go, O_CLOEXEC) != 0 || pipe2(report, O_CLOEXEC) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      alarm(kLifetimeSeconds);
      close(go[1]);
      close(report[0]);
      char byte;
      _exit(read(go[0], &byte, 1) == 1 ? body(report[1]) : 99);  // no Start(): the test gave up
    }
    close(go[0]);
    close(report[1]);
    go_fd_ = go[1];
    report_fd_ = report[0];
  }
  ~Child() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (go_fd_ >= 0) close(go_fd_);
    if (report_fd_ >= 0) close(report_fd_);
  }
  pid_t pid() const { return pid_; }
  bool Start() { return write(go_fd_, "g", 1) == 1; }
  // Reads exactly `size` bytes within 5 s.
  bool Read(void* out, std::size_t size) {
    pollfd readable{report_fd_, POLLIN, 0};
    return poll(&readable, 1, 5000) == 1 && read(report_fd_, out, size) == static_cast<ssize_t>(size);
  }
  // The wait status, within `bound`; -1 (and the child killed) past it.
  int Wait(std::chrono::milliseconds bound = 5000ms) {
    const auto deadline = Clock::now() + bound;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (Clock::now() >= deadline) return -1;
      std::this_thread::sleep_for(2ms);
    }
    reaped_ = true;
    return status;
  }

 private:
  pid_t pid_ = -1;
  int go_fd_ = -1;
  int report_fd_ = -1;
  bool reaped_ = false;
};

// Where our own group is in every hierarchy: the run's are made below it.
std::vector<CgroupPlace> OwnPlaces() {
  std::stringstream mountinfo, membership;
  mountinfo << std::ifstream("/proc/self/mountinfo").rdbuf();
  membership << std::ifstream("/proc/self/cgroup").rdbuf();
  return FindCgroupPlaces(mountinfo.str(), membership.str());
}

// Whether this machine has `controller` for wirecheck's groups: a v1
// hierarchy of it, or the unified one listing it. A group that lacks one the
// machine has is a failure to make it, not a reason to skip.
bool MachineHas(const std::string& controller) {
  for (const CgroupPlace& place : OwnPlaces()) {
    if (place.version == CgroupVersion::kV1 && (controller == "memory" ? place.memory : place.pids)) return true;
    std::stringstream listed;
    listed << std::ifstream(place.own_group + "/cgroup.controllers").rdbuf();
    if (place.version == CgroupVersion::kV2 && (" " + listed.str()).find(" " + controller) != std::string::npos) {
      return true;
    }
  }
  return false;
}

bool AllExist(const std::vector<std::string>& paths) {
  return std::all_of(paths.begin(), paths.end(), [](const std::string& path) { return fs::exists(path); });
}

bool NoneExists(const std::vector<std::string>& paths) {
  return std::none_of(paths.begin(), paths.end(), [](const std::string& path) { return fs::exists(path); });
}

class RunCgroupTest : public ::testing::Test {
 protected:
  // Nothing of this process's runs is left in any hierarchy; what is, is
  // reported, then killed and removed, so the next test starts clean.
  void TearDown() override {
    const std::string prefix = "wirecheck-run-" + std::to_string(getpid()) + "-";
    for (const CgroupPlace& place : OwnPlaces()) {
      std::error_code ignored;
      for (const fs::directory_entry& entry : fs::directory_iterator(place.own_group, ignored)) {
        if (entry.path().filename().string().rfind(prefix, 0) != 0) continue;
        ADD_FAILURE() << "left behind: " << entry.path();
        RemoveLeftover(entry.path());
      }
    }
  }

  static void RemoveLeftover(const fs::path& group) {
    const auto deadline = Clock::now() + 2s;
    while (rmdir(group.c_str()) != 0 && errno == EBUSY && Clock::now() < deadline) {
      std::ifstream procs(group / "cgroup.procs");
      for (pid_t pid; procs >> pid;) kill(pid, SIGKILL);
      std::this_thread::sleep_for(10ms);
    }
  }
};

TEST_F(RunCgroupTest, MemoryCapKillsTheProcessThatExceedsIt) {
  CgroupLimits limits;
  limits.memory_bytes = 16 * kMiB;
  std::string why_not, err;
  std::unique_ptr<RunCgroup> group = RunCgroup::Create(limits, &why_not);
  if (!group) GTEST_SKIP() << why_not;
  if (!group->has_memory()) {
    ASSERT_FALSE(MachineHas("memory")) << group->Describe();
    GTEST_SKIP() << group->Describe();
  }
  Child child([](int) { return TouchMemory(64 * kMiB) ? 0 : 3; });
  ASSERT_TRUE(group->Add(child.pid(), &err)) << err;
  ASSERT_TRUE(child.Start());
  const int status = child.Wait();
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << StatusText(status);
  const CgroupUsage usage = group->Usage();
  EXPECT_GE(usage.oom_kills, 1u);
  EXPECT_GT(usage.memory_peak_bytes, 0u);
  EXPECT_LE(usage.memory_peak_bytes, limits.memory_bytes);
}

// What the forking child tells the test.
struct ForkReport {
  int forks = 0;  // that succeeded
  int error = 0;  // errno of the one refused; 0: none was
  pid_t pids[100] = {};
};

TEST_F(RunCgroupTest, ProcessCapRefusesTheForkPastIt) {
  CgroupLimits limits;
  limits.max_processes = 8;
  std::string why_not, err;
  std::unique_ptr<RunCgroup> group = RunCgroup::Create(limits, &why_not);
  if (!group) GTEST_SKIP() << why_not;
  if (!group->has_pids()) {
    ASSERT_FALSE(MachineHas("pids")) << group->Describe();
    GTEST_SKIP() << group->Describe();
  }
  Child child([](int report_fd) {
    ForkReport report;
    for (; report.forks < 100; ++report.forks) {
      const pid_t pid = fork();
      if (pid == 0) {
        close(report_fd);
        alarm(kLifetimeSeconds);  // a fork does not inherit its parent's
        pause();                  // until killed: by Close(), else by the alarm
        _exit(0);
      }
      if (pid < 0) {
        report.error = errno;
        break;
      }
      report.pids[report.forks] = pid;
    }
    return write(report_fd, &report, sizeof report) == sizeof report ? 0 : 4;
  });
  ASSERT_TRUE(group->Add(child.pid(), &err)) << err;
  ASSERT_TRUE(child.Start());
  ForkReport report;
  ASSERT_TRUE(child.Read(&report, sizeof report));
  EXPECT_EQ(child.Wait(), 0);
  EXPECT_EQ(report.forks, 7) << "the child counts itself";
  EXPECT_EQ(report.error, EAGAIN);
  EXPECT_GE(group->Usage().process_cap_hits, 1u);

  // The sleepers are no children of ours: a pidfd says when each has ended.
  std::vector<int> pidfds;
  for (int i = 0; i < report.forks; ++i) {
    const int fd = static_cast<int>(syscall(SYS_pidfd_open, report.pids[i], 0));
    if (fd >= 0) pidfds.push_back(fd);
  }
  EXPECT_TRUE(group->Close(&err)) << err;
  for (const int fd : pidfds) {
    pollfd ended{fd, POLLIN, 0};
    EXPECT_EQ(poll(&ended, 1, 2000), 1) << "a sleeper outlived its group";
    close(fd);
  }
}

TEST_F(RunCgroupTest, CloseKillsWhatIsLeftAndRemovesTheGroup) {
  std::string why_not, err;
  std::unique_ptr<RunCgroup> group = RunCgroup::Create(CgroupLimits{}, &why_not);
  if (!group) GTEST_SKIP() << why_not;
  Child child([](int) {
    pause();
    return 0;
  });
  ASSERT_TRUE(group->Add(child.pid(), &err)) << err;
  ASSERT_TRUE(child.Start());
  const std::vector<std::string> paths = group->Paths();
  ASSERT_FALSE(paths.empty());
  EXPECT_TRUE(AllExist(paths));
  const auto start = Clock::now();
  group.reset();
  EXPECT_LT(Clock::now() - start, 2s);
  EXPECT_TRUE(NoneExists(paths));
  const int status = child.Wait();
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << StatusText(status);
}

TEST_F(RunCgroupTest, CloseOfAnEmptyGroupRemovesItOnce) {
  std::string why_not, err;
  std::unique_ptr<RunCgroup> group = RunCgroup::Create(CgroupLimits{}, &why_not);
  if (!group) GTEST_SKIP() << why_not;
  const std::vector<std::string> paths = group->Paths();
  EXPECT_TRUE(group->Close(&err)) << err;
  EXPECT_TRUE(NoneExists(paths));
  EXPECT_TRUE(group->Paths().empty());
  EXPECT_TRUE(group->Close(&err)) << err;
}

TEST_F(RunCgroupTest, TwoGroupsAtOnceAreDistinct) {
  std::string why_not;
  std::unique_ptr<RunCgroup> first = RunCgroup::Create(CgroupLimits{}, &why_not);
  if (!first) GTEST_SKIP() << why_not;
  std::unique_ptr<RunCgroup> second = RunCgroup::Create(CgroupLimits{}, &why_not);
  ASSERT_TRUE(second) << why_not;
  const std::vector<std::string> a = first->Paths(), b = second->Paths();
  EXPECT_TRUE(AllExist(a));
  EXPECT_TRUE(AllExist(b));
  for (const std::string& path : a) EXPECT_EQ(std::find(b.begin(), b.end(), path), b.end()) << path;
  EXPECT_NE(first->Describe(), second->Describe());
}

TEST_F(RunCgroupTest, ZeroLimitsMeanNoCap) {
  std::string why_not, err;
  std::unique_ptr<RunCgroup> group = RunCgroup::Create(CgroupLimits{}, &why_not);
  if (!group) GTEST_SKIP() << why_not;
  Child child([](int) {
    if (!TouchMemory(64 * kMiB)) return 3;
    for (int i = 0; i < 20; ++i) {
      const pid_t pid = fork();
      if (pid < 0) return 5;
      if (pid == 0) _exit(0);
      waitpid(pid, nullptr, 0);
    }
    return 0;
  });
  ASSERT_TRUE(group->Add(child.pid(), &err)) << err;
  ASSERT_TRUE(child.Start());
  const int status = child.Wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << StatusText(status);
  const CgroupUsage usage = group->Usage();
  EXPECT_EQ(usage.oom_kills, 0u);
  EXPECT_EQ(usage.process_cap_hits, 0u);
  if (group->has_memory()) {
    EXPECT_GE(usage.memory_peak_bytes, 64 * kMiB);
  }
}

TEST_F(RunCgroupTest, DescribeNamesEachDirectory) {
  std::string why_not;
  std::unique_ptr<RunCgroup> group = RunCgroup::Create(CgroupLimits{}, &why_not);
  if (!group) GTEST_SKIP() << why_not;
  const std::string text = group->Describe();
  EXPECT_EQ(text.rfind("cgroup v", 0), 0u) << text;
  for (const std::string& path : group->Paths()) {
    EXPECT_NE(text.find(path), std::string::npos) << text;
    EXPECT_NE(path.find("/wirecheck-run-" + std::to_string(getpid()) + "-"), std::string::npos) << path;
  }
  const std::string support = CgroupSupport();
  EXPECT_EQ(support.rfind("cgroup v", 0), 0u) << support;
}

// Root makes the groups here; `nobody` may not, and is told why.
TEST_F(RunCgroupTest, WithoutTheRightCreateSaysWhy) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root, to become nobody";
  std::string why_not;
  if (!RunCgroup::Create(CgroupLimits{}, &why_not)) GTEST_SKIP() << why_not;
  Child child([](int report_fd) {
    if (setgid(65534) != 0 || setuid(65534) != 0) return 6;
    std::string text;
    const bool made = RunCgroup::Create(CgroupLimits{}, &text) != nullptr;
    text = (made ? "made " : "refused ") + text;
    text.resize(512);
    return write(report_fd, text.data(), text.size()) == 512 ? 0 : 4;
  });
  ASSERT_TRUE(child.Start());
  std::string text(512, '\0');
  ASSERT_TRUE(child.Read(text.data(), text.size()));
  EXPECT_EQ(child.Wait(), 0);
  text.resize(text.find('\0'));
  EXPECT_EQ(text.rfind("refused cannot make a group in ", 0), 0u) << text;
  EXPECT_NE(text.find("Permission denied): wirecheck needs root, or a cgroup delegated to its user"), std::string::npos)
      << text;
  EXPECT_EQ(CgroupSupport().rfind("cgroup v", 0), 0u);
}

}  // namespace
}  // namespace wirecheck
