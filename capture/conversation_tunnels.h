#pragma once
// What a conversation keeps about tunnels. Made only for a conversation
// that has been inside a tunnel, or whose datagrams a tunnel analyzer
// refused: plain traffic never allocates one.

#include <cstdint>
#include <optional>
#include <vector>

#include "capture/conversation.h"
#include "capture/tunnel.h"
#include "capture/udp_tunnels.h"

namespace wirecheck::capture {

class ConversationTunnels {
 public:
  /// A packet of the conversation, inside the tunnels `at` (depth 0: none).
  /// Zeek's Connection::CheckEncapsulation with conn/main.zeek's handlers:
  /// the innermost tunnel joins tunnel_parents when the conversation starts
  /// in it, moves into tunnels from none, or changes tunnels (the last only
  /// kZeekTunnelMaxChanges times: tunnel_changed events).
  void Note(const Encapsulation& at);
  /// As the outer connection of a UDP tunnel: Zeek stopped that analyzer
  /// for it after a violation (VXLAN, Geneve, Teredo, AYIYA check this).
  bool Refuses(UdpTunnel tunnel) const { return (refused_ & Bit(tunnel)) != 0; }
  void Refuse(UdpTunnel tunnel) { refused_ |= Bit(tunnel); }
  /// Zeek's 'X' (a payload too deep in tunnels), once, where the history
  /// stood at the time.
  void MarkTooDeep(std::size_t history_length) {
    if (!x_at_) x_at_ = history_length;
  }
  /// Writes tunnel_parents and the 'X' into the finished conversation.
  void ApplyTo(Conversation* c);

 private:
  static std::uint8_t Bit(UdpTunnel tunnel) {
    return tunnel == UdpTunnel::kGtpv1 ? 0 : static_cast<std::uint8_t>(1u << static_cast<unsigned>(tunnel));
  }
  std::vector<std::uint64_t> parents_;
  std::uint64_t stack_ = 0;  // the tunnels of the last packet (Encapsulation::stack)
  std::uint8_t changes_ = 0;
  std::uint8_t refused_ = 0;
  std::optional<std::size_t> x_at_;
};

}  // namespace wirecheck::capture
