#include "harness/run/readiness.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include "harness/model/duration_text.h"
#include "harness/process/interrupt.h"
#include "harness/sandbox/sandbox.h"
#include "harness/sandbox/sock_diag.h"

namespace wirecheck {
namespace {

constexpr std::uint8_t kUdpUnconnected = 7;  // TCP_CLOSE: bound, not connected

std::string ProtocolName(SocketProtocol protocol) {
  return protocol == SocketProtocol::kTcp ? "TCP" : "UDP";
}

// A TCP socket the server accepts on, or a UDP socket it receives on.
bool IsServerSocket(const SocketEntry& s) {
  if (s.protocol == SocketProtocol::kTcp) return s.state == static_cast<int>(TcpState::kListen);
  return s.state == kUdpUnconnected && s.local_port != 0;
}

std::string PortList(const std::vector<std::uint16_t>& ports) {
  std::string text;
  for (std::size_t i = 0; i < ports.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == ports.size() ? " and " : ", ") + std::to_string(ports[i]);
  }
  return text;
}

std::string Sentence(const ReadinessQuery& query, const Judgement& j) {
  std::string want = ProtocolName(query.protocol) + " port " + std::to_string(query.port);
  switch (j.kind) {
    case Judgement::Kind::kReady:
      return query.protocol == SocketProtocol::kTcp
                 ? "listening on " + want + " (backlog " +
                       (j.socket.backlog ? std::to_string(j.socket.backlog) : "unknown") + ")"
                 : "bound to " + want;
    case Judgement::Kind::kOtherPort:
      return (query.protocol == SocketProtocol::kTcp ? "listens on TCP port " : "bound UDP port ") +
             PortList(j.other_ports) + ", not on " + std::to_string(query.port);
    case Judgement::Kind::kOtherProtocol:
      return query.protocol == SocketProtocol::kTcp
                 ? "bound UDP port " + std::to_string(query.port) +
                       " instead of listening on TCP port " + std::to_string(query.port)
                 : "listens on TCP port " + std::to_string(query.port) +
                       " instead of binding UDP port " + std::to_string(query.port);
    case Judgement::Kind::kNotYet:
      break;
  }
  return query.protocol == SocketProtocol::kTcp ? "no socket listening on " + want
                                                : "no socket bound to " + want;
}

// The same sockets seen: the same verdict, ports and socket.
bool SamePicture(const Judgement& a, const Judgement& b) {
  return a.kind == b.kind && a.other_ports == b.other_ports && a.socket.protocol == b.socket.protocol &&
         a.socket.local_port == b.socket.local_port && a.socket.state == b.socket.state;
}

// Whole milliseconds, at least one: "3ms" rather than "3141592ns".
Duration RoundedToMilliseconds(std::chrono::nanoseconds d) {
  return std::max<Duration>(std::chrono::milliseconds(1), std::chrono::round<std::chrono::milliseconds>(d));
}

constexpr auto kWideLookEvery = std::chrono::milliseconds(10);

}  // namespace

Judgement Judge(const ReadinessQuery& query, const std::vector<SocketEntry>& sockets) {
  Judgement j;
  for (const SocketEntry& s : sockets) {
    if (!IsServerSocket(s)) continue;
    if (s.protocol == query.protocol && s.local_port == query.port) {
      j.kind = Judgement::Kind::kReady;
      j.socket = s;
      return j;
    }
  }
  for (const SocketEntry& s : sockets) {
    if (IsServerSocket(s) && s.protocol != query.protocol && s.local_port == query.port) {
      j.kind = Judgement::Kind::kOtherProtocol;
      j.socket = s;
      return j;
    }
  }
  if (!query.whole_table_is_the_run) return j;
  for (const SocketEntry& s : sockets) {
    if (IsServerSocket(s) && s.protocol == query.protocol &&
        std::find(j.other_ports.begin(), j.other_ports.end(), s.local_port) == j.other_ports.end()) {
      j.other_ports.push_back(s.local_port);
    }
  }
  std::sort(j.other_ports.begin(), j.other_ports.end());
  if (!j.other_ports.empty()) j.kind = Judgement::Kind::kOtherPort;
  return j;
}

SandboxSocketTables::~SandboxSocketTables() {
  if (netlink_fd_ >= 0) close(netlink_fd_);
}

SocketFilter SocketFilter::ServersOfBothProtocols() {
  SocketFilter f = Servers(SocketProtocol::kUdp);
  f.udp = true;
  return f;
}

