#include "tests/support/link_framing.h"

#include <gtest/gtest.h>

#include "tests/support/byte_writer.h"

namespace wirecheck::testing {
namespace {

constexpr std::uint16_t kEthertypeIpv4 = 0x0800;
constexpr std::uint16_t kEthertypeIpv6 = 0x86dd;
constexpr std::uint16_t kEthertypeMpls = 0x8847;
constexpr std::uint16_t kEthertypePppoeSession = 0x8864;
constexpr std::uint16_t kEthertypePbb = 0x88e7;
constexpr std::uint16_t kEthertypeVnTag = 0x8926;
constexpr std::uint16_t kEthertypeFabricPath = 0x8903;
constexpr std::uint8_t kMacDst[6] = {0x02, 0, 0, 0, 0, 0x02};
constexpr std::uint8_t kMacSrc[6] = {0x02, 0, 0, 0, 0, 0x01};


/// The bytes between the outer ethertype field and the IP packet: VLAN tags,
/// then MPLS labels or PPPoE. Returns the outer ethertype.
std::uint16_t EthertypeChain(const Framing& framing, int ip_version, std::size_t ip_size,
                             Bytes* rest) {
  std::uint16_t inner = ip_version == 6 ? kEthertypeIpv6 : kEthertypeIpv4;
  Bytes tail;
  if (framing.pppoe && !framing.mpls_labels.empty()) {
    ADD_FAILURE() << "link_framing: PPPoE and MPLS together are not supported";
  }
  if (framing.pppoe) {
    tail = {0x11, 0x00};  // version 1, type 1, code 0 (session data)
    Put16(&tail, 0x0001);  // session id
    Put16(&tail, static_cast<std::uint32_t>(ip_size + 2));  // PPP protocol + IP packet
    Put16(&tail, ip_version == 6 ? 0x0057 : 0x0021);
    inner = kEthertypePppoeSession;
  } else if (!framing.mpls_labels.empty()) {
    for (std::size_t i = 0; i < framing.mpls_labels.size(); ++i) {
      const bool bottom = i + 1 == framing.mpls_labels.size();
      Put32(&tail, framing.mpls_labels[i] << 12 | (bottom ? 0x100u : 0u) | 64u);  // TTL 64
    }
    inner = kEthertypeMpls;
  }
  const auto& tags = framing.vlan_tags;
  for (std::size_t i = 0; i < tags.size(); ++i) {
    Put16(rest, tags[i].id & 0x0fffu);  // priority 0, DEI 0
    Put16(rest, i + 1 < tags.size() ? tags[i + 1].tpid : inner);
  }
  rest->insert(rest->end(), tail.begin(), tail.end());
  return tags.empty() ? inner : tags.front().tpid;
}

void PutMacs(Bytes* out) {
  out->insert(out->end(), std::begin(kMacDst), std::end(kMacDst));
  out->insert(out->end(), std::begin(kMacSrc), std::end(kMacSrc));
}

/// Ethernet up to and including the ethertype (or SNAP) that announces
/// `ethertype`; `rest_size` bytes follow (an 802.3 length counts them).
void AppendEthernetHeader(const Framing& framing, std::uint16_t ethertype, std::size_t rest_size,
                          Bytes* out) {
  if (framing.fabric_path) {
    PutMacs(out);
    Put16(out, kEthertypeFabricPath);
    Put16(out, 0x0001);  // FTag, TTL
  }
  PutMacs(out);
  if (framing.pbb_isid) {
    Put16(out, kEthertypePbb);
    Put32(out, *framing.pbb_isid & 0x00ffffffu);  // priority 0, I-SID
    PutMacs(out);                                  // the customer's MACs
  }
  if (framing.vntag) {
    Put16(out, kEthertypeVnTag);
    Put32(out, *framing.vntag);
  }
  if (framing.snap) {
    Put16(out, static_cast<std::uint32_t>(8 + rest_size));  // LLC + SNAP + the rest
    out->insert(out->end(), {0xaa, 0xaa, 0x03, 0, 0, 0});
  }
  Put16(out, ethertype);
}

/// NFLOG: family, version 0, resource id, a prefix TLV, then the packet TLV.
void AppendNflogHeader(int ip_version, std::size_t ip_size, std::endian order, Bytes* out) {
  *out = {static_cast<std::uint8_t>(ip_version == 6 ? 10 : 2), 0, 0, 1};
  Put16(out, 8, order);  // NFULA_PREFIX "tc" (a 3-byte string, padded)
  Put16(out, 10, order);
  out->insert(out->end(), {'t', 'c', 0, 0});
  Put16(out, static_cast<std::uint32_t>(4 + ip_size), order);
  Put16(out, 9, order);  // NFULA_PAYLOAD
}

void AppendLoopbackHeader(std::uint32_t link_type, int ip_version, const Framing& framing,
                          Bytes* out) {
  const bool null = link_type == capture::link_type::kNull;
  // AF_INET6 as macOS (NULL, little-endian) and OpenBSD (LOOP) write it.
  const std::uint32_t family = framing.loopback_family.value_or(ip_version == 4 ? 2 : (null ? 30 : 24));
  const std::endian order = framing.loopback_order.value_or(null ? std::endian::little : std::endian::big);
  Put32(out, family, order);
}

}  // namespace

capture::OwnedPacket FramePacket(std::span<const std::uint8_t> ip_packet, int ip_version,
                                 std::uint32_t link_type, const Framing& framing) {
  capture::OwnedPacket packet;
  packet.ts = framing.ts;
  packet.link_type = link_type;
  Bytes& out = packet.bytes;
  Bytes rest;
  const std::uint16_t ethertype = EthertypeChain(framing, ip_version, ip_packet.size(), &rest);
  switch (link_type) {
    case capture::link_type::kEthernet:
      AppendEthernetHeader(framing, ethertype, rest.size() + ip_packet.size(), &out);
      break;
    case capture::link_type::kLinuxSll:
      out = {0, 0, 0, 1, 0, 6};  // packet type "to us", ARPHRD_ETHER, address length 6
      out.insert(out.end(), std::begin(kMacSrc), std::end(kMacSrc));
      out.insert(out.end(), {0, 0});  // address padding to 8 bytes
      Put16(&out, ethertype);
      break;
    case capture::link_type::kLinuxSll2:
      Put16(&out, ethertype);
      out.insert(out.end(), {0, 0, 0, 0, 0, 1, 0, 1, 0, 6});  // reserved, ifindex 1, ARPHRD_ETHER, "to us", length 6
      out.insert(out.end(), std::begin(kMacSrc), std::end(kMacSrc));
      out.insert(out.end(), {0, 0});
      break;
    case capture::link_type::kNull:
    case capture::link_type::kLoop:
      AppendLoopbackHeader(link_type, ip_version, framing, &out);
      rest.clear();
      break;
    case capture::link_type::kPpp:
    case capture::link_type::kPppHdlc:
      if (link_type == capture::link_type::kPppHdlc || !framing.ppp_without_hdlc) out = {0xff, 0x03};
      Put16(&out, ip_version == 6 ? 0x0057 : 0x0021);
      rest.clear();
      break;
    case capture::link_type::kNflog:
      AppendNflogHeader(ip_version, ip_packet.size(), framing.nflog_order, &out);
      rest.clear();
      break;
    default:  // raw IP
      rest.clear();
      break;
  }
  out.insert(out.end(), rest.begin(), rest.end());
  out.insert(out.end(), ip_packet.begin(), ip_packet.end());
  packet.wire_length = static_cast<std::uint32_t>(out.size());
  if (framing.truncate_to) packet = TruncateTo(std::move(packet), *framing.truncate_to);
  return packet;
}

capture::OwnedPacket TruncateTo(capture::OwnedPacket packet, std::size_t n) {
  if (packet.wire_length == 0) packet.wire_length = static_cast<std::uint32_t>(packet.bytes.size());
  if (packet.bytes.size() > n) packet.bytes.resize(n);
  return packet;
}

capture::RawPacket AsRawPacket(const capture::OwnedPacket& packet) {
  capture::RawPacket raw;
  raw.ts = packet.ts;
  raw.link_type = packet.link_type;
  raw.data = packet.bytes;
  raw.wire_length = packet.wire_length != 0 ? packet.wire_length
                                            : static_cast<std::uint32_t>(packet.bytes.size());
  return raw;
}

}  // namespace wirecheck::testing
