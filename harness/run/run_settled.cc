#include "harness/run/run_settled.h"

#include <poll.h>

#include <string>

#include "harness/process/interrupt.h"
#include "harness/run/readiness.h"

namespace wirecheck {
namespace {

constexpr TcpState kAwaitingAck[] = {TcpState::kSynSent, TcpState::kSynRecv, TcpState::kNewSynRecv,
                                     TcpState::kFinWait1, TcpState::kLastAck, TcpState::kClosing};
constexpr TcpState kMaySendBytes[] = {TcpState::kEstablished, TcpState::kCloseWait};

bool Is(const SocketEntry& s, TcpState state) { return s.state == static_cast<std::uint8_t>(state); }

}  // namespace

std::size_t SegmentsInFlight(const std::vector<SocketEntry>& sockets) {
  std::size_t n = 0;
  for (const SocketEntry& s : sockets) {
    if (s.protocol != SocketProtocol::kTcp) continue;
    bool in_flight = false;
    for (TcpState state : kAwaitingAck) in_flight = in_flight || Is(s, state);
    for (TcpState state : kMaySendBytes) in_flight = in_flight || (Is(s, state) && s.tx_queue > 0);
    n += in_flight ? 1 : 0;
  }
  return n;
}

Settling WaitUntilSettled(RunActivity& activity, SocketTableSource& tables, std::chrono::milliseconds bound) {
  const auto start = std::chrono::steady_clock::now();
  const SocketFilter filter = SocketFilter::TcpIn({kAwaitingAck, kMaySendBytes});
  Settling s;
  int settled_looks = 0;
  for (;;) {
    std::vector<SocketEntry> sockets;
    std::string err;
    // The sockets first: a segment in flight wakes its receiver, so once
    // none is, a thread still to react is running or runnable.
    const bool quiet = tables.Snapshot(filter, &sockets, &err) && SegmentsInFlight(sockets) == 0;
    settled_looks = quiet && activity.Idle() ? settled_looks + 1 : 0;
    s.waited = std::chrono::steady_clock::now() - start;
    if (settled_looks == 2) {
      s.settled = true;
      return s;
    }
    if (s.waited >= bound || InterruptSignal() != 0) return s;
    poll(nullptr, 0, 1);
  }
}

}  // namespace wirecheck
