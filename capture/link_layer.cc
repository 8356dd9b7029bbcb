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
constexpr std::uint16_t kPbb = 0x88e7;        // 802.1ah: I-TAG, then the customer's Ethernet frame
constexpr std::uint16_t kVnTag = 0x8926;      // Cisco VN-Tag
constexpr std::uint16_t kFabricPath = 0x8903; // Cisco FabricPath, before the inner Ethernet header
}  // namespace ethertype

constexpr std::size_t kEthernetHeader = 14;
constexpr std::uint16_t kMax8023Length = 1500;  // below: an 802.3 length; from 1536: an ethertype
constexpr std::uint16_t kMinEthertype = 1536;
constexpr std::size_t kFabricPathHeader = 16;
constexpr std::size_t kVlanTag = 4;       // TCI + inner ethertype
constexpr std::size_t kPbbITag = 4;       // TCI and I-SID; the customer destination MAC follows
constexpr std::size_t kPbbHeader = 18;    // I-TAG + customer MACs and ethertype
constexpr std::size_t kVnTagHeader = 6;   // tag + inner ethertype
constexpr std::size_t kSnapHeader = 5;    // OUI + ethertype, after a 3- or 4-byte LLC header
constexpr std::size_t kMplsLabel = 4;
constexpr std::size_t kPppoeHeader = 8;   // 6 bytes PPPoE + 2 bytes PPP protocol
constexpr std::size_t kPppHdlcHeader = 4; // address 0xff, control 0x03, protocol
constexpr std::size_t kSllHeader = 16;
constexpr std::size_t kSll2Header = 20;
constexpr std::size_t kNullHeader = 4;
constexpr std::size_t kNflogHeader = 4;   // family, version, resource id
constexpr std::size_t kNflogTlvHeader = 4;
constexpr std::uint16_t kNflogPayloadTlv = 9;

constexpr std::uint16_t kPppIpv4 = 0x0021;
constexpr std::uint16_t kPppIpv6 = 0x0057;
constexpr std::uint16_t kPppMpls = 0x0281;

bool IsVlanTag(std::uint16_t type) {
  return type == ethertype::kVlan || type == ethertype::kQinQ || type == ethertype::kQinQOld;
}

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

DecodeResult DecodeRaw(std::span<const std::uint8_t> frame, std::uint8_t ip_version,
                       LinkLayer* out) {
  out->network = frame;
  out->ip_version = ip_version;
  return DecodeResult::kOk;
}

/// The protocol field of PPP (Zeek's PPP, PPPSerial and PPPoE analyzers).
DecodeResult DecodePppProtocol(std::uint16_t protocol, std::span<const std::uint8_t> payload,
                               LinkLayer* out) {
  switch (protocol) {
    case kPppIpv4: return DecodeRaw(payload, 4, out);
    case kPppIpv6: return DecodeRaw(payload, 6, out);
    case kPppMpls: return DecodeMpls(payload, out);
    default: return DecodeResult::kNotIp;  // LCP, IPCP, compressed data, ...
  }
}

DecodeResult DecodePppoe(std::span<const std::uint8_t> payload, LinkLayer* out) {
  if (payload.size() < kPppoeHeader) return DecodeResult::kTruncatedLink;
  const std::uint16_t protocol = LoadBe16(payload.data() + 6);
  if (protocol != kPppIpv4 && protocol != kPppIpv6) return DecodeResult::kNotIp;
  return DecodePppProtocol(protocol, payload.subspan(kPppoeHeader), out);
}

/// LINKTYPE_PPP (Zeek's PPP.cc): HDLC-like framing when the frame starts with
/// ff 03, otherwise the bare 2-byte protocol.
DecodeResult DecodePpp(std::span<const std::uint8_t> frame, LinkLayer* out) {
  if (frame.size() <= 2) return DecodeResult::kTruncatedLink;
  if (frame[0] != 0xff || frame[1] != 0x03) {
    return DecodePppProtocol(LoadBe16(frame.data()), frame.subspan(2), out);
  }
  if (frame.size() <= kPppHdlcHeader) return DecodeResult::kTruncatedLink;
  return DecodePppProtocol(LoadBe16(frame.data() + 2), frame.subspan(kPppHdlcHeader), out);
}

