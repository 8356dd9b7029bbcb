#pragma once
// The server of one run: a program started in the sandbox, or a scripted
// peer in the run's PeerLoop; ready when the socket tables show it listening
// (TCP) or bound (UDP) on the scenario's port, never by connecting; stopped
// after the clients (SIGTERM then SIGKILL after a grace, or waited for with
// `stop: wait`).

#include <optional>
#include <string>

#include "harness/peers/peer_loop.h"
#include "harness/run/readiness.h"
#include "harness/run/run_context.h"
#include "harness/verify/run_facts.h"

namespace wirecheck {

class ServerRunner {
 public:
  explicit ServerRunner(const RunContext& run) : run_(run) {}
  /// Starts the server and waits until it is ready, exits, or ready_timeout
  /// passes; kError: the sandbox failed (*err) or wirecheck was interrupted.
  Readiness Start(SocketTableSource& tables, std::string* err);
  /// Whether it still listens (TCP) / is bound (UDP) now; absent when the
  /// tables cannot be read.
  std::optional<bool> StillListening(SocketTableSource& tables) const;
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
