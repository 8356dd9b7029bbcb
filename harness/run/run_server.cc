#include "harness/run/run_server.h"

#include "harness/process/interrupt.h"
#include "harness/run/run_settled.h"

namespace wirecheck {
namespace {

constexpr auto kStopGrace = std::chrono::seconds(1);
constexpr auto kScriptPoll = std::chrono::milliseconds(2);
// How long the run may take to settle after the clients: a program that
// reacts to them has done so within it many times over; one that never
// settles (a busy loop) has its welcome socket read at the bound.
constexpr auto kSettleBound = std::chrono::milliseconds(1000);

}  // namespace

ReadinessQuery ServerRunner::Query() const {
  ReadinessQuery query;
  query.protocol = run_.scenario.protocol == Scenario::Protocol::kUdp ? SocketProtocol::kUdp : SocketProtocol::kTcp;
  query.port = static_cast<std::uint16_t>(run_.scenario.server.port);
  query.whole_table_is_the_run = run_.own_network;
  return query;
}

Readiness ServerRunner::Start(SocketTableSource& tables, RunActivity* activity, std::string* err) {
  const ServerSpec& server = run_.scenario.server;
  const PlaceholderValues values = ProgramValues(run_.values, server.name, 1);
  if (!server.command) {
    auto plan = PreparePeerPlan(server.script, run_.scenario.protocol, run_.scenario.family, values, err);
    Readiness r;
    r.kind = Readiness::Kind::kError;
    if (!plan) return r;
    peer_ = run_.loop.Add(server.name, plan, PeerClock::now(), run_.deadline);
    return WaitForScript(tables);
  }
  ProcessSpec spec;
  const bool made = MakeProcessSpec(*server.command, values, run_.scenario.timeout, &spec, err);
  if (made) command_ = CommandText(spec);
  ProcessId id = 0;
  if (!made || !run_.launcher.Start(spec, &id, err)) {
    Readiness r;
    r.kind = Readiness::Kind::kError;
    return r;
  }
  id_ = id;
  Readiness r = WaitUntilReady(Query(), &tables, &run_.launcher, id, server.ready_timeout, activity);
  if (r.kind == Readiness::Kind::kExited && r.exited) process_ = ProcessRun{server.name, *r.exited};
  if (r.started_process_ended) process_ = ProcessRun{server.name, *r.started_process_ended};
  if (r.kind == Readiness::Kind::kError) *err = r.message;
  return r;
}

// A scripted server is ready when the tables show its socket.
Readiness ServerRunner::WaitForScript(SocketTableSource& tables) {
  const auto start = PeerClock::now();
  const auto until = start + run_.scenario.server.ready_timeout;
  Readiness r;
  std::vector<PeerLoop::PeerId> finished;
  std::string err;
  for (;;) {
    std::vector<SocketEntry> sockets;
    if (!tables.Snapshot(SocketFilter::Servers(Query().protocol), &sockets, &err)) {
      r.kind = Readiness::Kind::kError;
      r.message = err;
      return r;
    }
    r.last = Judge(Query(), sockets);
    r.waited = PeerClock::now() - start;
    if (r.last.kind == Judgement::Kind::kReady) {
      r.kind = Readiness::Kind::kReady;
      r.message = "the scripted server is listening on port " + std::to_string(run_.scenario.server.port);
      return r;
    }
    if (run_.loop.done(*peer_)) {
      r.kind = Readiness::Kind::kExited;
      r.message = "the scripted server ended before it was ready: " + Summary(run_.loop.result(*peer_));
      return r;
    }
    if (InterruptSignal() != 0 || PeerClock::now() >= until) {
      r.kind = InterruptSignal() != 0 ? Readiness::Kind::kError : Readiness::Kind::kNotListening;
      r.message = InterruptSignal() != 0 ? "interrupted" : "the scripted server did not get ready in time";
      return r;
    }
    if (!run_.loop.RunOnce(std::min(until, PeerClock::now() + kScriptPoll), InterruptFd(), &finished, &err)) {
      r.kind = Readiness::Kind::kError;
      r.message = err;
      return r;
    }
  }
}

WelcomeSocketAfterClients ServerRunner::AfterClients(SocketTableSource& tables, RunActivity* activity) {
  WelcomeSocketAfterClients after;
  if (id_ && activity != nullptr) WaitUntilSettled(*activity, tables, kSettleBound);
  // Settled, init has reported a server that ended: Poll() knows.
  ProcessResult result;
  if (id_ && !process_ && run_.launcher.Poll(*id_, &result)) process_ = ProcessRun{run_.scenario.server.name, result};
  after.started_process_ended = id_ && process_;
  std::vector<SocketEntry> sockets;
  std::string err;
  if (tables.Snapshot(SocketFilter::Servers(Query().protocol), &sockets, &err)) {
    after.listening = Judge(Query(), sockets).kind == Judgement::Kind::kReady;
  }
  return after;
}

void ServerRunner::Stop() {
  std::string err;
  if (peer_) {
    run_.loop.ReleaseHolds(PeerClock::now());
    if (run_.scenario.server.stop == ServerSpec::Stop::kWait) run_.loop.RunUntilDone(run_.deadline, InterruptFd(), &err);
    run_.loop.EndRun(PeerClock::now());
    return;
  }
  if (!id_ || process_) return;
  if (run_.scenario.server.stop == ServerSpec::Stop::kTerminate || InterruptSignal() != 0) {
    run_.launcher.Stop(*id_, kStopGrace);
  }
  ProcessResult result;
  if (!run_.launcher.Wait(*id_, &result, &err)) {
    // Interrupted while waiting for `stop: wait`: stop it now.
    run_.launcher.Stop(*id_, kStopGrace);
    if (!run_.launcher.Wait(*id_, &result, &err)) return;
  }
  process_ = ProcessRun{run_.scenario.server.name, result};
}

}  // namespace wirecheck
