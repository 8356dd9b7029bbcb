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

Readiness WaitUntilReady(const ReadinessQuery& query, SocketTableSource* source,
                         ProcessLauncher* launcher, ProcessId server,
                         std::chrono::nanoseconds timeout) {
  using Clock = std::chrono::steady_clock;
  Clock::time_point start = Clock::now();
  Readiness r;
  std::chrono::milliseconds interval(1);
  while (true) {
    std::vector<SocketEntry> sockets;
    std::string err;
    r.waited = Clock::now() - start;
    if (!source->Snapshot(SocketFilter::Servers(query.protocol), &sockets, &err)) {
      r.kind = Readiness::Kind::kError;
      r.message = "cannot read the socket tables: " + err;
      return r;
    }
    r.last = Judge(query, sockets);
    if (r.last.kind == Judgement::Kind::kReady) {
      r.kind = Readiness::Kind::kReady;
      r.message = "the server is " + Sentence(query, r.last);
      return r;
    }
    ProcessResult result;
    if (launcher->Poll(server, &result)) {
      r.kind = Readiness::Kind::kExited;
      r.message = "the server " + Describe(result.outcome) + " before " +
                  (query.protocol == SocketProtocol::kTcp ? "listening on TCP port "
                                                          : "binding UDP port ") +
                  std::to_string(query.port);
      r.exited = std::move(result);
      return r;
    }
    if (r.waited >= timeout) {
      r.kind = Readiness::Kind::kNotListening;
      // The whole table, for "listens on another port" or "bound UDP instead".
      if (source->Snapshot(&sockets, &err)) r.last = Judge(query, sockets);
      r.message = "after " + FormatDuration(timeout) + " the server " +
                  (r.last.kind == Judgement::Kind::kNotYet ? "has " + Sentence(query, r.last)
                                                           : Sentence(query, r.last));
      return r;
    }
    // Wait for the next look, or an interrupt, whichever comes first.
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(timeout - r.waited);
    pollfd p{InterruptFd(), POLLIN, 0};
    poll(&p, InterruptFd() >= 0 ? 1 : 0,
         static_cast<int>(std::max<std::int64_t>(1, std::min(interval, left).count())));
    if (InterruptSignal() != 0) {
      r.kind = Readiness::Kind::kError;
      r.message = "interrupted";
      return r;
    }
    // Most servers listen within a few ms of exec: look every ms at first.
    if (r.waited >= std::chrono::milliseconds(100)) interval = std::min(interval * 2, std::chrono::milliseconds(20));
  }
}

}  // namespace wirecheck
