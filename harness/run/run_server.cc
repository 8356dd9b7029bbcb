#include "harness/run/run_server.h"

#include "harness/process/interrupt.h"
#include "harness/sandbox/sandbox.h"

namespace wirecheck {
namespace {

constexpr auto kStopGrace = std::chrono::seconds(1);
constexpr auto kScriptPoll = std::chrono::milliseconds(2);

}  // namespace

ServerRunner::ServerRunner(const Scenario& scenario, Sandbox& sandbox, PeerLoop& loop,
                           const PlaceholderValues& values, PeerTime deadline)
    : scenario_(scenario), sandbox_(sandbox), loop_(loop), values_(values), deadline_(deadline) {}

ReadinessQuery ServerRunner::Query() const {
  ReadinessQuery query;
  query.protocol = scenario_.protocol == Scenario::Protocol::kUdp ? SocketProtocol::kUdp : SocketProtocol::kTcp;
  query.port = static_cast<std::uint16_t>(scenario_.server.port);
  query.whole_table_is_the_run = sandbox_.isolation() == Isolation::kNamespaces;
  return query;
}

Readiness ServerRunner::Start(SocketTableSource& tables, std::string* err) {
  const ServerSpec& server = scenario_.server;
  const PlaceholderValues values = ProgramValues(values_, server.name, 1);
  if (!server.command) {
    auto plan = PreparePeerPlan(server.script, scenario_.protocol, scenario_.family, values, err);
    Readiness r;
    r.kind = Readiness::Kind::kError;
    if (!plan) return r;
    peer_ = loop_.Add(server.name, plan, PeerClock::now(), deadline_);
    return WaitForScript(tables);
  }
  const ProcessSpec spec = MakeProcessSpec(*server.command, values, scenario_.timeout);
  command_ = CommandText(spec);
  ProcessId id = 0;
  if (!sandbox_.Start(spec, &id, err)) {
    Readiness r;
    r.kind = Readiness::Kind::kError;
    return r;
  }
  id_ = id;
  Readiness r = WaitUntilReady(Query(), &tables, &sandbox_, id, server.ready_timeout);
  if (r.kind == Readiness::Kind::kExited && r.exited) process_ = ProcessRun{server.name, *r.exited};
  if (r.kind == Readiness::Kind::kError) *err = r.message;
  return r;
}

// A scripted server is ready when the tables show its socket.
Readiness ServerRunner::WaitForScript(SocketTableSource& tables) {
  const auto start = PeerClock::now();
  const auto until = start + scenario_.server.ready_timeout;
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
      r.message = "the scripted server is listening on port " + std::to_string(scenario_.server.port);
      return r;
    }
    if (loop_.done(*peer_)) {
      r.kind = Readiness::Kind::kExited;
      r.message = "the scripted server ended before it was ready: " + Summary(loop_.result(*peer_));
      return r;
    }
    if (InterruptSignal() != 0 || PeerClock::now() >= until) {
      r.kind = InterruptSignal() != 0 ? Readiness::Kind::kError : Readiness::Kind::kNotListening;
      r.message = InterruptSignal() != 0 ? "interrupted" : "the scripted server did not get ready in time";
      return r;
    }
    if (!loop_.RunOnce(std::min(until, PeerClock::now() + kScriptPoll), InterruptFd(), &finished, &err)) {
      r.kind = Readiness::Kind::kError;
      r.message = err;
      return r;
    }
  }
}

std::optional<bool> ServerRunner::StillListening(SocketTableSource& tables) const {
  std::vector<SocketEntry> sockets;
  std::string err;
  if (!tables.Snapshot(SocketFilter::Servers(Query().protocol), &sockets, &err)) return std::nullopt;
  return Judge(Query(), sockets).kind == Judgement::Kind::kReady;
}

void ServerRunner::Stop() {
  std::string err;
  if (peer_) {
    loop_.ReleaseHolds(PeerClock::now());
    if (scenario_.server.stop == ServerSpec::Stop::kWait) loop_.RunUntilDone(deadline_, InterruptFd(), &err);
    loop_.EndRun(PeerClock::now());
    return;
  }
  if (!id_ || process_) return;
  if (scenario_.server.stop == ServerSpec::Stop::kTerminate || InterruptSignal() != 0) {
    sandbox_.Stop(*id_, kStopGrace);
  }
  ProcessResult result;
  if (!sandbox_.Wait(*id_, &result, &err)) {
    // Interrupted while waiting for `stop: wait`: stop it now.
    sandbox_.Stop(*id_, kStopGrace);
    if (!sandbox_.Wait(*id_, &result, &err)) return;
  }
  process_ = ProcessRun{scenario_.server.name, result};
}

}  // namespace wirecheck
