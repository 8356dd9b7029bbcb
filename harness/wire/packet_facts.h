#pragma once
// The few facts of an IP packet the wire's rules need, read from the bytes a
// TUN device gives (IFF_NO_PI: the packet starts at the IP header).

#include <cstddef>
#include <cstdint>
#include <span>

namespace wirecheck::wire {

struct PacketFacts {
  int ip_version = 0;  // 4, 6, or 0 when the bytes are not an IP packet
  bool tcp = false;    // IPv6: only when TCP follows the fixed header (no extension headers)
  bool fin = false;
  bool syn = false;
  std::size_t tcp_payload = 0;
};

/// Never reads past `packet`; a short or malformed packet has fewer facts.
PacketFacts ReadPacketFacts(std::span<const std::uint8_t> packet);

}  // namespace wirecheck::wire