/// An 802.2 frame (Zeek's SNAP.cc): only SNAP with the zero OUI carries an
/// ethertype, and only IP is decoded behind it; plain LLC and Novell raw
/// 802.3 frames are not IP.
DecodeResult ReadSnapHeader(std::span<const std::uint8_t>* payload, std::uint16_t* type) {
  const std::span<const std::uint8_t> llc = *payload;
  if (llc.size() < 2 || llc[0] != 0xaa || llc[1] != 0xaa) return DecodeResult::kNotIp;
  if (llc.size() < 3) return DecodeResult::kTruncatedLink;
  const std::size_t llc_length = (llc[2] & 0x03) == 0x03 ? 3 : 4;  // unnumbered PDUs: 3
  if (llc.size() < llc_length + kSnapHeader) return DecodeResult::kTruncatedLink;
  const std::uint8_t* snap = llc.data() + llc_length;
  if ((snap[0] | snap[1] | snap[2]) != 0) return DecodeResult::kNotIp;  // an organisation's own
  *type = LoadBe16(snap + 3);
  if (*type != ethertype::kIpv4 && *type != ethertype::kIpv6) return DecodeResult::kNotIp;
  *payload = llc.subspan(llc_length + kSnapHeader);
  return DecodeResult::kOk;
}

/// The Ethernet header at the start of `frame` (Zeek's Ethernet.cc): an
/// Ethernet II ethertype, or an 802.3 length followed by SNAP; a Cisco
/// FabricPath header is skipped first. Sets *type and *payload on kOk.
DecodeResult ReadEthernetHeader(std::span<const std::uint8_t> frame, std::uint16_t* type,
                                std::span<const std::uint8_t>* payload) {
  if (frame.size() < kEthernetHeader) return DecodeResult::kTruncatedLink;
  if (LoadBe16(frame.data() + 12) == ethertype::kFabricPath) {
    if (frame.size() <= kFabricPathHeader + kEthernetHeader) return DecodeResult::kTruncatedLink;
    frame = frame.subspan(kFabricPathHeader);
  }
  *type = LoadBe16(frame.data() + 12);
  *payload = frame.subspan(kEthernetHeader);
  if (*type >= kMinEthertype) return DecodeResult::kOk;
  if (*type > kMax8023Length) return DecodeResult::kNotIp;  // neither a length nor a type
  if (payload->size() < *type) return DecodeResult::kTruncatedLink;
  return ReadSnapHeader(payload, type);
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

/// LINKTYPE_NFLOG (Zeek's NFLog.cc): a family byte, then TLVs until the one
/// holding the packet. TLV lengths and types are in the capturing host's
/// byte order; types are small, so the order that reads one below 256 is
/// right. Each TLV is padded to 4 bytes.
DecodeResult DecodeNflog(std::span<const std::uint8_t> frame, LinkLayer* out) {
  if (frame.size() <= kNflogHeader) return DecodeResult::kTruncatedLink;
  const std::uint8_t family = frame[0];
  if (frame[1] != 0) return DecodeResult::kNotIp;  // an NFLOG version Zeek does not know
  std::span<const std::uint8_t> tlvs = frame.subspan(kNflogHeader);
  for (;;) {
    if (tlvs.size() <= kNflogTlvHeader) return DecodeResult::kTruncatedLink;  // no packet TLV
    std::uint16_t length = LoadLe16(tlvs.data());
    std::uint16_t type = LoadLe16(tlvs.data() + 2);
    if (type > 0xff) {
      length = LoadBe16(tlvs.data());
      type = LoadBe16(tlvs.data() + 2);
    }
    if (type == kNflogPayloadTlv) break;
    if (length < kNflogTlvHeader) return DecodeResult::kTruncatedLink;
    const std::size_t padded = (std::size_t{length} + 3) & ~std::size_t{3};
    if (padded > tlvs.size()) return DecodeResult::kTruncatedLink;
    tlvs = tlvs.subspan(padded);
  }
  const std::uint8_t version = family == 2 ? 4 : family == 10 ? 6 : 0;
  if (version == 0) return DecodeResult::kNotIp;
  return DecodeRaw(tlvs.subspan(kNflogTlvHeader), version, out);
}

/// Every link type but Ethernet II.
[[gnu::noinline]] DecodeResult DecodeOtherLinkLayer(std::uint32_t link_type,
                                                    std::span<const std::uint8_t> frame,
                                                    LinkLayer* out) {
  switch (link_type) {
    case link_type::kLinuxSll:
      if (frame.size() < kSllHeader) return DecodeResult::kTruncatedLink;
      return DecodeEthertype(LoadBe16(frame.data() + 14), frame.subspan(kSllHeader), out);
    case link_type::kLinuxSll2:
      if (frame.size() < kSll2Header) return DecodeResult::kTruncatedLink;
      return DecodeEthertype(LoadBe16(frame.data()), frame.subspan(kSll2Header), out);
    case link_type::kNull:
    case link_type::kLoop: return DecodeLoopback(frame, out);
    case link_type::kPpp: return DecodePpp(frame, out);
    case link_type::kPppHdlc:
      // Zeek's PPPSerial.cc: more than the 4 header bytes.
      if (frame.size() <= kPppHdlcHeader) return DecodeResult::kTruncatedLink;
      return DecodePppProtocol(LoadBe16(frame.data() + 2), frame.subspan(kPppHdlcHeader), out);
    case link_type::kNflog: return DecodeNflog(frame, out);
    case link_type::kRaw:
    case link_type::kRawDlt:
    case link_type::kRawDltOpenBsd: return DecodeRaw(frame, 0, out);
    case link_type::kIpv4: return DecodeRaw(frame, 4, out);
    case link_type::kIpv6: return DecodeRaw(frame, 6, out);
    default: return DecodeResult::kUnsupportedLinkType;
  }
}

/// FabricPath and 802.3 frames.
[[gnu::noinline]] DecodeResult DecodeOtherEthernet(std::span<const std::uint8_t> frame,
                                                   LinkLayer* out) {
  std::uint16_t type = 0;
  std::span<const std::uint8_t> payload;
  const DecodeResult result = ReadEthernetHeader(frame, &type, &payload);
  if (result != DecodeResult::kOk) return result;
  return DecodeEthertype(type, payload, out);
}

}  // namespace

