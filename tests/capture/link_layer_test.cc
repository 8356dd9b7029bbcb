// Link layers of Decode(): every supported link type, VLAN tags, MPLS label
// stacks, PPPoE, PBB, VN-Tag, FabricPath, SNAP, PPP, NFLOG, and the reasons
// for frames that are not IP. Zeek's rules: src/packet_analysis/protocol/
// (ethernet, pbb, vntag, snap, ppp, ppp_serial, nflog) and the dispatch in
// scripts/base/packet-protocols/*/main.zeek.

#include "capture/link_layer.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "capture/decoder.h"
#include "tests/support/packet_builder.h"

namespace wirecheck::capture {
namespace {

using testing::DecodeFrame;
using testing::DecodedFrame;
using testing::Bytes;
using testing::FromHex;
using testing::TcpPacket;
using testing::UdpPacket;

std::string Text(std::span<const std::uint8_t> bytes) { return std::string(bytes.begin(), bytes.end()); }

OwnedPacket Frame(std::uint32_t link_type, Bytes bytes) {
  OwnedPacket packet;
  packet.link_type = link_type;
  packet.bytes = std::move(bytes);
  return packet;
}

Bytes Concat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// What Decode() says of a frame of `link` written in hex (then `tail`).
DecodeResult ResultOf(std::uint32_t link, std::string_view hex, const Bytes& tail = {}) {
  return DecodeFrame(Frame(link, Concat(FromHex(hex), tail))).result;
}

TcpPacket SampleV4() {
  return TcpPacket().From("192.0.2.1", 1234).To("198.51.100.2", 80).Seq(7).Payload("hello");
}

TcpPacket SampleV6() {
  return TcpPacket().From("2001:db8::1", 1234).To("2001:db8::2", 80).Seq(7).Payload("hello");
}

void ExpectSample(const DecodedFrame& frame, int ip_version) {
  ASSERT_EQ(frame.result, DecodeResult::kOk);
  const DecodedPacket& d = frame.decoded;
  EXPECT_EQ(d.ip_version, ip_version);
  EXPECT_EQ(d.src.ToString(), ip_version == 4 ? "192.0.2.1" : "2001:db8::1");
  EXPECT_EQ(d.dst.ToString(), ip_version == 4 ? "198.51.100.2" : "2001:db8::2");
  EXPECT_EQ(d.transport, Transport::kTcp);
  EXPECT_EQ(d.src_port, 1234);
  EXPECT_EQ(d.dst_port, 80);
  EXPECT_EQ(d.seq, 7u);
  EXPECT_EQ(Text(d.payload), "hello");
}

constexpr std::uint32_t kIpv4LinkTypes[] = {
    link_type::kEthernet, link_type::kLinuxSll, link_type::kLinuxSll2, link_type::kNull,
    link_type::kLoop,     link_type::kRaw,      link_type::kRawDlt,    link_type::kRawDltOpenBsd,
    link_type::kIpv4,     link_type::kPpp,      link_type::kPppHdlc,   link_type::kNflog};
constexpr std::uint32_t kIpv6LinkTypes[] = {
    link_type::kEthernet, link_type::kLinuxSll, link_type::kLinuxSll2, link_type::kNull,
    link_type::kLoop,     link_type::kRaw,      link_type::kRawDlt,    link_type::kRawDltOpenBsd,
    link_type::kIpv6,     link_type::kPpp,      link_type::kPppHdlc,   link_type::kNflog};

TEST(LinkLayerTest, DecodesIpv4OverEveryLinkType) {
  for (std::uint32_t type : kIpv4LinkTypes) {
    SCOPED_TRACE("link type " + std::to_string(type));
    ExpectSample(DecodeFrame(SampleV4().Build(type)), 4);
  }
}

TEST(LinkLayerTest, DecodesIpv6OverEveryLinkType) {
  for (std::uint32_t type : kIpv6LinkTypes) {
    SCOPED_TRACE("link type " + std::to_string(type));
    ExpectSample(DecodeFrame(SampleV6().Build(type)), 6);
  }
}

// Headers written byte by byte from the link-type specifications, so the
// builder is not the only source of truth for the framing.
TEST(LinkLayerTest, DecodesHandWrittenLinuxCookedHeaders) {
  const Bytes ip = SampleV4().IpBytes();
  // SLL: packet type 4 (outgoing), ARPHRD 772 (loopback), address length 0,
  // 8 address bytes, protocol 0x0800.
  const Bytes sll = FromHex("0004 0304 0000 0000000000000000 0800");
  // SLL2: protocol 0x0800, reserved, ifindex 1, ARPHRD 772, packet type 4,
  // address length 0, 8 address bytes.
  const Bytes sll2 = FromHex("0800 0000 00000001 0304 04 00 0000000000000000");
  ExpectSample(DecodeFrame(Frame(link_type::kLinuxSll, Concat(sll, ip))), 4);
  ExpectSample(DecodeFrame(Frame(link_type::kLinuxSll2, Concat(sll2, ip))), 4);
}

TEST(LinkLayerTest, IpVersionLinkTypesRejectTheOtherVersion) {
  EXPECT_EQ(DecodeFrame(Frame(link_type::kIpv4, SampleV6().IpBytes())).result, DecodeResult::kBadIpHeader);
  EXPECT_EQ(DecodeFrame(Frame(link_type::kIpv6, SampleV4().IpBytes())).result, DecodeResult::kBadIpHeader);
  // Ethertype 0x0800 announcing IPv4 in front of an IPv6 packet.
  EXPECT_EQ(DecodeFrame(Frame(link_type::kEthernet,
                              Concat(FromHex("020000000002 020000000001 0800"), SampleV6().IpBytes())))
                .result,
            DecodeResult::kBadIpHeader);
}

TEST(LinkLayerTest, NullAcceptsEitherHostByteOrderAndEveryBsdIpv6Family) {
  for (std::endian order : {std::endian::little, std::endian::big}) {
    EXPECT_EQ(DecodeFrame(SampleV4().LoopbackFamily(2, order).Build(link_type::kNull)).result,
              DecodeResult::kOk);
    for (std::uint32_t family : {10u, 24u, 28u, 30u}) {
      SCOPED_TRACE("AF_INET6 = " + std::to_string(family));
      ExpectSample(DecodeFrame(SampleV6().LoopbackFamily(family, order).Build(link_type::kNull)), 6);
    }
  }
}

TEST(LinkLayerTest, NullAndLoopWithOtherFamiliesAreNotIp) {
  // 7 is AF_ISO (OSI) on the BSDs; 0 is unspecified.
  for (std::uint32_t family : {0u, 7u, 23u}) {
    EXPECT_EQ(DecodeFrame(SampleV4().LoopbackFamily(family, std::endian::little).Build(link_type::kNull)).result,
              DecodeResult::kNotIp);
    EXPECT_EQ(DecodeFrame(SampleV4().LoopbackFamily(family, std::endian::big).Build(link_type::kLoop)).result,
              DecodeResult::kNotIp);
  }
}

TEST(LinkLayerTest, HandWrittenLoopHeaderIsNetworkOrder) {
  // AF_INET6 = 24 on OpenBSD, in network order.
  ExpectSample(DecodeFrame(Frame(link_type::kLoop, Concat(FromHex("00000018"), SampleV6().IpBytes()))), 6);
  // NULL from a little-endian host: AF_INET = 2, least significant byte first.
  ExpectSample(DecodeFrame(Frame(link_type::kNull, Concat(FromHex("02000000"), SampleV4().IpBytes()))), 4);
}

TEST(LinkLayerTest, SkipsOneVlanTag) {
  const OwnedPacket packet = SampleV4().Vlan(100).Build(link_type::kEthernet);
  EXPECT_EQ(packet.bytes.size(), 14u + 4u + 20u + 20u + 5u);
  ExpectSample(DecodeFrame(packet), 4);
}

TEST(LinkLayerTest, SkipsStackedVlanTagsOfEveryTagType) {
  ExpectSample(DecodeFrame(SampleV6().Vlan(10, 0x88a8).Vlan(20).Build(link_type::kEthernet)), 6);
  ExpectSample(DecodeFrame(SampleV4().Vlan(1, 0x9100).Vlan(2, 0x88a8).Vlan(3).Build(link_type::kEthernet)), 4);
  ExpectSample(DecodeFrame(SampleV4().Vlan(5).Build(link_type::kLinuxSll)), 4);
  ExpectSample(DecodeFrame(SampleV4().Vlan(5).Build(link_type::kLinuxSll2)), 4);
}

TEST(LinkLayerTest, FollowsMplsLabelStacksToIpByVersionNibble) {
  ExpectSample(DecodeFrame(SampleV4().Mpls(16).Build(link_type::kEthernet)), 4);
  ExpectSample(DecodeFrame(SampleV6().Mpls(16).Mpls(1000).Build(link_type::kEthernet)), 6);
  ExpectSample(DecodeFrame(SampleV4().Vlan(7).Mpls(16).Mpls(17).Build(link_type::kEthernet)), 4);
}

TEST(LinkLayerTest, MplsMulticastEthertypeIsFollowedToo) {
  // Ethertype 0x8848, one label (16, bottom of stack, TTL 64).
  const Bytes frame = Concat(FromHex("020000000002 020000000001 8848 00010140"), SampleV4().IpBytes());
  ExpectSample(DecodeFrame(Frame(link_type::kEthernet, frame)), 4);
}

TEST(LinkLayerTest, MplsPayloadThatIsNotIpIsNotIp) {
  // An Ethernet pseudowire: a control word (first nibble 0) after the label.
  const Bytes frame = FromHex("020000000002 020000000001 8847 00010140 00000000 020000000002");
  EXPECT_EQ(DecodeFrame(Frame(link_type::kEthernet, frame)).result, DecodeResult::kNotIp);
}

TEST(LinkLayerTest, DecodesPppoeSessionsCarryingIpv4AndIpv6) {
  ExpectSample(DecodeFrame(SampleV4().Pppoe().Build(link_type::kEthernet)), 4);
  ExpectSample(DecodeFrame(SampleV6().Vlan(3).Pppoe().Build(link_type::kEthernet)), 6);
}

TEST(LinkLayerTest, PppoeControlProtocolsAreNotIp) {
  // PPPoE session carrying LCP (0xc021).
  const Bytes frame = FromHex("020000000002 020000000001 8864 1100 0001 0006 c021 01010004");
  EXPECT_EQ(DecodeFrame(Frame(link_type::kEthernet, frame)).result, DecodeResult::kNotIp);
}

TEST(LinkLayerTest, OtherEthertypesAndLlcFramesAreNotIp) {
  // ARP request.
  EXPECT_EQ(DecodeFrame(Frame(link_type::kEthernet,
                              FromHex("ffffffffffff 020000000001 0806 0001080006040001 020000000001 "
                                      "0a000001 000000000000 0a000002")))
                .result,
            DecodeResult::kNotIp);
  // 802.3 frame: a length (3) where the ethertype would be, then LLC.
  EXPECT_EQ(DecodeFrame(Frame(link_type::kEthernet, FromHex("0180c2000000 020000000001 0003 424203"))).result,
            DecodeResult::kNotIp);
  // A VLAN-tagged ARP.
  EXPECT_EQ(DecodeFrame(Frame(link_type::kEthernet, FromHex("ffffffffffff 020000000001 8100 0064 0806 0001")))
                .result,
            DecodeResult::kNotIp);
  // SLL with protocol 0x0004 (802.2 LLC frames).
  EXPECT_EQ(DecodeFrame(Frame(link_type::kLinuxSll, FromHex("0000 0001 0006 020000000001 0000 0004 4242"))).result,
            DecodeResult::kNotIp);
}

TEST(LinkLayerTest, UnknownLinkTypeIsUnsupported) {
  for (std::uint32_t type : {2u, 105u, 127u, 147u, 0xffffffffu}) {
    EXPECT_EQ(DecodeFrame(Frame(type, SampleV4().IpBytes())).result, DecodeResult::kUnsupportedLinkType);
  }
}

TEST(LinkLayerTest, FramesCutInsideLinkHeadersAreTruncatedLink) {
  struct Case {
    const char* what;
    OwnedPacket packet;
    std::size_t keep;
  };
  const Case cases[] = {
      {"ethernet", SampleV4().Build(link_type::kEthernet), 13},
      {"vlan tag", SampleV4().Vlan(1).Build(link_type::kEthernet), 17},
      {"second vlan tag", SampleV4().Vlan(1).Vlan(2).Build(link_type::kEthernet), 21},
      {"mpls label", SampleV4().Mpls(16).Mpls(17).Build(link_type::kEthernet), 20},
      {"pppoe", SampleV4().Pppoe().Build(link_type::kEthernet), 21},
      {"pbb", SampleV4().Pbb(7).Build(link_type::kEthernet), 14 + 18},
      {"vn-tag", SampleV4().VnTag(1).Vlan(2).Build(link_type::kEthernet), 14 + 6},
      {"fabric path", SampleV4().FabricPath().Build(link_type::kEthernet), 16 + 14},
      {"snap", SampleV4().Snap().Build(link_type::kEthernet), 14 + 7},
      {"ppp", SampleV4().Build(link_type::kPpp), 4},
      {"ppp without hdlc", SampleV4().PppWithoutHdlc().Build(link_type::kPpp), 2},
      {"ppp serial", SampleV4().Build(link_type::kPppHdlc), 4},
      {"nflog", SampleV4().Build(link_type::kNflog), 4 + 8 + 4},
      {"sll", SampleV4().Build(link_type::kLinuxSll), 15},
      {"sll2", SampleV4().Build(link_type::kLinuxSll2), 19},
      {"null", SampleV4().Build(link_type::kNull), 3},
      {"loop", SampleV4().Build(link_type::kLoop), 2},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(DecodeFrame(testing::TruncateTo(c.packet, c.keep)).result, DecodeResult::kTruncatedLink);
  }
}

TEST(LinkLayerTest, NothingAfterTheLinkHeaderIsTruncatedIp) {
  EXPECT_EQ(DecodeFrame(SampleV4().TruncateTo(14).Build(link_type::kEthernet)).result, DecodeResult::kTruncatedIp);
  EXPECT_EQ(DecodeFrame(SampleV4().Mpls(3).TruncateTo(18).Build(link_type::kEthernet)).result,
            DecodeResult::kTruncatedIp);
  EXPECT_EQ(DecodeFrame(Frame(link_type::kRaw, {})).result, DecodeResult::kTruncatedIp);
}

TEST(LinkLayerTest, UdpIsDecodedBehindTheSameLinkLayers) {
  const DecodedFrame frame =
      DecodeFrame(UdpPacket().From("10.1.1.1", 5353).To("10.1.1.2", 53).Payload("q").Vlan(4).Build());
  ASSERT_EQ(frame.result, DecodeResult::kOk);
  const DecodedPacket& d = frame.decoded;
  EXPECT_EQ(d.transport, Transport::kUdp);
  EXPECT_EQ(d.src_port, 5353);
  EXPECT_EQ(Text(d.payload), "q");
}

// 802.1ah: Zeek's PBB analyzer skips the 4-byte I-TAG and decodes the
// customer frame as Ethernet (pbb/PBB.cc, pbb/main.zeek); Zeek's core.pbb
// baseline logs the TCP connection inside (ShADFaf, SF).
TEST(LinkLayerTest, DecodesProviderBackboneBridgedFrames) {
  ExpectSample(DecodeFrame(SampleV4().Pbb(0x123456).Build(link_type::kEthernet)), 4);
  ExpectSample(DecodeFrame(SampleV6().Pbb(1).Vlan(20).Build(link_type::kEthernet)), 6);
  // A backbone VLAN (802.1ad) before the I-TAG, written by hand.
  const Bytes frame = Concat(FromHex("020000000002 020000000001 88a8 0005 88e7 00000007 "
                                     "020000000004 020000000003 0800"),
                             SampleV4().IpBytes());
  ExpectSample(DecodeFrame(Frame(link_type::kEthernet, frame)), 4);
}

// vntag/main.zeek hands a VN-Tag on only to the VLAN analyzer (Zeek's
// core.vntag test: ETHERNET,VNTAG,VLAN,IP); IP straight after it is not read.
TEST(LinkLayerTest, DecodesVnTagOnlyBeforeAVlanTag) {
  ExpectSample(DecodeFrame(SampleV4().VnTag(0x80011234).Vlan(10).Build(link_type::kEthernet)), 4);
  ExpectSample(DecodeFrame(SampleV6().VnTag(1).Vlan(10, 0x88a8).Build(link_type::kEthernet)), 6);
  EXPECT_EQ(DecodeFrame(SampleV4().VnTag(1).Build(link_type::kEthernet)).result, DecodeResult::kNotIp);
}

TEST(LinkLayerTest, SkipsCiscoFabricPath) {
  ExpectSample(DecodeFrame(SampleV4().FabricPath().Build(link_type::kEthernet)), 4);
  ExpectSample(DecodeFrame(SampleV6().FabricPath().Vlan(3).Build(link_type::kEthernet)), 6);
}

// Ethernet.cc: a type field up to 1500 is an 802.3 length; SNAP.cc hands IP
// on only behind the zero OUI.
TEST(LinkLayerTest, Decodes8023FramesWithSnapCarryingIp) {
  ExpectSample(DecodeFrame(SampleV4().Snap().Build(link_type::kEthernet)), 4);
  ExpectSample(DecodeFrame(SampleV6().Snap().Build(link_type::kEthernet)), 6);
  // LLC with a 4-byte header (an I-frame control field), then SNAP.
  const Bytes llc4 = Concat(FromHex("020000000002 020000000001 0036 aaaa0000 000000 0800"), SampleV4().IpBytes());
  ExpectSample(DecodeFrame(Frame(link_type::kEthernet, llc4)), 4);
  // Another organisation's protocol behind SNAP, and ARP behind SNAP.
  EXPECT_EQ(ResultOf(link_type::kEthernet, "020000000002 020000000001 0008 aaaa03 00000c 2000"), DecodeResult::kNotIp);
  EXPECT_EQ(ResultOf(link_type::kEthernet, "020000000002 020000000001 0008 aaaa03 000000 0806"), DecodeResult::kNotIp);
  // Fewer bytes than the 802.3 length claims, and a type field in the gap
  // between lengths and ethertypes.
  EXPECT_EQ(ResultOf(link_type::kEthernet, "020000000002 020000000001 0040 aaaa03"), DecodeResult::kTruncatedLink);
  EXPECT_EQ(ResultOf(link_type::kEthernet, "020000000002 020000000001 05ff 0000"), DecodeResult::kNotIp);
}

TEST(LinkLayerTest, DecodesPppWithAndWithoutHdlcFraming) {
  ExpectSample(DecodeFrame(SampleV4().PppWithoutHdlc().Build(link_type::kPpp)), 4);
  ExpectSample(DecodeFrame(SampleV6().PppWithoutHdlc().Build(link_type::kPpp)), 6);
  // MPLS unicast (0x0281): one label, bottom of stack.
  ExpectSample(DecodeFrame(Frame(link_type::kPppHdlc, Concat(FromHex("ff03 0281 00010140"), SampleV4().IpBytes()))),
               4);
  // LCP is not IP.
  EXPECT_EQ(ResultOf(link_type::kPpp, "ff03 c021 01010004"), DecodeResult::kNotIp);
  EXPECT_EQ(ResultOf(link_type::kPppHdlc, "ff03 c021 01010004"), DecodeResult::kNotIp);
}

// NFLog.cc: TLVs in the capturing host's byte order, each padded to 4 bytes,
// until NFULA_PAYLOAD (9).
TEST(LinkLayerTest, DecodesNflogInEitherByteOrder) {
  ExpectSample(DecodeFrame(SampleV4().NflogOrder(std::endian::big).Build(link_type::kNflog)), 4);
  ExpectSample(DecodeFrame(SampleV6().NflogOrder(std::endian::big).Build(link_type::kNflog)), 6);
  // Version 1 is not one Zeek knows; family 7 is not IP.
  EXPECT_EQ(ResultOf(link_type::kNflog, "02010000 0800 0900", SampleV4().IpBytes()), DecodeResult::kNotIp);
  EXPECT_EQ(ResultOf(link_type::kNflog, "07000000 0800 0900", SampleV4().IpBytes()), DecodeResult::kNotIp);
  // No payload TLV; a TLV shorter than its own header; a TLV past the end.
  EXPECT_EQ(ResultOf(link_type::kNflog, "02000000 0800 0a00 74630000"), DecodeResult::kTruncatedLink);
  EXPECT_EQ(ResultOf(link_type::kNflog, "02000000 0200 0a00 74630000 0800 0900"), DecodeResult::kTruncatedLink);
  EXPECT_EQ(ResultOf(link_type::kNflog, "02000000 4000 0a00 74630000 0800 0900"), DecodeResult::kTruncatedLink);
}

// Every cut of every new framing inside its headers is a reason, never a
// read past the end (the suite runs under ASan in scripts/test); cuts in
// the 5 payload bytes still decode.
TEST(LinkLayerTest, NewFramingsCutAtEveryLengthGiveAReason) {
  const OwnedPacket packets[] = {
      SampleV4().Pbb(1).Vlan(2).Build(link_type::kEthernet),
      SampleV4().VnTag(1).Vlan(2).Build(link_type::kEthernet),
      SampleV4().FabricPath().Snap().Build(link_type::kEthernet),
      SampleV6().Build(link_type::kPpp),
      SampleV6().PppWithoutHdlc().Build(link_type::kPpp),
      SampleV6().Build(link_type::kPppHdlc),
      SampleV6().NflogOrder(std::endian::big).Build(link_type::kNflog),
  };
  for (const OwnedPacket& packet : packets) {
    for (std::size_t keep = 0; keep + 5 < packet.bytes.size(); ++keep) {
      SCOPED_TRACE(std::to_string(packet.link_type) + " cut to " + std::to_string(keep));
      Bytes cut(packet.bytes.begin(), packet.bytes.begin() + static_cast<std::ptrdiff_t>(keep));
      cut.shrink_to_fit();
      EXPECT_NE(DecodeFrame(Frame(packet.link_type, std::move(cut))).result, DecodeResult::kOk);
    }
  }
}

}  // namespace
}  // namespace wirecheck::capture
