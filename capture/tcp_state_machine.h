#pragma once
// The RFC 793 states of both endpoints of one connection, as far as the
// packets show them. The capture sees each segment once, on the wire: a
// segment sent by A is taken as also received by B (exact on loopback, where
// every capture in a scenario run is taken).

#include <array>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "capture/conversation.h"
#include "capture/decoded_packet.h"
#include "capture/state_packer.h"

namespace wirecheck::capture {

class TcpStateMachine {
 public:
  /// Feeds one segment sent by `from`.
  void OnSegment(Direction from, const DecodedPacket& packet);
  /// Swaps the two endpoints (when the roles are flipped).
  void Swap();
  TcpState state(Direction d) const { return side(d).state; }
  /// Every state each endpoint passed through, starting with its first.
  std::vector<TcpState> path(Direction d) const { return side(d).path.ToVector(); }
  /// The same, at the end of the conversation.
  std::vector<TcpState> TakePath(Direction d) { return side(d).path.ToVector(); }
  /// Both endpoints sent a FIN before either had seen the other's.
  bool simultaneous_close() const { return simultaneous_close_; }
  /// Every field, for a frozen connection (frozen_tcp.h). The FIN sequence
  /// numbers are packed relative to `seq_near` (per direction).
  void PackTo(StatePacker& out, const std::array<std::uint32_t, 2>& seq_near) const;
  void UnpackFrom(StateUnpacker& in, const std::array<std::uint32_t, 2>& seq_near);

 private:
  /// The states of one side, in place up to kInPlace (a whole life is 3 to
  /// 6): no allocation per connection; a longer path continues in `more`.
  class Path {
   public:
    bool empty() const { return size_ == 0; }
    TcpState back() const { return size_ <= kInPlace ? first_[size_ - 1] : more_->back(); }
    void push_back(TcpState s);
    void pop_back();
    std::vector<TcpState> ToVector() const;
    void PackTo(StatePacker& out) const;
    void UnpackFrom(StateUnpacker& in);

   private:
    static constexpr std::size_t kInPlace = 14;
    std::uint8_t size_ = 0;  // at most kInPlace + 1: past it, the size of *more_ counts
    std::array<TcpState, kInPlace> first_{};
    std::unique_ptr<std::vector<TcpState>> more_;  // the states after first_
  };
  struct Side {
    TcpState state = TcpState::kClosed;
    bool fin_sent = false;
    bool fin_acked = false;
    bool saw_peer_fin = false;
    std::uint32_t fin_seq = 0;     // sequence number of the FIN itself
    Path path;
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
