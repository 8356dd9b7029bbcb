#include "harness/sandbox/sandbox.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <vector>

#include "harness/process/interrupt.h"
#include "harness/sandbox/sandbox_protocol.h"

namespace wirecheck {
namespace {

namespace protocol = sandbox_protocol;

void Reap(pid_t pid) {
  while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

// Released RunInside() children of every sandbox of this process, reaped
// without blocking whenever a sandbox is made or closed; those still running
// when wirecheck exits end by themselves.
struct Released {
  std::mutex mu;
  std::vector<pid_t> pids;
};
Released& ReleasedChildren() {
  static Released released;
  return released;
}

void ReapReleased(std::optional<pid_t> add = std::nullopt) {
  Released& released = ReleasedChildren();
  std::lock_guard lock(released.mu);
  if (add) released.pids.push_back(*add);
  std::erase_if(released.pids, [](pid_t pid) {
    int status = 0;
    const pid_t r = waitpid(pid, &status, WNOHANG);
    return r == pid || (r < 0 && errno == ECHILD);
  });
}

}  // namespace

std::unique_ptr<Sandbox> Sandbox::Create(const SandboxOptions& options, std::string* warning,
                                         std::string* err) {
  ReapReleased();
  InitProcess init;
  std::unique_ptr<RunCgroup> cgroup;
  std::string cgroup_missing;
  if (options.cgroup) cgroup = RunCgroup::Create(*options.cgroup, &cgroup_missing);
  auto made = [&] {
    std::unique_ptr<Sandbox> sandbox(new Sandbox(init, std::move(cgroup), std::move(cgroup_missing)));
    sandbox->memory_cap_ = options.cgroup ? options.cgroup->memory_bytes : 0;
    return sandbox;
  };
  if (!options.force_host_loopback) {
    NamespaceFailure failure;
    const FilesystemView* view = options.filesystem ? &*options.filesystem : nullptr;
    if (StartNamespacedInit(options.run_as, view, &init, &failure)) return made();
    if (failure.kind == NamespaceFailure::Kind::kFilesystem) {
      *err = NamespaceFailureText(failure);
      return nullptr;
    }
    if (!options.allow_host_fallback || failure.kind == NamespaceFailure::Kind::kOther) {
      *err = "cannot create the run's sandbox: " + failure.step + ": " +
             std::strerror(failure.error_number);
      if (failure.kind != NamespaceFailure::Kind::kOther) {
        *err = "cannot create the run's sandbox: " + NamespaceFailureText(failure) + ". " +
               NamespaceAdvice(failure);
      }
      return nullptr;
    }
    *warning = FallbackWarning(failure);
  }
  if (!StartHostInit(options.run_as, &init, err)) return nullptr;
  return made();
}

Sandbox::Sandbox(InitProcess init, std::unique_ptr<RunCgroup> cgroup, std::string cgroup_missing)
    : init_(init), channel_(init.channel_fd), cgroup_(std::move(cgroup)), cgroup_missing_(std::move(cgroup_missing)) {}

bool Sandbox::JoinCgroup(std::string* err) {
  if (cgroup_ == nullptr || cgroup_joined_) return true;
  std::string why;
  if (!cgroup_->Add(init_.child, &why) || (init_.init != init_.child && !cgroup_->Add(init_.init, &why))) {
    *err = "cannot put the run into its cgroup: " + why;
    return false;
  }
  cgroup_joined_ = true;
  return true;
}

void Sandbox::NoteMemoryKill(ProcessResult* result) {
  auto* signaled = std::get_if<Signaled>(&result->outcome);
  if (cgroup_ == nullptr || signaled == nullptr || signaled->signal != SIGKILL || signaled->sent_by_wirecheck) return;
  // The kernel counts the kill before the process is gone, so before init
  // can tell of its end.
  const std::uint64_t kills = cgroup_->Usage().oom_kills;
  if (kills <= memory_kills_told_) return;
  ++memory_kills_told_;
  signaled->memory_cap = memory_cap_;
}

Sandbox::~Sandbox() { Close(); }

void Sandbox::set_deadline(std::chrono::steady_clock::time_point deadline) {
  std::lock_guard lock(mu_);
  deadline_ = deadline;
}

bool Sandbox::Start(const ProcessSpec& spec, ProcessId* id, std::string* err) {
  std::unique_lock lock(mu_);
  ProcessId mine = next_id_++;
  if (broken_) {
    *err = broken_reason_;
    return false;
  }
  if (!JoinCgroup(err)) return false;
  if (!channel_.Send(protocol::Encode(protocol::StartRequest{mine, spec}), -1, err)) return false;
  if (!PumpUntil(lock, [&] { return started_.count(mine) > 0; }, true, err)) return false;
  *id = mine;
  return true;
}

bool Sandbox::Wait(ProcessId id, ProcessResult* result, std::string* err) {
  std::unique_lock lock(mu_);
  if (!PumpUntil(lock, [&] { return finished_.count(id) > 0; }, true, err)) return false;
  *result = finished_.at(id);
  return true;
}

bool Sandbox::Poll(ProcessId id, ProcessResult* result) {
  std::unique_lock lock(mu_);
  std::string err;
  PumpUntil(lock, [&] { return finished_.count(id) > 0; }, false, &err);
  auto it = finished_.find(id);
  if (it == finished_.end()) return false;
  *result = it->second;
  return true;
}

void Sandbox::Stop(ProcessId id, std::chrono::nanoseconds grace) {
  std::unique_lock lock(mu_);
  std::string err;
  channel_.Send(protocol::Encode(protocol::StopRequest{id, grace}), -1, &err);
}

int Sandbox::OpenSocket(int domain, int type, int protocol, std::string* err) {
  std::unique_lock lock(mu_);
  if (!channel_.Send(protocol::Encode(protocol::SocketRequest{domain, type, protocol}), -1, err)) {
    return -1;
  }
  std::size_t ticket = sockets_requested_++;
  if (!PumpUntil(lock, [&] { return sockets_.count(ticket) > 0; }, true, err)) return -1;
  auto [error_number, fd] = sockets_.at(ticket);
  sockets_.erase(ticket);
  if (fd < 0) {
    *err = std::string("cannot open a socket in the sandbox: ") + std::strerror(error_number);
    if (error_number == EMFILE) *err += " (wirecheck's own open-file limit: its descriptor could not be received)";
  }
  return fd;
}

int Sandbox::OpenHostNetwork(int* number, std::string* err) {
  std::unique_lock lock(mu_);
  if (init_.isolation != Isolation::kNamespaces) {
    *err = "the run has no network namespace of its own (running on the host's loopback): it cannot have hosts";
    return -1;
  }
  if (!channel_.Send(protocol::Encode(protocol::NetworkRequest{}), -1, err)) return -1;
  std::size_t ticket = sockets_requested_++;
  if (!PumpUntil(lock, [&] { return sockets_.count(ticket) > 0; }, true, err)) return -1;
  auto [error_number, fd] = sockets_.at(ticket);
  sockets_.erase(ticket);
  if (fd < 0) {
    *err = std::string("cannot make a host's network namespace in the sandbox: ") + std::strerror(error_number);
    return -1;
  }
  *number = ++host_networks_;
  return fd;
}

// One thread at a time reads the channel (without the lock, so others can
// send); the rest wait for what it dispatches. Interrupts end every wait.
bool Sandbox::PumpUntil(std::unique_lock<std::mutex>& lock, const std::function<bool()>& done,
                        bool block, std::string* err) {
  while (!done()) {
    if (broken_) {
      *err = broken_reason_;
      return false;
    }
    if (InterruptSignal() != 0) {
      *err = "interrupted";
      return false;
    }
    if (reading_) {
      if (!block) return false;
      cv_.wait(lock);
      continue;
    }
    int timeout_ms = block ? -1 : 0;
    if (block && deadline_) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline_ - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        // init did not answer in time: end the whole sandbox from outside.
        kill(init_.child, SIGKILL);
        broken_ = true;
        broken_reason_ = "the run's init stopped answering and was killed at the run's deadline";
        cv_.notify_all();
        continue;
      }
      timeout_ms = static_cast<int>(left.count());
    }
    reading_ = true;
    lock.unlock();
    pollfd fds[2] = {{channel_.fd(), POLLIN, 0}, {InterruptFd(), POLLIN, 0}};
    int ready = poll(fds, InterruptFd() >= 0 ? 2 : 1, timeout_ms);
    std::string receive_error;
    bool alive = true;
    if (ready > 0 && fds[0].revents != 0) alive = channel_.Receive(&receive_error);
    lock.lock();
    reading_ = false;
    if (!alive) {
      broken_ = true;
      broken_reason_ = "the sandbox ended unexpectedly (" + receive_error + ")";
    }
    while (std::optional<std::string> frame = channel_.NextFrame()) Dispatch(*frame);
    cv_.notify_all();
    if (!block && ready <= 0) return done();
  }
  return true;
}

