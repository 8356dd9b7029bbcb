#pragma once
// The RFC 793 states of both endpoints of one connection, as far as the
// packets show them. The capture sees each segment once, on the wire: a
// segment sent by A is taken as also received by B (exact on loopback, where
// every capture in a scenario run is taken).

#include <cstdint>
#include <utility>
#include <vector>

#include "capture/conversation.h"
#include "capture/decoded_packet.h"

namespace wirecheck::capture {

class TcpStateMachine {
 public:
  /// Feeds one segment sent by `from`.
  void OnSegment(Direction from, const DecodedPacket& packet);
  /// Swaps the two endpoints (when the roles are flipped).
  void Swap();
  TcpState state(Direction d) const { return side(d).state; }
  /// Every state each endpoint passed through, starting with its first.
  const std::vector<TcpState>& path(Direction d) const { return side(d).path; }
  /// Moves a path out (at the end of the conversation).
  std::vector<TcpState> TakePath(Direction d) { return std::move(side(d).path); }
  /// Both endpoints sent a FIN before either had seen the other's.
  bool simultaneous_close() const { return simultaneous_close_; }

 private:
  struct Side {
    TcpState state = TcpState::kClosed;
    std::vector<TcpState> path;
    bool fin_sent = false;
    std::uint32_t fin_seq = 0;     // sequence number of the FIN itself
    bool fin_acked = false;
    bool saw_peer_fin = false;
  };
  Side& side(Direction d) { return sides_[static_cast<int>(d)]; }
  const Side& side(Direction d) const { return sides_[static_cast<int>(d)]; }
  static void Enter(Side& s, TcpState next);
  void OnSend(Side& me, Side& peer, const DecodedPacket& p);
  void OnReceive(Side& me, Side& peer, const DecodedPacket& p);

  Side sides_[2];
  bool simultaneous_close_ = false;
};

}  // namespace wirecheck::capture
