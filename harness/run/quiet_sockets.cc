#include "harness/run/quiet_sockets.h"

#include <poll.h>

#include <string>

#include "harness/run/readiness.h"

namespace wirecheck {

namespace {

constexpr TcpState kSending[] = {TcpState::kSynSent,     TcpState::kSynRecv,   TcpState::kNewSynRecv,
                                 TcpState::kEstablished, TcpState::kFinWait1,  TcpState::kCloseWait,
                                 TcpState::kLastAck,     TcpState::kClosing};

}  // namespace

std::size_t SocketsStillSending(const std::vector<SocketEntry>& sockets) {
  std::size_t sending = 0;
  for (const SocketEntry& s : sockets) {
    if (s.protocol != SocketProtocol::kTcp) continue;
    for (TcpState state : kSending) sending += s.state == static_cast<std::uint8_t>(state) ? 1 : 0;
  }
  return sending;
}

std::size_t WaitForQuietSockets(SocketTableSource& source, std::chrono::milliseconds bound) {
  const auto until = std::chrono::steady_clock::now() + bound;
  const SocketFilter filter = SocketFilter::TcpIn({kSending});
  for (;;) {
    std::vector<SocketEntry> sockets;
    std::string err;
    if (!source.Snapshot(filter, &sockets, &err)) return 0;
    const std::size_t sending = SocketsStillSending(sockets);
    if (sending == 0 || std::chrono::steady_clock::now() >= until) return sending;
    poll(nullptr, 0, 1);
  }
}

}  // namespace wirecheck
