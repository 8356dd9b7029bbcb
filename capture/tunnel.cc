#include "capture/tunnel.h"

#include "capture/byte_order.h"

namespace wirecheck::capture {

std::string_view TunnelTypeName(TunnelType type) {
  switch (type) {
    case TunnelType::kIp: return "Tunnel::IP";
    case TunnelType::kGre: return "Tunnel::GRE";
    case TunnelType::kVxlan: return "Tunnel::VXLAN";
    case TunnelType::kGeneve: return "Tunnel::GENEVE";
    case TunnelType::kTeredo: return "Tunnel::TEREDO";
    case TunnelType::kAyiya: return "Tunnel::AYIYA";
    case TunnelType::kGtpv1: return "Tunnel::GTPv1";
  }
  return "Tunnel::NONE";
}

Encapsulation Encapsulation::Inside(std::uint64_t id, TunnelType type) const {
  // Ids are unique, so a mix of the outer stack and the id tells stacks
  // apart (a collision would only miss one change of tunnels).
  std::uint64_t h = (stack ^ id) * 0x9e3779b97f4a7c15ull;
  h ^= h >> 32;
  return Encapsulation{depth + 1, type, id, h | 1};
}

InnerIpFit FitInnerIp(std::span<const std::uint8_t> bytes, int version) {
  std::size_t total = 0;
  if (version == 6) {
    if (bytes.size() < 40) return InnerIpFit::kShort;
    if ((bytes[0] >> 4) != 6) return InnerIpFit::kBadVersion;
    total = 40 + std::size_t{LoadBe16(bytes.data() + 4)};
  } else {
    // Zeek calls an IPv4 packet shorter than its header a bad version.
    if (bytes.size() < 20 || (bytes[0] >> 4) != 4) return InnerIpFit::kBadVersion;
    total = LoadBe16(bytes.data() + 2);
  }
  if (bytes.size() == total) return InnerIpFit::kExact;
  return bytes.size() < total ? InnerIpFit::kShort : InnerIpFit::kLong;
}

}  // namespace wirecheck::capture