void Sandbox::Dispatch(const std::string& frame) {
  protocol::Event event;
  if (!protocol::Decode(frame, &event)) {
    broken_ = true;
    broken_reason_ = "the sandbox sent a malformed message";
    return;
  }
  if (auto* started = std::get_if<protocol::StartedEvent>(&event)) {
    started_[started->id] = started->pid;
  } else if (auto* finished = std::get_if<protocol::FinishedEvent>(&event)) {
    NoteMemoryKill(&finished->result);
    finished_.insert_or_assign(finished->id, std::move(finished->result));
  } else if (auto* socket = std::get_if<protocol::SocketEvent>(&event)) {
    // The sandbox made the socket; its descriptor may still be lost on the way.
    int error_number = socket->error_number;
    const int fd = error_number == 0 ? channel_.TakeFd(&error_number) : -1;
    sockets_[sockets_received_++] = {error_number, fd};
  }
}

bool Sandbox::ReadNetFile(std::string_view name, std::string* text, std::string* err) {
  std::string path = "/proc/" + std::to_string(init_.child) + "/net/" + std::string(name);
  std::ifstream in(path);
  std::ostringstream content;
  if (!in || !(content << in.rdbuf())) {
    *err = "cannot read " + path + ": " + std::strerror(errno);
    return false;
  }
  *text = content.str();
  return true;
}

