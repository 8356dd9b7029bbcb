#pragma once
// The tunnels Zeek decapsulates, as the analyzer needs to know them: their
// types (Zeek's Tunnel::Type), the packet a tunnel carries, and where a
// packet sits in a stack of tunnels. The headers themselves are read by
// gre.h and udp_tunnels.h. Rules and sources: docs/zeek-compatibility.md.

#include <cstdint>
#include <span>
#include <string_view>

#include "capture/packet.h"

namespace wirecheck::capture {

/// Zeek's Tunnel::Type, for the tunnels wirecheck decapsulates.
enum class TunnelType : std::uint8_t { kIp, kGre, kVxlan, kGeneve, kTeredo, kAyiya, kGtpv1 };

/// Zeek's name, e.g. "Tunnel::VXLAN" (tunnel.log's tunnel_type).
std::string_view TunnelTypeName(TunnelType type);

/// Zeek's Tunnel::max_changes_per_connection: how many changes of a
/// connection's tunnels add to its tunnel_parents (tunnel_changed events).
inline constexpr std::uint8_t kZeekTunnelMaxChanges = 5;

/// The packet inside a tunnel: its bytes, and how to decode them as the link
/// type Decode() takes: kEthernet, kRaw (the IP version nibble decides), or
/// kIpv4 / kIpv6 when the tunnel announced the version and Zeek wants the
/// packet to fill the rest of the tunnel exactly (FitInnerIp).
struct InnerPacket {
  std::span<const std::uint8_t> bytes;
  std::uint32_t link_type = link_type::kRaw;
};

/// Where a packet sits: inside how many tunnels, the innermost one (its id:
/// an outer UDP conversation or an IP tunnel) and an identity of the whole
/// stack, so that a connection notices when its tunnels change, as Zeek
/// compares EncapsulationStacks.
struct Encapsulation {
  std::uint32_t depth = 0;
  TunnelType innermost = TunnelType::kIp;  // only when depth > 0
  std::uint64_t parent = 0;                // only when depth > 0
  std::uint64_t stack = 0;                 // 0: not inside a tunnel

  /// This stack with one more tunnel inside it.
  Encapsulation Inside(std::uint64_t id, TunnelType type) const;
};

/// Zeek's Tunnel::max_depth check, as every tunnel analyzer writes it
/// (`packet->encap && packet->encap->Depth() >= max_depth`): a packet inside
/// no tunnel is never too deep, so a limit of 0 still opens one tunnel.
inline bool TooDeep(const Encapsulation& at, std::uint32_t max_depth) {
  return at.depth != 0 && at.depth >= max_depth;
}

/// Zeek's IP::ParsePacket: does the packet that a tunnel announced as IPv4
/// or IPv6 fill `bytes` exactly?
enum class InnerIpFit : std::uint8_t { kExact, kBadVersion, kShort, kLong };
InnerIpFit FitInnerIp(std::span<const std::uint8_t> bytes, int version);

}  // namespace wirecheck::capture
