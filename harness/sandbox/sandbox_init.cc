#include "harness/sandbox/sandbox_init.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <string>
#include <vector>

#include "harness/process/privileges.h"
#include "harness/process/process_supervisor.h"
#include "harness/sandbox/frame_channel.h"
#include "harness/sandbox/namespaces.h"
#include "harness/sandbox/sandbox_protocol.h"

namespace wirecheck {
namespace {

namespace protocol = sandbox_protocol;

// The children of pid (CONFIG_PROC_CHILDREN), for the fallback's clean-up.
std::vector<pid_t> ChildrenOf(pid_t pid) {
  std::vector<pid_t> out;
  std::ifstream in("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children");
  long child;
  while (in >> child) out.push_back(static_cast<pid_t>(child));
  return out;
}

void CollectDescendants(pid_t pid, std::vector<pid_t>* out) {
  for (pid_t child : ChildrenOf(pid)) {
    out->push_back(child);
    CollectDescendants(child, out);
  }
}

// Kills every descendant until none is left: each one that dies re-parents its
// children to us (the subreaper), and each wait wakes us to kill again.
void KillDescendants() {
  while (true) {
    std::vector<pid_t> all;
    CollectDescendants(getpid(), &all);
    for (pid_t pid : all) kill(pid, SIGKILL);
    if (waitpid(-1, nullptr, 0) < 0 && errno == ECHILD) return;
  }
}

class InitLoop {
 public:
  InitLoop(int channel_fd, int signal_fd, ProgramIdentity identity)
      : channel_(channel_fd), signal_fd_(signal_fd), supervisor_(identity) {}

  void Run() {
    while (!done_) {
      std::vector<pollfd> fds = {{channel_.fd(), POLLIN, 0}, {signal_fd_, POLLIN, 0}};
      if (channel_.has_queued()) fds[0].events |= POLLOUT;
      supervisor_.AddPollFds(&fds);
      int wait = supervisor_.MillisecondsToNextDeadline();
      if (poll(fds.data(), fds.size(), wait) < 0 && errno != EINTR) break;
      if (fds[1].revents != 0) {
        signalfd_siginfo info;
        while (read(signal_fd_, &info, sizeof info) == sizeof info) {
        }
      }
      supervisor_.HandlePollFds(fds);
      supervisor_.Reap();
      supervisor_.EnforceDeadlines();
      for (auto& [id, result] : supervisor_.TakeFinished()) {
        channel_.Queue(protocol::Encode(protocol::FinishedEvent{id, std::move(result)}), -1);
      }
      if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) ReadRequests();
      std::string err;
      if (!channel_.Flush(&err)) break;
    }
  }

 private:
  void ReadRequests() {
    std::string err;
    if (!channel_.Receive(&err)) {
      done_ = true;  // wirecheck is gone or closed the channel: end the run
      return;
    }
    while (std::optional<std::string> frame = channel_.NextFrame()) {
      protocol::Request request;
      if (!protocol::Decode(*frame, &request)) {
        done_ = true;
        return;
      }
      Handle(request);
    }
  }

  void Handle(const protocol::Request& request) {
    if (auto* start = std::get_if<protocol::StartRequest>(&request)) {
      ProcessSpec spec = start->spec;
      if (spec.network > 0 && static_cast<std::size_t>(spec.network) <= networks_.size()) {
        spec.network_fd = networks_[static_cast<std::size_t>(spec.network) - 1];
      } else if (spec.network != 0) {
        spec.network_fd = -2;   // no such network: the child fails to start (EBADF)
      }
      pid_t pid = supervisor_.Start(start->id, spec);
      channel_.Queue(protocol::Encode(protocol::StartedEvent{start->id, pid}), -1);
      for (auto& [id, result] : supervisor_.TakeFinished()) {
        channel_.Queue(protocol::Encode(protocol::FinishedEvent{id, std::move(result)}), -1);
      }
    } else if (auto* stop = std::get_if<protocol::StopRequest>(&request)) {
      supervisor_.Stop(stop->id, stop->grace);
    } else if (auto* s = std::get_if<protocol::SocketRequest>(&request)) {
      int fd = socket(s->domain, s->type | SOCK_CLOEXEC, s->protocol);
      channel_.Queue(protocol::Encode(protocol::SocketEvent{fd < 0 ? errno : 0}), fd);
    } else if (std::holds_alternative<protocol::NetworkRequest>(request)) {
      int fd = MakeHostNetwork();
      channel_.Queue(protocol::Encode(protocol::SocketEvent{fd < 0 ? errno : 0}), fd < 0 ? -1 : dup(fd));
    } else {
      done_ = true;
    }
  }

