#pragma once
// The one owner of the processes of a run, living in the sandbox's init
// process (or, without namespaces, in its stand-in): starts them, feeds their
// stdin, captures their output, enforces their wall-clock timeouts, stops them
// on request, reaps them (and any orphan that lands on it), and reports each
// one's ProcessResult once. Single-threaded: the caller's poll() loop asks it
// for descriptors and a timeout and hands back what became ready.

#include <poll.h>
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "harness/model/process_spec.h"
#include "harness/process/child_process.h"
#include "harness/process/privileges.h"

namespace wirecheck {

class ProcessSupervisor {
 public:
  using Clock = std::chrono::steady_clock;

  /// Programs start as `identity`, and without privileges (privileges.h).
  explicit ProcessSupervisor(ProgramIdentity identity = {}) : identity_(identity) {}
  ProcessSupervisor(const ProcessSupervisor&) = delete;
  ProcessSupervisor& operator=(const ProcessSupervisor&) = delete;
  ~ProcessSupervisor();

  /// Starts spec under the caller-chosen id. A program that cannot start
  /// finishes at once with FailedToStart. Returns its pid (0 when it failed).
  pid_t Start(std::uint32_t id, const ProcessSpec& spec);
  /// SIGTERM to its process group now, SIGKILL after grace; its outcome then
  /// says the signal was sent by wirecheck. No-op for an unknown or ended id.
  void Stop(std::uint32_t id, std::chrono::nanoseconds grace);
  /// SIGKILL to every process group still running (at shutdown).
  void KillAll();

  /// Appends the descriptors to watch (stdout, stderr, stdin with bytes left).
  void AddPollFds(std::vector<pollfd>* fds) const;
  /// Reads and writes whatever the poll() marked ready (other fds ignored).
  void HandlePollFds(const std::vector<pollfd>& fds);
  /// Collects every ended child (waitpid(-1, WNOHANG)), orphans included.
  void Reap();
  /// Sends SIGKILL to every process past its timeout or stop grace.
  void EnforceDeadlines();
  /// Milliseconds until the next deadline, -1 when none (for poll()).
  int MillisecondsToNextDeadline() const;

  /// The results of processes that ended since the last call, by id.
  std::vector<std::pair<std::uint32_t, ProcessResult>> TakeFinished();

 private:
  struct Child {
    pid_t pid = -1;
    SpawnedChild fds;
    std::string stdin_left;
    OutputCapture out;
    OutputCapture err;
    Clock::time_point started;
    std::optional<Clock::time_point> timeout_at;
    std::chrono::nanoseconds timeout{};
    std::optional<Clock::time_point> kill_at;  // a Stop()'s grace ends
    bool timed_out = false;
    bool stopped = false;
  };

  void WriteStdin(Child* child);
  void Drain(int* fd, OutputCapture* capture);
  void Finish(std::map<std::uint32_t, Child>::iterator it, int wait_status);

  ProgramIdentity identity_;
  std::map<std::uint32_t, Child> children_;
  /// Output pipes of ended processes that a descendant still holds (a
  /// daemonised server's stdout): read and discarded until it closes them,
  /// so its writes never meet a closed pipe (SIGPIPE would kill it, and a
  /// daemon would look like a program that never listened).
  std::vector<int> orphaned_;
  std::vector<std::pair<std::uint32_t, ProcessResult>> finished_;
};

}  // namespace wirecheck