SocketFilter SocketFilter::TcpIn(std::initializer_list<std::span<const TcpState>> states) {
  SocketFilter f;
  f.udp = false;
  f.tcp_states = 0;
  for (std::span<const TcpState> some : states) {
    for (TcpState state : some) f.tcp_states |= 1u << static_cast<int>(state);
  }
  return f;
}

SocketFilter SocketFilter::Servers(SocketProtocol protocol) {
  SocketFilter f;
  f.tcp = true;  // LISTEN sockets are cheap, and "listens on TCP instead" needs them
  f.udp = protocol == SocketProtocol::kUdp;
  f.tcp_states = 1u << static_cast<int>(TcpState::kListen);
  return f;
}

bool SocketFilter::Wants(const SocketEntry& s) const {
  if (s.protocol == SocketProtocol::kUdp) return udp;
  return tcp && s.state < 32 && (tcp_states & (1u << s.state)) != 0;
}

bool SandboxSocketTables::Snapshot(const SocketFilter& filter, std::vector<SocketEntry>* sockets,
                                   std::string* err) {
  sockets->clear();
  if (!tried_netlink_) {
    tried_netlink_ = true;
    std::string ignored;
    netlink_fd_ = sandbox_->OpenSocket(AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG, &ignored);
  }
  for (SocketProtocol protocol : {SocketProtocol::kTcp, SocketProtocol::kUdp}) {
    if (!(protocol == SocketProtocol::kTcp ? filter.tcp : filter.udp)) continue;
    for (bool ipv6 : {false, true}) {
      if (netlink_fd_ >= 0) {
        if (!QuerySockDiag(netlink_fd_, protocol, ipv6, sockets, err, filter.tcp_states)) return false;
        continue;
      }
      std::string name = std::string(protocol == SocketProtocol::kTcp ? "tcp" : "udp") +
                         (ipv6 ? "6" : "");
      std::string text;
      if (!sandbox_->ReadNetFile(name, &text, err)) {
        if (ipv6) continue;  // a kernel without IPv6 has no tcp6/udp6
        return false;
      }
      for (SocketEntry& e : ParseSocketTable(text, protocol, ipv6)) {
        if (filter.Wants(e)) sockets->push_back(std::move(e));
      }
    }
  }
  return true;
}

bool IdleOnWrongSocket::Look(const Judgement& judgement, bool idle, std::chrono::nanoseconds at) {
  const bool wrong = judgement.kind == Judgement::Kind::kOtherPort || judgement.kind == Judgement::Kind::kOtherProtocol;
  if (!wrong || !idle) {
    picture_.reset();
    return false;
  }
  if (!picture_ || !SamePicture(*picture_, judgement)) {
    picture_ = judgement;
    since_ = at;
  }
  return at - since_ >= kFor;
}

namespace {

// One wait, as WaitUntilReady() describes it: a look at the tables, then at
// the started process (in that order: a process still running after the
// look ran when the socket was seen), then the rules that end the wait.
class ReadinessWait {
 public:
  ReadinessWait(const ReadinessQuery& query, SocketTableSource* source, ProcessLauncher* launcher, ProcessId server,
                std::chrono::nanoseconds timeout, RunActivity* activity)
      : query_(query), source_(source), launcher_(launcher), server_(server), timeout_(timeout),
        activity_(activity), decide_early_(activity != nullptr && query.whole_table_is_the_run) {}

  Readiness Run() {
    while (!Look()) {
      if (!Pause()) return Decided(Readiness::Kind::kError, "interrupted");
    }
    return std::move(r_);
  }

 private:
  using Clock = std::chrono::steady_clock;

