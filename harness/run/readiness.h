#pragma once
// "The server is ready": read from the run's socket tables, never by
// connecting (a probe connection would be in the capture). Judge() is the
// pure decision on one snapshot; WaitUntilReady() polls snapshots until the
// server listens (TCP) or has bound (UDP) the expected port, exits, sits
// idle on the wrong socket (IdleOnWrongSocket), or the deadline passes, and
// says exactly which — including "listens on another port", "bound UDP
// instead of TCP" and "the process wirecheck started is gone: one it left
// behind listens".

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "harness/process/process_launcher.h"
#include "harness/run/run_activity.h"
#include "harness/sandbox/socket_table.h"

namespace wirecheck {

class Sandbox;

struct ReadinessQuery {
  SocketProtocol protocol = SocketProtocol::kTcp;
  std::uint16_t port = 0;
  /// Host fallback: the tables hold every process's sockets, so sockets on
  /// other ports prove nothing about the server; only the port is looked at.
  bool whole_table_is_the_run = true;
};

struct Judgement {
  enum class Kind {
    kReady,          // LISTEN (TCP) / bound (UDP) on the port: socket is set
    kNotYet,         // nothing of the server's yet
    kOtherPort,      // the protocol is right, the port is not: other_ports
    kOtherProtocol,  // the port is right, the protocol is not (UDP bound instead of TCP, ...)
  };
  Kind kind = Kind::kNotYet;
  SocketEntry socket;                     // kReady, kOtherProtocol
  std::vector<std::uint16_t> other_ports; // kOtherPort
};

/// The verdict on one snapshot of the TCP and UDP tables (both families).
Judgement Judge(const ReadinessQuery& query, const std::vector<SocketEntry>& sockets);

/// "Not listening" decided before the timeout, once it is certain: the
/// server's sockets show the wrong picture (another port, or the other
/// protocol on the port), the same picture on every look for kFor, and
/// every thread of the run idle (waiting for an event) on each of those
/// looks. A server that opens another socket first (a UDP socket for its
/// log, an admin port) and is still starting up is running, not idle, and
/// is waited for; a server that sleeps on a timer longer than kFor before
/// its welcome socket is the one case judged too early. Pure.
class IdleOnWrongSocket {
 public:
  static constexpr std::chrono::milliseconds kFor{200};
  /// One look at `at` since the start: its judgement and whether the run was
  /// idle. True once certain.
  bool Look(const Judgement& judgement, bool idle, std::chrono::nanoseconds at);

 private:
  std::optional<Judgement> picture_;
  std::chrono::nanoseconds since_{};
};

/// Which sockets a snapshot needs. Asking for no more than a decision needs
/// keeps polling cheap: a dump of TCP sockets in connection states walks the
/// kernel's whole established hash (shared by every namespace; ~0.5 ms per
/// family measured here), while LISTEN sockets alone are a short list.
struct SocketFilter {
  bool tcp = true;
  bool udp = true;
  std::uint32_t tcp_states = ~0u;  // bit 1 << TcpState
  /// TCP LISTEN sockets and, for UDP servers, UDP sockets: what a server's
  /// readiness is judged on.
  static SocketFilter Servers(SocketProtocol protocol);
  /// TCP LISTEN and UDP sockets: also "bound UDP instead of TCP".
  static SocketFilter ServersOfBothProtocols();
  /// TCP sockets in any of `states` only.
  static SocketFilter TcpIn(std::initializer_list<std::span<const TcpState>> states);
  bool Wants(const SocketEntry& s) const;
};

/// Where snapshots come from (the seam for tests).
class SocketTableSource {
 public:
  virtual ~SocketTableSource() = default;
  /// The TCP and UDP sockets the filter wants, IPv4 and IPv6. False with *err.
  virtual bool Snapshot(const SocketFilter& filter, std::vector<SocketEntry>* sockets, std::string* err) = 0;
  /// Every TCP and UDP socket.
  bool Snapshot(std::vector<SocketEntry>* sockets, std::string* err) { return Snapshot(SocketFilter{}, sockets, err); }
};

/// A sandbox's tables: sock_diag (with backlogs) through a netlink socket made
/// inside it; /proc/<init>/net/* when netlink is unavailable (backlog 0).
class SandboxSocketTables : public SocketTableSource {
 public:
  explicit SandboxSocketTables(Sandbox* sandbox) : sandbox_(sandbox) {}
  ~SandboxSocketTables() override;
  using SocketTableSource::Snapshot;
  bool Snapshot(const SocketFilter& filter, std::vector<SocketEntry>* sockets, std::string* err) override;
  bool using_sock_diag() const { return netlink_fd_ >= 0; }

 private:
  Sandbox* sandbox_;
  int netlink_fd_ = -1;
  bool tried_netlink_ = false;
};

struct Readiness {
  enum class Kind {
    kReady,
    kExited,         // the server ended first: exited holds its result
    kNotListening,   // the deadline passed (with what was seen in `last`)
    kError,          // the tables could not be read, or wirecheck was interrupted
  };
  Kind kind = Kind::kNotListening;
  Judgement last;                         // the last snapshot's verdict
  std::optional<ProcessResult> exited;
  /// kReady, but the process wirecheck started had already ended when the
  /// socket was seen: a process it left behind holds it (a daemonised server).
  std::optional<ProcessResult> started_process_ended;
  std::chrono::nanoseconds waited{};
  std::string message;                    // the sentence for the report
};

/// Polls source (every 1 ms for 100 ms, then backing off to 20 ms) until ready, the
/// server (id in launcher) ends, or timeout. Not a fixed sleep: it returns as
/// soon as the table shows the socket. With `activity` (and a table that is
/// the run's alone) it also ends, kNotListening, once IdleOnWrongSocket is
/// certain; without, only the timeout ends a wrong picture.
Readiness WaitUntilReady(const ReadinessQuery& query, SocketTableSource* source,
                         ProcessLauncher* launcher, ProcessId server,
                         std::chrono::nanoseconds timeout, RunActivity* activity = nullptr);

}  // namespace wirecheck