DecodeResult DecodeEthertype(std::uint16_t type, std::span<const std::uint8_t> payload,
                             LinkLayer* out) {
  // Tags and nested frames in any number; each step consumes at least 4
  // bytes, so the loop ends.
  for (;;) {
    switch (type) {
      case ethertype::kVlan:
      case ethertype::kQinQ:
      case ethertype::kQinQOld:
        if (payload.size() < kVlanTag) return DecodeResult::kTruncatedLink;
        type = LoadBe16(payload.data() + 2);
        payload = payload.subspan(kVlanTag);
        break;
      case ethertype::kPbb: {
        // Zeek's PBB.cc: more than the 18 header bytes, then the customer
        // frame from its destination MAC on, decoded as Ethernet.
        if (payload.size() <= kPbbHeader) return DecodeResult::kTruncatedLink;
        const DecodeResult result = ReadEthernetHeader(payload.subspan(kPbbITag), &type, &payload);
        if (result != DecodeResult::kOk) return result;
        break;
      }
      case ethertype::kVnTag:
        // Zeek's VNTag.cc: more than the 6 header bytes; its script hands
        // on only VLAN tags, so VN-Tag straight before IP is not decoded.
        if (payload.size() <= kVnTagHeader) return DecodeResult::kTruncatedLink;
        type = LoadBe16(payload.data() + 4);
        payload = payload.subspan(kVnTagHeader);
        if (!IsVlanTag(type)) return DecodeResult::kNotIp;
        break;
      case ethertype::kIpv4: return DecodeRaw(payload, 4, out);
      case ethertype::kIpv6: return DecodeRaw(payload, 6, out);
      case ethertype::kMplsUnicast:
      case ethertype::kMplsMulticast: return DecodeMpls(payload, out);
      case ethertype::kPppoeSession: return DecodePppoe(payload, out);
      default: return DecodeResult::kNotIp;
    }
  }
}

DecodeResult DecodeLinkLayer(std::uint32_t link_type, std::span<const std::uint8_t> frame,
                             LinkLayer* out) {
  // Ethernet II first and on its own: FabricPath and 802.3 frames, and the
  // other link types, take the longer way (bench/capture_bench: folding
  // them into one switch cost every Ethernet packet ~17 instructions).
  if (link_type == link_type::kEthernet) {
    if (frame.size() < kEthernetHeader) return DecodeResult::kTruncatedLink;
    const std::uint16_t type = LoadBe16(frame.data() + 12);
    if (type >= kMinEthertype && type != ethertype::kFabricPath) {
      return DecodeEthertype(type, frame.subspan(kEthernetHeader), out);
    }
    return DecodeOtherEthernet(frame, out);
  }
  return DecodeOtherLinkLayer(link_type, frame, out);
}

}  // namespace wirecheck::capture
