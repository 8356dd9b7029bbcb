#include "capture/link_layer.h"

#include "capture/byte_order.h"

namespace wirecheck::capture {
namespace {

namespace ethertype {
constexpr std::uint16_t kIpv4 = 0x0800;
constexpr std::uint16_t kIpv6 = 0x86dd;
constexpr std::uint16_t kVlan = 0x8100;       // 802.1Q
constexpr std::uint16_t kQinQ = 0x88a8;       // 802.1ad service tag
constexpr std::uint16_t kQinQOld = 0x9100;    // pre-802.1ad vendor QinQ
constexpr std::uint16_t kMplsUnicast = 0x8847;
constexpr std::uint16_t kMplsMulticast = 0x8848;
constexpr std::uint16_t kPppoeSession = 0x8864;
}  // namespace ethertype

constexpr std::size_t kEthernetHeader = 14;
constexpr std::size_t kVlanTag = 4;       // TCI + inner ethertype
constexpr std::size_t kMplsLabel = 4;
constexpr std::size_t kPppoeHeader = 8;   // 6 bytes PPPoE + 2 bytes PPP protocol
constexpr std::size_t kSllHeader = 16;
constexpr std::size_t kSll2Header = 20;
constexpr std::size_t kNullHeader = 4;

constexpr std::uint16_t kPppIpv4 = 0x0021;
constexpr std::uint16_t kPppIpv6 = 0x0057;

/// An MPLS stack ends at the label with the bottom-of-stack bit; what follows
/// carries no type, so the IP version nibble decides (Zeek does the same).
DecodeResult DecodeMpls(std::span<const std::uint8_t> payload, LinkLayer* out) {
  for (;;) {
    if (payload.size() < kMplsLabel) return DecodeResult::kTruncatedLink;
    const bool bottom = (payload[2] & 0x01) != 0;
    payload = payload.subspan(kMplsLabel);
    if (bottom) break;
  }
  if (payload.empty()) return DecodeResult::kTruncatedIp;
  const int version = payload[0] >> 4;
  if (version != 4 && version != 6) return DecodeResult::kNotIp;  // e.g. an Ethernet pseudowire
  out->network = payload;
  out->ip_version = 0;
  return DecodeResult::kOk;
}

DecodeResult DecodePppoe(std::span<const std::uint8_t> payload, LinkLayer* out) {
  if (payload.size() < kPppoeHeader) return DecodeResult::kTruncatedLink;
  const std::uint16_t protocol = LoadBe16(payload.data() + 6);
  if (protocol != kPppIpv4 && protocol != kPppIpv6) return DecodeResult::kNotIp;
  out->network = payload.subspan(kPppoeHeader);
  out->ip_version = protocol == kPppIpv4 ? 4 : 6;
  return DecodeResult::kOk;
}

/// BSD loopback address families: AF_INET is 2 everywhere, AF_INET6 differs
/// by OS (Linux 10, NetBSD/OpenBSD 24, FreeBSD 28, macOS 30).
std::uint8_t IpVersionOfFamily(std::uint32_t family) {
  switch (family) {
    case 2: return 4;
    case 10: case 24: case 28: case 30: return 6;
    default: return 0;
  }
}

/// NULL stores the family in the capturing host's byte order, which the file
/// does not record; the values are small, so the order whose high bytes are
/// zero is the right one. LOOP is network order, which the same rule covers.
DecodeResult DecodeLoopback(std::span<const std::uint8_t> frame, LinkLayer* out) {
  if (frame.size() < kNullHeader) return DecodeResult::kTruncatedLink;
  const std::uint32_t little = LoadLe32(frame.data());
  const std::uint32_t family = little <= 0xffff ? little : LoadBe32(frame.data());
  out->ip_version = IpVersionOfFamily(family);
  if (out->ip_version == 0) return DecodeResult::kNotIp;
  out->network = frame.subspan(kNullHeader);
  return DecodeResult::kOk;
}

DecodeResult DecodeRaw(std::span<const std::uint8_t> frame, std::uint8_t ip_version,
                       LinkLayer* out) {
  out->network = frame;
  out->ip_version = ip_version;
  return DecodeResult::kOk;
}

}  // namespace

DecodeResult DecodeEthertype(std::uint16_t type, std::span<const std::uint8_t> payload,
                             LinkLayer* out) {
  // Any number of stacked tags; each consumes 4 bytes, so the loop ends.
  while (type == ethertype::kVlan || type == ethertype::kQinQ || type == ethertype::kQinQOld) {
    if (payload.size() < kVlanTag) return DecodeResult::kTruncatedLink;
    type = LoadBe16(payload.data() + 2);
    payload = payload.subspan(kVlanTag);
  }
  switch (type) {
    case ethertype::kIpv4: return DecodeRaw(payload, 4, out);
    case ethertype::kIpv6: return DecodeRaw(payload, 6, out);
    case ethertype::kMplsUnicast:
    case ethertype::kMplsMulticast: return DecodeMpls(payload, out);
    case ethertype::kPppoeSession: return DecodePppoe(payload, out);
    default: return DecodeResult::kNotIp;
  }
}

DecodeResult DecodeLinkLayer(std::uint32_t link_type, std::span<const std::uint8_t> frame,
                             LinkLayer* out) {
  switch (link_type) {
    case link_type::kEthernet:
      if (frame.size() < kEthernetHeader) return DecodeResult::kTruncatedLink;
      return DecodeEthertype(LoadBe16(frame.data() + 12), frame.subspan(kEthernetHeader), out);
    case link_type::kLinuxSll:
      if (frame.size() < kSllHeader) return DecodeResult::kTruncatedLink;
      return DecodeEthertype(LoadBe16(frame.data() + 14), frame.subspan(kSllHeader), out);
    case link_type::kLinuxSll2:
      if (frame.size() < kSll2Header) return DecodeResult::kTruncatedLink;
      return DecodeEthertype(LoadBe16(frame.data()), frame.subspan(kSll2Header), out);
    case link_type::kNull:
    case link_type::kLoop: return DecodeLoopback(frame, out);
    case link_type::kRaw:
    case link_type::kRawDlt:
    case link_type::kRawDltOpenBsd: return DecodeRaw(frame, 0, out);
    case link_type::kIpv4: return DecodeRaw(frame, 4, out);
    case link_type::kIpv6: return DecodeRaw(frame, 6, out);
    default: return DecodeResult::kUnsupportedLinkType;
  }
}

}  // namespace wirecheck::capture
