#include "harness/quiet_sockets.h"

#include <poll.h>

#include <string>

#include "harness/readiness.h"

namespace wirecheck {

std::size_t SocketsStillSending(const std::vector<SocketEntry>& sockets) {
  std::size_t sending = 0;
  for (const SocketEntry& s : sockets) {
    if (s.protocol != SocketProtocol::kTcp) continue;
    switch (static_cast<TcpState>(s.state)) {
      case TcpState::kSynSent:
      case TcpState::kSynRecv:
      case TcpState::kNewSynRecv:
      case TcpState::kEstablished:
      case TcpState::kFinWait1:
      case TcpState::kCloseWait:
      case TcpState::kLastAck:
      case TcpState::kClosing:
        ++sending;
        break;
      default:
        break;
    }
  }
  return sending;
}

std::size_t WaitForQuietSockets(SocketTableSource& source, std::chrono::milliseconds bound) {
  const auto until = std::chrono::steady_clock::now() + bound;
  for (;;) {
    std::vector<SocketEntry> sockets;
    std::string err;
    if (!source.Snapshot(&sockets, &err)) return 0;
    const std::size_t sending = SocketsStillSending(sockets);
    if (sending == 0 || std::chrono::steady_clock::now() >= until) return sending;
    poll(nullptr, 0, 1);
  }
}

}  // namespace wirecheck