pid_t Sandbox::RunInside(const std::function<int()>& body, std::string* err) {
  int user_fd = -1, net_fd = -1;
  if (init_.isolation == Isolation::kNamespaces) {
    std::string base = "/proc/" + std::to_string(init_.child) + "/ns/";
    user_fd = open((base + "user").c_str(), O_RDONLY | O_CLOEXEC);
    net_fd = open((base + "net").c_str(), O_RDONLY | O_CLOEXEC);
    if (user_fd < 0 || net_fd < 0) {
      *err = "cannot open the sandbox's namespaces in " + base + ": " + std::strerror(errno);
      if (user_fd >= 0) close(user_fd);
      if (net_fd >= 0) close(net_fd);
      return -1;
    }
  }
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);
    if (user_fd >= 0 && (setns(user_fd, CLONE_NEWUSER) != 0 || setns(net_fd, CLONE_NEWNET) != 0)) {
      _exit(126);
    }
    _exit(body());
  }
  int saved = errno;
  if (user_fd >= 0) close(user_fd);
  if (net_fd >= 0) close(net_fd);
  if (pid < 0) {
    *err = std::string("cannot fork: ") + std::strerror(saved);
    return -1;
  }
  std::lock_guard lock(mu_);
  inside_.push_back(pid);
  return pid;
}

int Sandbox::FinishInside(pid_t pid, std::chrono::nanoseconds grace) {
  {
    std::lock_guard lock(mu_);
    auto it = std::find(inside_.begin(), inside_.end(), pid);
    if (it == inside_.end()) return -1;
    inside_.erase(it);
  }
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  kill(pid, grace.count() > 0 ? SIGTERM : SIGKILL);
  if (pidfd >= 0) {
    pollfd p{pidfd, POLLIN, 0};
    auto ms = std::chrono::ceil<std::chrono::milliseconds>(grace).count();
    if (poll(&p, 1, static_cast<int>(ms)) == 0) kill(pid, SIGKILL);
    close(pidfd);
  } else {
    kill(pid, SIGKILL);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

int Sandbox::WaitInside(pid_t pid) {
  int status = -1;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  std::lock_guard lock(mu_);
  auto it = std::find(inside_.begin(), inside_.end(), pid);
  if (it != inside_.end()) inside_.erase(it);
  return status;
}

void Sandbox::ReleaseInside(pid_t pid) {
  {
    std::lock_guard lock(mu_);
    auto it = std::find(inside_.begin(), inside_.end(), pid);
    if (it == inside_.end()) return;
    inside_.erase(it);
  }
  ReapReleased(pid);
}

void Sandbox::EndPrograms() {
  {
    std::unique_lock lock(mu_);
    if (programs_ended_) return;
    programs_ended_ = true;
    std::string err;
    channel_.Send(protocol::Encode(protocol::ShutdownRequest{}), -1, &err);
  }
  // init exits after killing what it started; the keeper exits after init.
  // Should init hang, killing the keeper kills init too (its parent-death signal).
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, init_.child, 0));
  pollfd p{pidfd, POLLIN, 0};
  if (pidfd < 0 || poll(&p, 1, 5000) == 0) kill(init_.child, SIGKILL);
  if (pidfd >= 0) close(pidfd);
  Reap(init_.child);
  close(init_.channel_fd);
  std::lock_guard lock(mu_);
  broken_ = true;
  broken_reason_ = "the sandbox is closed";
  cv_.notify_all();
}

void Sandbox::Close() {
  std::vector<pid_t> inside;
  {
    std::lock_guard lock(mu_);
    if (closed_) return;
    closed_ = true;
    inside.swap(inside_);
  }
  EndPrograms();
  for (pid_t pid : inside) {
    kill(pid, SIGKILL);
    Reap(pid);
  }
  ReapReleased();
  // After init and the keeper are gone: what is left in it is killed, and
  // the group removed.
  if (cgroup_) cgroup_->Close(nullptr);
}

}  // namespace wirecheck
