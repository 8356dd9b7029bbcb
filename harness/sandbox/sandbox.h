#pragma once
// One run's sandbox: a user + network + PID namespace made by wirecheck
// itself, without root, with `lo` up, and an init process inside that starts,
// watches and stops the run's programs (ProcessLauncher). Parallel runs can
// use the same port; a program reaches no outside network; nothing survives
// Close(): init is PID 1 of the namespace, and when it exits the kernel kills
// every process left in it, daemonised and double-forked ones included.
//
// Where namespaces are not permitted, Create() falls back to the host's
// loopback and says in *warning what isolation is missing and how to get it.
// docs/sandbox.md has what was measured, as root and as an ordinary user.
//
// Thread-safe (a mutex guards the channel to init), so processes may be
// started, waited for and stopped from several threads; the runner itself
// uses one thread.

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "harness/process/privileges.h"
#include "harness/process/process_launcher.h"
#include "harness/sandbox/frame_channel.h"
#include "harness/sandbox/namespaces.h"
#include "harness/sandbox/run_cgroup.h"

namespace wirecheck {

struct SandboxOptions {
  bool allow_host_fallback = true;   // false: no namespaces is an error
  bool force_host_loopback = false;  // skip the namespaces (tests, --no-sandbox)
  /// Root only: the unprivileged user the programs are on the host's files
  /// (the run's root is mapped to it; on the host fallback they switch to
  /// it). Empty: root's programs keep root's access to the host's files.
  ProgramIdentity run_as;
  /// Set: the run also gets a mount namespace and a filesystem of its own
  /// (run_filesystem.h), where the host shows only what this lists and its
  /// system folders, read-only. Unset: the host's filesystem as it is.
  std::optional<FilesystemView> filesystem;
  /// Set: the run's programs get a cgroup with these caps where the machine
  /// gives one (run_cgroup.h); where it does not, cgroup_missing() says why
  /// and only the per-program limits hold.
  std::optional<CgroupLimits> cgroup;
};

class Sandbox : public ProcessLauncher {
 public:
  /// Null with *err when no sandbox could be made at all. *warning is set
  /// (and the sandbox usable) when it fell back to the host's loopback.
  static std::unique_ptr<Sandbox> Create(const SandboxOptions& options, std::string* warning,
                                         std::string* err);
  ~Sandbox() override;
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  Isolation isolation() const { return init_.isolation; }
  /// init's pid as wirecheck sees it: /proc/<pid>/ns/net is the run's network.
  pid_t init_pid() const { return init_.init; }
  /// The run's ip_local_port_range, read inside its network namespace;
  /// nullopt on the host's loopback (the host's own range applies there).
  std::optional<std::pair<int, int>> local_port_range() const {
    if (init_.local_ports_to == 0) return std::nullopt;
    return std::pair{init_.local_ports_from, init_.local_ports_to};
  }

  /// Why the run has no cgroup although one was asked for; empty otherwise.
  const std::string& cgroup_missing() const { return cgroup_missing_; }
  /// The cgroup's counters (zero without one). A program the kernel killed
  /// for the memory cap has Signaled::memory_cap set in its result.
  CgroupUsage cgroup_usage() const { return cgroup_ ? cgroup_->Usage() : CgroupUsage{}; }

  /// Every wait for init ends by `deadline`: past it, init is taken as hung
  /// (stopped, starved), the keeper is killed (and with it init and every
  /// program), and each call fails with the reason. A run sets it to its
  /// timeout plus a grace, so the scenario's timeout always ends the run.
  void set_deadline(std::chrono::steady_clock::time_point deadline);

  bool Start(const ProcessSpec& spec, ProcessId* id, std::string* err) override;
  bool Wait(ProcessId id, ProcessResult* result, std::string* err) override;
  bool Poll(ProcessId id, ProcessResult* result) override;
  void Stop(ProcessId id, std::chrono::nanoseconds grace) override;