  // Another host's network: a namespace of its own (init has every
  // capability in the run's user namespace, which owns it) with `lo` up and
  // every port bindable, as the run's own. init keeps it (programs of that
  // host setns into it) and stays in its own. -1 with errno.
  int MakeHostNetwork() {
    int own = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    if (own < 0) return -1;
    int made = -1;
    if (unshare(CLONE_NEWNET) == 0) {
      if (BringLoopbackUp()) {
        int port_start = open("/proc/sys/net/ipv4/ip_unprivileged_port_start", O_WRONLY | O_CLOEXEC);
        if (port_start >= 0) {
          ssize_t ignored = write(port_start, "0", 1);
          (void)ignored;
          close(port_start);
        }
        made = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
      }
      int saved = errno;
      if (setns(own, CLONE_NEWNET) != 0) _exit(1);   // init must never stay in another host's network
      errno = saved;
    }
    close(own);
    if (made >= 0) networks_.push_back(made);
    return made;
  }

  FrameChannel channel_;
  std::vector<int> networks_;   // the other hosts' network namespaces, in the order made
  int signal_fd_;
  ProcessSupervisor supervisor_;
  bool done_ = false;
};

}  // namespace

void CloseDescriptorsExcept(std::initializer_list<int> keep) {
  unsigned from = 3;
  std::vector<int> sorted(keep);
  std::sort(sorted.begin(), sorted.end());
  for (int fd : sorted) {
    if (fd < 3) continue;
    if (static_cast<unsigned>(fd) > from) syscall(SYS_close_range, from, static_cast<unsigned>(fd) - 1, 0u);
    from = static_cast<unsigned>(fd) + 1;
  }
  syscall(SYS_close_range, from, ~0u, 0u);
}

void RunSandboxInit(int channel_fd, bool kill_orphans, const ProgramIdentity& identity) {
  CloseDescriptorsExcept({channel_fd});
  // Not dumpable: a process needs CAP_SYS_PTRACE in init's user namespace to
  // ptrace it, read its /proc/<pid>/fd or take its descriptors (pidfd_getfd),
  // and the programs have no capability (privileges.h). Its children are
  // dumpable again from their exec.
  prctl(PR_SET_DUMPABLE, 0);
  setpgid(0, 0);  // out of the terminal's group: Ctrl-C goes to wirecheck, which decides
  if (kill_orphans) prctl(PR_SET_CHILD_SUBREAPER, 1);
  signal(SIGPIPE, SIG_IGN);
  signal(SIGINT, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  signal(SIGTERM, SIG_IGN);
  sigset_t child;
  sigemptyset(&child);
  sigaddset(&child, SIGCHLD);
  sigprocmask(SIG_BLOCK, &child, nullptr);
  int signal_fd = signalfd(-1, &child, SFD_NONBLOCK | SFD_CLOEXEC);
  fcntl(channel_fd, F_SETFL, fcntl(channel_fd, F_GETFL) | O_NONBLOCK);
  {
    InitLoop loop(channel_fd, signal_fd, identity);
    loop.Run();
  }  // the supervisor's destructor kills and reaps what it started
  if (kill_orphans) KillDescendants();
  _exit(0);
}

}  // namespace wirecheck