  // True once decided; r_ holds the verdict.
  bool Look() {
    const Clock::time_point now = Clock::now();
    r_.waited = now - start_;
    // Both protocols (UDP tables cost more to dump) every kWideLookEvery, for
    // IdleOnWrongSocket; the looks between read LISTEN sockets only.
    const bool wide = decide_early_ && (!last_wide_ || now - *last_wide_ >= kWideLookEvery);
    if (wide) last_wide_ = now;
    std::vector<SocketEntry> sockets;
    std::string err;
    if (!source_->Snapshot(wide ? SocketFilter::ServersOfBothProtocols() : SocketFilter::Servers(query_.protocol),
                           &sockets, &err)) {
      return Decide(Readiness::Kind::kError, "cannot read the socket tables: " + err);
    }
    r_.last = Judge(query_, sockets);
    ProcessResult result;
    if (!r_.started_process_ended && launcher_->Poll(server_, &result)) return StartedProcessEnded(std::move(result));
    if (r_.last.kind == Judgement::Kind::kReady) {
      return Decide(Readiness::Kind::kReady, "the server is " + Sentence(query_, r_.last) + LeftBehind(", but "));
    }
    if (wide && r_.started_process_ended) {
      const std::optional<ActivityLook> left = activity_->Look();
      if (left && left->processes == 0) return Ended(*r_.started_process_ended, " (and what it left behind has ended too)");
    }
    if (wide && idle_on_wrong_.Look(r_.last, r_.last.kind != Judgement::Kind::kNotYet && activity_->Idle(), r_.waited)) {
      return Decide(Readiness::Kind::kNotListening, "the server " + Sentence(query_, r_.last) +
                                                        ", and has waited there, idle, for " +
                                                        FormatDuration(IdleOnWrongSocket::kFor) + LeftBehind(" (", ")"));
    }
    if (r_.waited < timeout_) return false;
    // The whole table, for "listens on another port" or "bound UDP instead".
    if (source_->Snapshot(&sockets, &err)) r_.last = Judge(query_, sockets);
    return Decide(Readiness::Kind::kNotListening,
                  "after " + FormatDuration(timeout_) + " the server " +
                      (r_.last.kind == Judgement::Kind::kNotYet ? "has " : "") + Sentence(query_, r_.last) +
                      LeftBehind(" (", ")"));
  }

  // The started process has ended: that decides, unless it left processes
  // behind (a server that forks into the background), which may listen.
  bool StartedProcessEnded(ProcessResult result) {
    const std::optional<ActivityLook> left = activity_ ? activity_->Look() : std::nullopt;
    if (left && left->processes > 0) {
      r_.started_process_ended = std::move(result);
      return Look();  // the tables again, now that it is known to have ended
    }
    // Seen listening before it ended (it crashed right after, say): ready;
    // the end is the stop's and the checks' to judge.
    if (r_.last.kind == Judgement::Kind::kReady) {
      return Decide(Readiness::Kind::kReady, "the server is " + Sentence(query_, r_.last));
    }
    return Ended(std::move(result), "");
  }

  bool Ended(ProcessResult result, const std::string& more) {
    r_.exited = std::move(result);
    return Decide(Readiness::Kind::kExited,
                  "the server " + Describe(r_.exited->outcome) + " before " +
                      (query_.protocol == SocketProtocol::kTcp ? "listening on TCP port " : "binding UDP port ") +
                      std::to_string(query_.port) + more);
  }

  // "the process wirecheck started exited with code 0 after 3ms and left a
  // process behind", between before and after; "" while it runs.
  std::string LeftBehind(const std::string& before, const std::string& after = "") const {
    if (!r_.started_process_ended) return "";
    const ProcessResult& ended = *r_.started_process_ended;
    return before + "the process wirecheck started " + Describe(ended.outcome) + " after " +
           FormatDuration(RoundedToMilliseconds(ended.elapsed)) + " and left a process behind" + after;
  }

  bool Decide(Readiness::Kind kind, std::string message) {
    r_.kind = kind;
    r_.message = std::move(message);
    return true;
  }

  Readiness Decided(Readiness::Kind kind, std::string message) {
    Decide(kind, std::move(message));
    return std::move(r_);
  }

  // Waits for the next look, or an interrupt (false), whichever comes first.
  bool Pause() {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(timeout_ - r_.waited);
    pollfd p{InterruptFd(), POLLIN, 0};
    poll(&p, InterruptFd() >= 0 ? 1 : 0, static_cast<int>(std::max<std::int64_t>(1, std::min(interval_, left).count())));
    // Most servers listen within a few ms of exec: look every ms at first.
    if (r_.waited >= std::chrono::milliseconds(100)) interval_ = std::min(interval_ * 2, std::chrono::milliseconds(20));
    return InterruptSignal() == 0;
  }

  const ReadinessQuery& query_;
  SocketTableSource* source_;
  ProcessLauncher* launcher_;
  ProcessId server_;
  std::chrono::nanoseconds timeout_;
  RunActivity* activity_;
  const bool decide_early_;
  const Clock::time_point start_ = Clock::now();
  std::optional<Clock::time_point> last_wide_;
  std::chrono::milliseconds interval_{1};
  IdleOnWrongSocket idle_on_wrong_;
  Readiness r_;
};

}  // namespace

Readiness WaitUntilReady(const ReadinessQuery& query, SocketTableSource* source,
                         ProcessLauncher* launcher, ProcessId server,
                         std::chrono::nanoseconds timeout, RunActivity* activity) {
  return ReadinessWait(query, source, launcher, server, timeout, activity).Run();
}

}  // namespace wirecheck