  /// socket(domain, type, protocol) made inside the run's network namespace
  /// and handed over: scripted peers connect and bind with it; a
  /// NETLINK_SOCK_DIAG socket queries the run's socket tables. -1 with *err.
  int OpenSocket(int domain, int type, int protocol, std::string* err);
  /// A network namespace for another host of the run (lo up, owned by the
  /// run's user namespace), made and kept by init: a program whose
  /// ProcessSpec::network is its number (1 for the first made) starts in it.
  /// The descriptor returned is wirecheck's (close-on-exec), to hand to a
  /// RunInside() child that puts the wire's TUN device there. -1 with *err.
  int OpenHostNetwork(int* number, std::string* err);
  /// The text of /proc/net/<name> ("tcp", "udp6", ...) of the run's network.
  bool ReadNetFile(std::string_view name, std::string* text, std::string* err);

  /// Forks a child of wirecheck that joins the run's user and network
  /// namespaces (setns) and returns body()'s value as its exit code: for work
  /// that must open its own sockets inside, such as a libpcap capture of the
  /// run's `lo`. Call it before starting threads that hold locks body needs.
  /// The child is killed by Close() if still running. -1 with *err.
  pid_t RunInside(const std::function<int()>& body, std::string* err);
  /// SIGTERM to a RunInside() child, SIGKILL after grace; its wait status.
  int FinishInside(pid_t pid, std::chrono::nanoseconds grace);
  /// Waits for a RunInside() child to end by itself; its wait status.
  int WaitInside(pid_t pid);
  /// A RunInside() child that has reported all it had to and now ends by
  /// itself is no longer waited for: Close() neither kills nor waits for it,
  /// and it is reaped later without blocking. (The capture closes libpcap
  /// after it reported; closing a packet socket waits ~25 ms in the kernel.)
  void ReleaseInside(pid_t pid);

  /// Ends every program of the run: init kills what it started and exits,
  /// and with it every process left in the PID namespace. The network
  /// namespace lives on while a RunInside() child or a socket made by
  /// OpenSocket() holds it, so the capture can drain and the socket tables
  /// can still be read. Idempotent.
  void EndPrograms();
  /// EndPrograms(), then children of RunInside() are killed; all reaped,
  /// released ones excepted. Idempotent.
  void Close();

 private:
  Sandbox(InitProcess init, std::unique_ptr<RunCgroup> cgroup, std::string cgroup_missing);
  /// Before the first program: the keeper and init into the run's cgroup,
  /// and so every process they make from then on. Not at Create(): moving a
  /// process waits for an RCU grace period (5-16 ms measured, cgroup v1),
  /// which here overlaps the capture's own (its ring opens meanwhile).
  bool JoinCgroup(std::string* err);
  /// A SIGKILL no one in wirecheck sent, while the cgroup counts more
  /// memory kills than were told: the kernel's, for the memory cap.
  void NoteMemoryKill(ProcessResult* result);
  bool PumpUntil(std::unique_lock<std::mutex>& lock, const std::function<bool()>& done,
                 bool block, std::string* err);
  void Dispatch(const std::string& frame);

  InitProcess init_;
  FrameChannel channel_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool reading_ = false;
  bool broken_ = false;
  std::string broken_reason_;
  ProcessId next_id_ = 1;
  std::map<ProcessId, std::int64_t> started_;  // id -> pid inside
  std::map<ProcessId, ProcessResult> finished_;
  std::size_t sockets_requested_ = 0;
  std::size_t sockets_received_ = 0;
  std::map<std::size_t, std::pair<int, int>> sockets_;  // ticket -> (errno, fd)
  int host_networks_ = 0;  // made by OpenHostNetwork()
  std::vector<pid_t> inside_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  bool programs_ended_ = false;
  std::unique_ptr<RunCgroup> cgroup_;
  std::string cgroup_missing_;
  bool cgroup_joined_ = false;
  std::uint64_t memory_kills_told_ = 0;
  std::uint64_t memory_cap_ = 0;
  bool closed_ = false;
};

}  // namespace wirecheck
