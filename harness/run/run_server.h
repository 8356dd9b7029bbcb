#pragma once
// The server of one run: a program started in the sandbox, or a scripted
// peer in the run's PeerLoop; ready when the socket tables show it listening
// (TCP) or bound (UDP) on the scenario's port, never by connecting; its
// welcome socket read once the run has settled after the clients; stopped
// (SIGTERM then SIGKILL after a grace, or waited for with `stop: wait`).

#include <optional>
#include <string>

#include "harness/peers/peer_loop.h"
#include "harness/run/readiness.h"
#include "harness/run/run_activity.h"
#include "harness/run/run_context.h"
#include "harness/verify/run_facts.h"

namespace wirecheck {

/// The welcome socket after the clients, read when the run has settled
/// (run_settled.h): for a program that only reacts to its clients, the
/// same answer however fast the machine or the program is.
struct WelcomeSocketAfterClients {
  std::optional<bool> listening;       // absent when the tables cannot be read
  bool started_process_ended = false;  // the process wirecheck started had ended by then
};

class ServerRunner {
 public:
  explicit ServerRunner(const RunContext& run) : run_(run) {}
  /// Starts the server and waits until it is ready, exits, or ready_timeout
  /// passes (or, with activity, it waits idle on the wrong socket); kError:
  /// the sandbox failed (*err) or wirecheck was interrupted.
  Readiness Start(SocketTableSource& tables, RunActivity* activity, std::string* err);
  /// Whether it still listens (TCP) / is bound (UDP) once the run has
  /// settled (a program server, with activity; at most kSettleBound) or now
  /// (a scripted server, whose steps do not run meanwhile).
  WelcomeSocketAfterClients AfterClients(SocketTableSource& tables, RunActivity* activity);
  /// Stops it as the scenario says; returns once it has ended.
  void Stop();

  const std::optional<ProcessRun>& process() const { return process_; }
  const std::string& command() const { return command_; }
  std::optional<PeerLoop::PeerId> peer() const { return peer_; }

 private:
  Readiness WaitForScript(SocketTableSource& tables);
  ReadinessQuery Query() const;

  const RunContext& run_;
  std::optional<ProcessId> id_;
  std::optional<ProcessRun> process_;   // once it has ended
  std::optional<PeerLoop::PeerId> peer_;
  std::string command_;
};

}  // namespace wirecheck
