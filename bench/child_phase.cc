#include "bench/child_phase.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

namespace wirecheck::bench {
namespace {

using Clock = std::chrono::steady_clock;

/// Waits for pid; fills max_rss_mib and turns an abnormal end into an error.
void WaitForChild(pid_t pid, ChildOutcome* outcome) {
  int status = 0;
  rusage usage{};
  while (::wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) {
      outcome->error = std::string("wait4: ") + std::strerror(errno);
      return;
    }
  }
  outcome->max_rss_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux: KiB
  if (WIFSIGNALED(status)) {
    outcome->error = std::string("child killed by signal ") + strsignal(WTERMSIG(status));
  } else if (WEXITSTATUS(status) != 0) {
    outcome->error = "child exited with status " + std::to_string(WEXITSTATUS(status));
  }
}

bool ReadAll(int fd, void* data, std::size_t size) {
  auto* p = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t n = ::read(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool WriteAll(int fd, const void* data, std::size_t size) {
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

ChildOutcome RunInChild(const std::function<PhaseResult()>& body) {
  ChildOutcome outcome;
  int fds[2];
  if (::pipe(fds) != 0) {
    outcome.error = std::string("pipe: ") + std::strerror(errno);
    return outcome;
  }
  const Clock::time_point start = Clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) {
    outcome.error = std::string("fork: ") + std::strerror(errno);
    ::close(fds[0]);
    ::close(fds[1]);
    return outcome;
  }
  if (pid == 0) {
    ::close(fds[0]);
    const PhaseResult result = body();
    _exit(WriteAll(fds[1], &result, sizeof result) ? 0 : 1);
  }
  ::close(fds[1]);
  const bool got = ReadAll(fds[0], &outcome.result, sizeof outcome.result);
  ::close(fds[0]);
  WaitForChild(pid, &outcome);
  outcome.parent_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (outcome.error.empty() && !got) outcome.error = "the child sent no result";
  if (outcome.error.empty() && outcome.result.error[0]) outcome.error = outcome.result.error;
  return outcome;
}

ChildOutcome RunCommandInChild(const std::vector<std::string>& argv, const std::string& output) {
  ChildOutcome outcome;
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const Clock::time_point start = Clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) {
    outcome.error = std::string("fork: ") + std::strerror(errno);
    return outcome;
  }
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    const int out = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out, 1);
    ::dup2(null, 2);
    ::execvp(args[0], args.data());
    _exit(127);
  }
  WaitForChild(pid, &outcome);
  outcome.parent_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  outcome.result.seconds = outcome.parent_seconds;
  return outcome;
}

void ReadCurrentRss(std::uint64_t* anon_kib, std::uint64_t* file_kib) {
  *anon_kib = *file_kib = 0;
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return;
  char line[256];
  while (std::fgets(line, sizeof line, f)) {
    unsigned long long kib = 0;
    if (std::sscanf(line, "RssAnon: %llu kB", &kib) == 1) *anon_kib = kib;
    if (std::sscanf(line, "RssFile: %llu kB", &kib) == 1) *file_kib = kib;
  }
  std::fclose(f);
}

}  // namespace wirecheck::bench
