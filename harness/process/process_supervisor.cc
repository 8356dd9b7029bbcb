#include "harness/process/process_supervisor.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace wirecheck {
namespace {

void CloseFd(int* fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

void KillGroup(pid_t pid, int signal) {
  kill(-pid, signal);  // the process group it leads (setpgid in the child)
  kill(pid, signal);   // in case it left the group
}

}  // namespace

ProcessSupervisor::~ProcessSupervisor() {
  KillAll();
  for (auto& [id, child] : children_) {
    CloseFd(&child.fds.stdin_fd);
    CloseFd(&child.fds.stdout_fd);
    CloseFd(&child.fds.stderr_fd);
    waitpid(child.pid, nullptr, 0);
  }
  for (int& fd : orphaned_) CloseFd(&fd);
}

pid_t ProcessSupervisor::Start(std::uint32_t id, const ProcessSpec& spec) {
  Clock::time_point started = Clock::now();
  std::variant<SpawnedChild, FailedToStart> spawned = SpawnChild(spec, identity_);
  if (auto* failed = std::get_if<FailedToStart>(&spawned)) {
    finished_.emplace_back(id, ProcessResult{*failed, OutputCapture(spec.output_cap),
                                             OutputCapture(spec.output_cap),
                                             Clock::now() - started});
    return 0;
  }
  Child child;
  child.fds = std::get<SpawnedChild>(spawned);
  child.pid = child.fds.pid;
  child.stdin_left = spec.stdin_bytes.value_or("");
  child.out = OutputCapture(spec.output_cap);
  child.err = OutputCapture(spec.output_cap);
  child.started = started;
  if (spec.timeout) {
    child.timeout = *spec.timeout;
    child.timeout_at = started + *spec.timeout;
  }
  auto [it, inserted] = children_.emplace(id, std::move(child));
  if (!inserted) return 0;  // a caller bug: ids are unique
  WriteStdin(&it->second);
  return it->second.pid;
}

void ProcessSupervisor::Stop(std::uint32_t id, std::chrono::nanoseconds grace) {
  auto it = children_.find(id);
  if (it == children_.end() || it->second.stopped) return;
  // Ended by itself but not yet reaped (its SIGCHLD still pending): its end
  // is its own. Its process group is still signalled, for what it left.
  siginfo_t info{};
  const bool ended = waitid(P_PID, static_cast<id_t>(it->second.pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
                     info.si_pid == it->second.pid;
  if (ended) {
    KillGroup(it->second.pid, grace.count() > 0 ? SIGTERM : SIGKILL);
    return;
  }
  it->second.stopped = true;
  it->second.kill_at = Clock::now() + grace;
  KillGroup(it->second.pid, grace.count() > 0 ? SIGTERM : SIGKILL);
}

void ProcessSupervisor::KillAll() {
  for (auto& [id, child] : children_) KillGroup(child.pid, SIGKILL);
}

void ProcessSupervisor::AddPollFds(std::vector<pollfd>* fds) const {
  for (const auto& [id, child] : children_) {
    if (child.fds.stdout_fd >= 0) fds->push_back({child.fds.stdout_fd, POLLIN, 0});
    if (child.fds.stderr_fd >= 0) fds->push_back({child.fds.stderr_fd, POLLIN, 0});
    if (child.fds.stdin_fd >= 0) fds->push_back({child.fds.stdin_fd, POLLOUT, 0});
  }
  for (int fd : orphaned_) fds->push_back({fd, POLLIN, 0});
}

void ProcessSupervisor::HandlePollFds(const std::vector<pollfd>& fds) {
  for (const pollfd& p : fds) {
    if (p.revents == 0) continue;
    for (auto& [id, child] : children_) {
      if (p.fd == child.fds.stdout_fd) Drain(&child.fds.stdout_fd, &child.out);
      if (p.fd == child.fds.stderr_fd) Drain(&child.fds.stderr_fd, &child.err);
      if (p.fd == child.fds.stdin_fd) WriteStdin(&child);
    }
    for (int& fd : orphaned_) {
      if (p.fd != fd) continue;
      OutputCapture discarded(0);
      Drain(&fd, &discarded);
    }
  }
  std::erase(orphaned_, -1);
}

void ProcessSupervisor::WriteStdin(Child* child) {
  while (child->fds.stdin_fd >= 0 && !child->stdin_left.empty()) {
    ssize_t n = write(child->fds.stdin_fd, child->stdin_left.data(), child->stdin_left.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    if (n < 0) break;  // EPIPE: it closed its stdin; the rest is not wanted
    child->stdin_left.erase(0, static_cast<std::size_t>(n));
  }
  CloseFd(&child->fds.stdin_fd);  // all delivered: the program reads end of file
}

void ProcessSupervisor::Drain(int* fd, OutputCapture* capture) {
  char buffer[65536];
  while (*fd >= 0) {
    ssize_t n = read(*fd, buffer, sizeof buffer);
    if (n > 0) {
      capture->Append(std::span<const char>(buffer, static_cast<std::size_t>(n)));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    CloseFd(fd);  // end of file or error
  }
}

void ProcessSupervisor::Reap() {
  while (true) {
    int status = 0;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid <= 0) return;  // none ended (0) or no children at all (ECHILD)
    auto it = std::find_if(children_.begin(), children_.end(),
                           [pid](const auto& entry) { return entry.second.pid == pid; });
    if (it != children_.end()) Finish(it, status);
  }
}

void ProcessSupervisor::Finish(std::map<std::uint32_t, Child>::iterator it, int wait_status) {
  Child& child = it->second;
  // What it wrote before it ended is in the pipes now; a descendant that keeps
  // them open must not hold up the result, so read what is there, and what
  // the descendant writes later is drained apart (orphaned_).
  Drain(&child.fds.stdout_fd, &child.out);
  Drain(&child.fds.stderr_fd, &child.err);
  for (int* fd : {&child.fds.stdout_fd, &child.fds.stderr_fd}) {
    if (*fd >= 0) orphaned_.push_back(std::exchange(*fd, -1));
  }
  CloseFd(&child.fds.stdin_fd);
  // What it left running (a daemonised server) lives on until the sandbox ends.
  ProcessOutcome outcome = child.timed_out ? ProcessOutcome(TimedOut{child.timeout})
                                           : OutcomeFromWaitStatus(wait_status, child.stopped);
  finished_.emplace_back(it->first, ProcessResult{std::move(outcome), std::move(child.out),
                                                  std::move(child.err),
                                                  Clock::now() - child.started, child.stopped});
  children_.erase(it);
}

void ProcessSupervisor::EnforceDeadlines() {
  Clock::time_point now = Clock::now();
  for (auto& [id, child] : children_) {
    if (child.timeout_at && now >= *child.timeout_at && !child.timed_out && !child.stopped) {
      child.timed_out = true;
      KillGroup(child.pid, SIGKILL);
    }
    if (child.kill_at && now >= *child.kill_at) {
      child.kill_at.reset();
      KillGroup(child.pid, SIGKILL);
    }
  }
}

int ProcessSupervisor::MillisecondsToNextDeadline() const {
  std::optional<Clock::time_point> next;
  for (const auto& [id, child] : children_) {
    for (const auto& at : {child.timed_out || child.stopped ? std::nullopt : child.timeout_at,
                           child.kill_at}) {
      if (at && (!next || *at < *next)) next = at;
    }
  }
  if (!next) return -1;
  auto wait = std::chrono::ceil<std::chrono::milliseconds>(*next - Clock::now()).count();
  return static_cast<int>(std::clamp<decltype(wait)>(wait, 0, 60'000));
}

std::vector<std::pair<std::uint32_t, ProcessResult>> ProcessSupervisor::TakeFinished() {
  return std::exchange(finished_, {});
}

}  // namespace wirecheck
