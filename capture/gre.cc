#include "capture/gre.h"

#include "capture/byte_order.h"

namespace wirecheck::capture {
namespace {

namespace flag {
constexpr std::uint16_t kChecksum = 0x8000;
constexpr std::uint16_t kRouting = 0x4000;
constexpr std::uint16_t kKey = 0x2000;
constexpr std::uint16_t kSequence = 0x1000;
constexpr std::uint16_t kAck = 0x0080;      // enhanced GRE (PPTP)
constexpr std::uint16_t kReserved = 0x0078;
constexpr std::uint16_t kVersion = 0x0007;
}  // namespace flag

namespace protocol {
constexpr std::uint16_t kTransparentEthernet = 0x6558;
constexpr std::uint16_t kErspanI = 0x88be;   // type II when the sequence flag is set
constexpr std::uint16_t kErspanIII = 0x22eb;
constexpr std::uint16_t kPpp = 0x880b;       // PPTP
}  // namespace protocol

constexpr std::size_t kEthernetHeader = 14;
constexpr std::size_t kPppHeader = 4;        // address, control, protocol
constexpr std::size_t kErspanII = 8;
constexpr std::size_t kErspanIII = 12;
constexpr std::size_t kErspanIIISubheader = 8;
constexpr std::uint16_t kPppIpv4 = 0x0021;
constexpr std::uint16_t kPppIpv6 = 0x0057;
constexpr std::uint32_t kLinkIeee80211 = 105;  // Aruba: not decoded by wirecheck

/// 4 bytes of flags and protocol, then each optional field the flags announce.
std::size_t GreHeaderLength(std::uint16_t flags) {
  std::size_t length = 4;
  for (std::uint16_t optional : {flag::kChecksum, flag::kKey, flag::kSequence, flag::kAck}) {
    if ((flags & optional) != 0) length += 4;
  }
  return length;
}

/// Aruba's WLAN protocol types, which Zeek hands to its 802.11 analyzer.
bool IsAruba(std::uint16_t type) {
  return ((type & 0x8200u) == 0x8200u && (type & 0x0fu) == 0) ||
         ((type & 0x8300u) == 0x8300u && (type & 0x0fu) == 0 && type <= 0x8370u) || type == 0x9000u;
}

/// Version 0: what follows the GRE header, by protocol type. `extra` is the
/// ERSPAN header to skip; `needed` the bytes past the GRE header that Zeek
/// wants before it looks further.
DecodeResult ClassifyVersion0(std::span<const std::uint8_t> bytes, std::uint16_t flags,
                              std::uint16_t type, std::size_t gre_length, std::size_t* extra,
                              std::size_t* needed, std::uint32_t* link_type) {
  const std::size_t size = bytes.size();
  switch (type) {
    case protocol::kTransparentEthernet:
      if (size <= gre_length + kEthernetHeader) return DecodeResult::kTruncatedTunnel;
      *needed = kEthernetHeader;
      *link_type = link_type::kEthernet;
      return DecodeResult::kOk;
    case protocol::kErspanI:
      if (size <= gre_length + kEthernetHeader) return DecodeResult::kTruncatedTunnel;
      *extra = (flags & flag::kSequence) != 0 ? kErspanII : 0;
      *needed = kEthernetHeader + *extra;
      *link_type = link_type::kEthernet;
      return size < gre_length + *needed ? DecodeResult::kTruncatedTunnel : DecodeResult::kOk;
    case protocol::kErspanIII: {
      if (size <= gre_length + kEthernetHeader + kErspanIII) return DecodeResult::kTruncatedTunnel;
      *extra = kErspanIII;
      if ((bytes[gre_length + kErspanIII - 1] & 0x01) != 0) {  // the optional sub-header
        if (size <= gre_length + kErspanIII + kErspanIIISubheader + kEthernetHeader) {
          return DecodeResult::kTruncatedTunnel;
        }
        *extra += kErspanIIISubheader;
      }
      *needed = kEthernetHeader + *extra;
      *link_type = link_type::kEthernet;
      return DecodeResult::kOk;
    }
    default:
      if (IsAruba(type)) {
        if (size <= gre_length) return DecodeResult::kTruncatedTunnel;
        *link_type = kLinkIeee80211;
      }
      // Any other type is handed to the IP tunnel analyzer as raw IP.
      return DecodeResult::kOk;
  }
}

}  // namespace

DecodeResult DecodeGre(std::span<const std::uint8_t> bytes, InnerPacket* inner) {
  if (bytes.size() < 4) return DecodeResult::kTruncatedTunnel;
  const std::uint16_t flags = LoadBe16(bytes.data());
  const std::uint16_t type = LoadBe16(bytes.data() + 2);
  const std::uint16_t version = flags & flag::kVersion;
  const std::size_t gre_length = GreHeaderLength(flags);
  std::size_t extra = 0;   // ERSPAN, or PPTP's PPP header
  std::size_t needed = 0;
  std::uint32_t link_type = link_type::kRaw;

  if (version == 0) {
    const DecodeResult result = ClassifyVersion0(bytes, flags, type, gre_length, &extra, &needed, &link_type);
    if (result != DecodeResult::kOk) return result;
  } else if (version == 1) {
    if (type != protocol::kPpp) return DecodeResult::kBadTunnelHeader;
    extra = kPppHeader;
    needed = kPppHeader;
  } else {
    return DecodeResult::kBadTunnelHeader;
  }
  // RFC 2784 deprecated the routing field; the reserved flags must be zero.
  if ((flags & (flag::kRouting | flag::kReserved)) != 0) return DecodeResult::kBadTunnelHeader;
  if (bytes.size() < gre_length + needed) return DecodeResult::kTruncatedTunnel;

  if (version == 1) {
    const std::uint16_t ppp = LoadBe16(bytes.data() + gre_length + 2);
    if (ppp != kPppIpv4 && ppp != kPppIpv6) return DecodeResult::kNotIp;
    link_type = ppp == kPppIpv4 ? link_type::kIpv4 : link_type::kIpv6;
  }
  inner->bytes = bytes.subspan(gre_length + extra);
  inner->link_type = link_type;
  return DecodeResult::kOk;
}

}  // namespace wirecheck::capture
