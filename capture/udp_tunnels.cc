#include "capture/udp_tunnels.h"

#include "capture/byte_order.h"

namespace wirecheck::capture {
namespace {

constexpr std::size_t kVxlanHeader = 8;
constexpr std::size_t kGeneveHeader = 8;
constexpr std::size_t kAyiyaHeader = 8;
constexpr std::size_t kGtpHeader = 8;
constexpr std::size_t kGtpOptionalFields = 4;  // sequence number, N-PDU number, next extension type
constexpr std::size_t kIpv6Header = 40;
constexpr std::uint8_t kNoNextHeader = 59;
constexpr std::uint8_t kGtpGPdu = 255;

Decapsulation Carries(std::span<const std::uint8_t> bytes, std::uint32_t link_type) {
  Decapsulation d;
  d.outcome = Decapsulation::Outcome::kPacket;
  d.inner = InnerPacket{bytes, link_type};
  return d;
}

Decapsulation Refused(DecodeResult reason, bool violation) {
  Decapsulation d;
  d.outcome = Decapsulation::Outcome::kRefused;
  d.reason = reason;
  d.violation = violation;
  return d;
}

Decapsulation TooDeepFor(bool history_x) {
  Decapsulation d = Refused(DecodeResult::kTunnelTooDeep, false);
  d.history_x = history_x;
  return d;
}

bool HasTeredoPrefix(const std::uint8_t* address) {  // 2001:0::/32
  return address[0] == 0x20 && address[1] == 0x01 && address[2] == 0 && address[3] == 0;
}

Decapsulation Vxlan(std::span<const std::uint8_t> p) {
  if (p.size() < kVxlanHeader) return Refused(DecodeResult::kTruncatedTunnel, true);
  if ((p[0] & 0x08) == 0) return Refused(DecodeResult::kBadTunnelHeader, true);  // the I flag
  p = p.subspan(kVxlanHeader);
  if (p.empty()) return Refused(DecodeResult::kTruncatedTunnel, false);
  return Carries(p, link_type::kEthernet);
}

Decapsulation Geneve(std::span<const std::uint8_t> p) {
  if (p.size() < kGeneveHeader) return Refused(DecodeResult::kTruncatedTunnel, true);
  if ((p[0] >> 6) != 0) return Refused(DecodeResult::kBadTunnelHeader, false);  // version
  const std::size_t header = kGeneveHeader + std::size_t{p[0] & 0x3fu} * 4;   // with options
  if (p.size() < header) return Refused(DecodeResult::kTruncatedTunnel, true);
  const std::uint16_t protocol = LoadBe16(p.data() + 2);
  p = p.subspan(header);
  if (p.empty()) return Refused(DecodeResult::kTruncatedTunnel, false);
  switch (protocol) {
    case 0x6558: return Carries(p, link_type::kEthernet);
    // geneve/main.zeek registers 0x0800 and, in releases up to 8.0, 0x08DD
    // (a typo for 0x86DD, which later versions register).
    case 0x0800:
    case 0x86dd:
    case 0x08dd: return Carries(p, link_type::kRaw);
    default: return Refused(DecodeResult::kNotIp, false);  // ARP, or no analyzer for it
  }
}

/// Teredo.cc: TeredoEncapsulation::DoParse, then IP::ParsePacket.
Decapsulation Teredo(std::span<const std::uint8_t> p) {
  bool origin = false;
  bool authentication = false;
  for (;;) {
    if (p.size() < 2) return Refused(DecodeResult::kTruncatedTunnel, true);
    const std::uint16_t tag = LoadBe16(p.data());
    if (tag == 0) {
      if (origin) return Refused(DecodeResult::kBadTunnelHeader, true);
      if (p.size() < 8) return Refused(DecodeResult::kTruncatedTunnel, true);
      p = p.subspan(8);
      origin = true;
    } else if (tag == 1) {
      if (origin || authentication) return Refused(DecodeResult::kBadTunnelHeader, true);
      if (p.size() < 4) return Refused(DecodeResult::kTruncatedTunnel, true);
      const std::size_t length = 4 + std::size_t{p[2]} + p[3] + 8 + 1;  // + nonce, confirmation
      if (p.size() < length) return Refused(DecodeResult::kTruncatedTunnel, true);
      p = p.subspan(length);
      authentication = true;
    } else if ((tag >> 12) == 6) {
      break;
    } else {
      return Refused(DecodeResult::kBadTunnelHeader, true);
    }
  }
  switch (FitInnerIp(p, 6)) {
    case InnerIpFit::kExact: return Carries(p, link_type::kRaw);
    case InnerIpFit::kLong:
      // A bubble (no next header, no payload) may have bytes after it.
      if (p[6] == kNoNextHeader && LoadBe16(p.data() + 4) == 0) return Carries(p, link_type::kRaw);
      return Refused(DecodeResult::kBadTunnelHeader, true);
    case InnerIpFit::kShort:
    case InnerIpFit::kBadVersion: break;
  }
  return Refused(DecodeResult::kTruncatedTunnel, true);
}

Decapsulation Ayiya(std::span<const std::uint8_t> p) {
  if (p.size() < kAyiyaHeader) return Refused(DecodeResult::kTruncatedTunnel, true);
  // AYIYA.cc keeps the identity length in 8 bits: 2^8 and more is 0.
  const auto identity = static_cast<std::uint8_t>(1u << (p[0] >> 4));
  const std::size_t signature = static_cast<std::size_t>(p[1] >> 4) * 4;
  const std::size_t header = kAyiyaHeader + identity + signature;
  if (p.size() < header) return Refused(DecodeResult::kTruncatedTunnel, true);
  if ((p[2] & 0x0f) != 1) return Decapsulation{};  // not "forward": no packet
  const std::uint8_t next = p[3];
  p = p.subspan(header);
  if (p.empty()) return Refused(DecodeResult::kTruncatedTunnel, false);
  if (next != 4 && next != 41) return Refused(DecodeResult::kNotIp, false);
  return Carries(p, link_type::kRaw);
}

/// The GTPv1 header as binpac parses it (gtpv1-protocol.pac): 8 bytes, 4
/// more when any of E, S, PN is set, then with E a chain of extension
/// headers (length in 4-byte units, the last byte the next type, 0 ends).
/// Sets *header to its length; a header binpac cannot parse is a reason.
DecodeResult ReadGtpHeader(std::span<const std::uint8_t> p, std::size_t* header) {
  if (p.size() < kGtpHeader) return DecodeResult::kTruncatedTunnel;
  const std::uint8_t flags = p[0];
  *header = kGtpHeader;
  if ((flags & 0x07) == 0) return DecodeResult::kOk;
  *header += kGtpOptionalFields;
  if (p.size() < *header) return DecodeResult::kTruncatedTunnel;
  if ((flags & 0x04) == 0) return DecodeResult::kOk;
  for (;;) {  // each extension header is at least 4 bytes, so this ends
    if (p.size() <= *header) return DecodeResult::kTruncatedTunnel;
    const std::size_t length = std::size_t{p[*header]} * 4;
    if (length == 0) return DecodeResult::kBadTunnelHeader;
    if (p.size() < *header + length) return DecodeResult::kTruncatedTunnel;
    const std::uint8_t next = p[*header + length - 1];
    *header += length;
    if (next == 0) return DecodeResult::kOk;
  }
}

/// GTPv1.cc and gtpv1-analyzer.pac (process_gtpv1, process_g_pdu).
Decapsulation Gtpv1(std::span<const std::uint8_t> p, const Encapsulation& at, std::uint32_t max_depth) {
  std::size_t header = 0;
  const DecodeResult parsed = ReadGtpHeader(p, &header);
  if (parsed != DecodeResult::kOk) return Refused(parsed, true);
  if (TooDeep(at, max_depth)) return TooDeepFor(false);
  if (at.depth > 0 && at.innermost == TunnelType::kGtpv1) {
    return Refused(DecodeResult::kBadTunnelHeader, true);  // GTP is never inside GTP
  }
  const std::uint8_t flags = p[0];
  if ((flags >> 5) != 1) return Refused(DecodeResult::kBadTunnelHeader, true);  // version
  if ((flags & 0x10) == 0 || p[1] != kGtpGPdu) return Decapsulation{};  // GTP', signalling
  p = p.subspan(header);
  if (p.size() < 20) return Refused(DecodeResult::kTruncatedTunnel, true);
  const int version = p[0] >> 4;
  if (version != 4 && version != 6) return Refused(DecodeResult::kBadTunnelHeader, true);
  switch (FitInnerIp(p, version)) {
    case InnerIpFit::kExact: return Carries(p, link_type::kRaw);
    case InnerIpFit::kShort: return Refused(DecodeResult::kTruncatedTunnel, true);
    case InnerIpFit::kLong:
    case InnerIpFit::kBadVersion: break;
  }
  return Refused(DecodeResult::kBadTunnelHeader, true);
}

}  // namespace

/// Teredo.cc DetectProtocol: an IPv6 header with a Teredo source or
/// destination address, or an IPv6 header behind an origin indication
/// (itself perhaps behind an authentication header).
bool LooksLikeTeredo(std::span<const std::uint8_t> p) {
  if (p.size() < kIpv6Header) return false;
  const bool ipv6 = (p[0] >> 4) == 6;
  if (!ipv6 && (p[0] != 0 || (p[1] != 0 && p[1] != 1))) return false;
  if (ipv6 && (HasTeredoPrefix(p.data() + 8) || HasTeredoPrefix(p.data() + 24))) return true;
  std::uint16_t tag = p[1];
  if (tag == 1) {
    const std::size_t authentication = 13 + std::size_t{p[2]} + p[3];
    if (p.size() < authentication + kIpv6Header) return false;
    p = p.subspan(authentication);
    tag = LoadBe16(p.data());
  }
  if (tag != 0) return false;
  p = p.subspan(8);  // the origin indication
  return p.size() >= kIpv6Header && (p[0] >> 4) == 6;
}

bool ZeekSkipsVxlanChecksum(const DecodedPacket& p) {
  constexpr std::size_t kUdpVxlanEthernet = 8 + kVxlanHeader + 14;
  return p.transport == Transport::kUdp && p.dst_port == udp_tunnel_port::kVxlan && p.segment.size() >= 8 &&
         p.segment[6] == 0 && p.segment[7] == 0 && p.segment_length > kUdpVxlanEthernet &&
         !p.payload.empty() && (p.payload[0] & 0x08) != 0;
}

TunnelType TunnelTypeOf(UdpTunnel tunnel) {
  switch (tunnel) {
    case UdpTunnel::kVxlan: return TunnelType::kVxlan;
    case UdpTunnel::kGeneve: return TunnelType::kGeneve;
    case UdpTunnel::kTeredo: return TunnelType::kTeredo;
    case UdpTunnel::kAyiya: return TunnelType::kAyiya;
    case UdpTunnel::kGtpv1:
    case UdpTunnel::kNone: break;
  }
  return TunnelType::kGtpv1;
}

Decapsulation DecapsulateUdp(UdpTunnel tunnel, std::span<const std::uint8_t> payload,
                             const Encapsulation& at, std::uint32_t max_depth) {
  // All but GTPv1 check the depth before reading anything, and mark the
  // connection that carries the payload.
  if (tunnel == UdpTunnel::kGtpv1) return Gtpv1(payload, at, max_depth);
  if (TooDeep(at, max_depth)) return TooDeepFor(true);
  switch (tunnel) {
    case UdpTunnel::kVxlan: return Vxlan(payload);
    case UdpTunnel::kGeneve: return Geneve(payload);
    case UdpTunnel::kTeredo: return Teredo(payload);
    case UdpTunnel::kAyiya: return Ayiya(payload);
    case UdpTunnel::kGtpv1:
    case UdpTunnel::kNone: break;
  }
  return Decapsulation{};
}

}  // namespace wirecheck::capture
