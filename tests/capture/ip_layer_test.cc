// The IP step of Decode(): IPv4 options, lengths and fragments, IPv6
// extension headers and fragments, padding and snap-length cuts.

#include "capture/ip_layer.h"

#include <gtest/gtest.h>

#include <string>

#include "capture/decoder.h"
#include "tests/support/packet_builder.h"

namespace wirecheck::capture {
namespace {

using testing::Bytes;
using testing::DecodedFrame;
using testing::DecodeFrame;
using testing::IpPacket;
using testing::TcpPacket;
using testing::UdpPacket;

constexpr std::uint8_t kIcmp = 1;
constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;
constexpr std::uint8_t kEsp = 50;
constexpr std::uint8_t kIcmpv6 = 58;
constexpr std::uint8_t kNoNextHeader = 59;

std::string Text(std::span<const std::uint8_t> bytes) { return std::string(bytes.begin(), bytes.end()); }

Bytes Segment4(std::string_view payload = "data") {
  return TcpPacket().From("10.0.0.1", 1000).To("10.0.0.2", 2000).Payload(payload).Segment();
}

Bytes Segment6(std::string_view payload = "data") {
  return TcpPacket().From("fd00::1", 1000).To("fd00::2", 2000).Payload(payload).Segment();
}

IpPacket V4(Bytes payload = Segment4()) {
  return IpPacket().From("10.0.0.1").To("10.0.0.2").Protocol(kTcp).Payload(std::move(payload));
}

IpPacket V6(Bytes payload = Segment6()) {
  return IpPacket().From("fd00::1").To("fd00::2").Protocol(kTcp).Payload(std::move(payload));
}

OwnedPacket WithTrailer(OwnedPacket packet, std::size_t n, std::uint8_t fill) {
  packet.bytes.insert(packet.bytes.end(), n, fill);
  packet.wire_length = static_cast<std::uint32_t>(packet.bytes.size());
  return packet;
}

TEST(IpLayerTest, SkipsIpv4Options) {
  // Record route (7), length 11, pointer 4, two empty slots; NOP; padded to 12.
  const DecodedFrame f = DecodeFrame(V4().Options({7, 11, 4, 0, 0, 0, 0, 0, 0, 0, 0, 1}).Build());
  ASSERT_EQ(f.result, DecodeResult::kOk);
  EXPECT_EQ(f.decoded.ip_length, 20u + 12u + 20u + 4u);
  EXPECT_EQ(f.decoded.src_port, 1000);
  EXPECT_EQ(f.decoded.dst_port, 2000);
  EXPECT_EQ(f.decoded.payload_length, 4u);
  EXPECT_EQ(Text(f.decoded.payload), "data");
}

TEST(IpLayerTest, SkipsTheLongestIpv4Options) {
  const DecodedFrame f = DecodeFrame(V4().Options(Bytes(40, 1)).Build());  // 40 NOPs, IHL 15
  ASSERT_EQ(f.result, DecodeResult::kOk);
  EXPECT_EQ(Text(f.decoded.payload), "data");
}

TEST(IpLayerTest, Ipv4HeaderLengthBelowFiveWordsIsBad) {
  for (std::uint8_t words : std::initializer_list<std::uint8_t>{0, 1, 4}) {
    EXPECT_EQ(DecodeFrame(V4().HeaderLengthField(words).Build()).result, DecodeResult::kBadIpHeader);
  }
}

TEST(IpLayerTest, Ipv4TotalLengthShorterThanItsHeaderIsBad) {
  EXPECT_EQ(DecodeFrame(V4().LengthField(19).Build()).result, DecodeResult::kBadIpHeader);
  EXPECT_EQ(DecodeFrame(V4().LengthField(0).Build()).result, DecodeResult::kBadIpHeader);
  EXPECT_EQ(DecodeFrame(V4().Options(Bytes(8, 1)).LengthField(24).Build()).result,
            DecodeResult::kBadIpHeader);
}

TEST(IpLayerTest, Ipv4HeaderLengthPastTheCaptureIsTruncated) {
  // IHL 15 claims 60 header bytes; the packet was cut after 40 (snap length).
  const OwnedPacket packet = V4().Options(Bytes(40, 1)).TruncateTo(14 + 40).Build();
  EXPECT_EQ(DecodeFrame(packet).result, DecodeResult::kTruncatedIp);
}

TEST(IpLayerTest, VersionNibbleOtherThanFourOrSixIsBad) {
  EXPECT_EQ(DecodeFrame(V4().VersionField(5).Build(link_type::kRaw)).result, DecodeResult::kBadIpHeader);
  EXPECT_EQ(DecodeFrame(V4().VersionField(0).Build(link_type::kRaw)).result, DecodeResult::kBadIpHeader);
  // Under ethertype 0x0800 the nibble must say 4.
  EXPECT_EQ(DecodeFrame(V4().VersionField(6).Build(link_type::kEthernet)).result,
            DecodeResult::kBadIpHeader);
}

TEST(IpLayerTest, Ipv4NonFirstFragmentsAreCountedNotDecoded) {
  // Middle fragment (MF set) and last fragment (MF clear), any protocol.
  EXPECT_EQ(DecodeFrame(V4().Fragment(8, true).Build()).result, DecodeResult::kIpFragment);
  EXPECT_EQ(DecodeFrame(V4().Fragment(1480, false).Build()).result, DecodeResult::kIpFragment);
  EXPECT_EQ(DecodeFrame(V4().Protocol(kIcmp).Fragment(64, false).Build()).result, DecodeResult::kIpFragment);
}

TEST(IpLayerTest, Ipv4FirstFragmentIsDecodedAndFlagged) {
  const DecodedFrame f = DecodeFrame(V4().Fragment(0, true).Build());
  ASSERT_EQ(f.result, DecodeResult::kOk);
  EXPECT_TRUE(f.decoded.ip_fragment);
  EXPECT_EQ(f.decoded.src_port, 1000);
  EXPECT_EQ(Text(f.decoded.payload), "data");

  const DecodedFrame whole = DecodeFrame(V4().Build());
  ASSERT_EQ(whole.result, DecodeResult::kOk);
  EXPECT_FALSE(whole.decoded.ip_fragment);
}

TEST(IpLayerTest, Ipv4ProtocolsOtherThanTcpAndUdpAreOtherTransport) {
  for (std::uint8_t protocol : {kIcmp, std::uint8_t{2}, std::uint8_t{47}, std::uint8_t{132}}) {
    EXPECT_EQ(DecodeFrame(V4().Protocol(protocol).Build()).result, DecodeResult::kOtherTransport);
  }
}

TEST(IpLayerTest, EthernetPaddingPastTheIpTotalLengthIsIgnored) {
  // A 2-byte payload makes a 56-byte frame; Ethernet pads it to 60.
  const OwnedPacket packet = WithTrailer(V4(Segment4("hi")).Build(), 4, 0xff);
  const DecodedFrame f = DecodeFrame(packet);
  ASSERT_EQ(f.result, DecodeResult::kOk);
  EXPECT_EQ(f.decoded.ip_length, 42u);
  EXPECT_EQ(f.decoded.payload_length, 2u);
  EXPECT_EQ(Text(f.decoded.payload), "hi");
}

TEST(IpLayerTest, EthernetPaddingAfterAnEmptySegmentLeavesNoPayload) {
  const OwnedPacket packet = WithTrailer(TcpPacket().Flags(tcp_flag::kAck).Build(), 6, 0);
  const DecodedFrame f = DecodeFrame(packet);
  ASSERT_EQ(f.result, DecodeResult::kOk);
  EXPECT_EQ(f.decoded.payload_length, 0u);
  EXPECT_TRUE(f.decoded.payload.empty());
}

TEST(IpLayerTest, SnapLengthCutKeepsTheStatedPayloadLength) {
  const std::string payload(1000, 'x');
  // Ethernet 14 + IP 20 + TCP 20, then 46 of the 1000 payload bytes.
  const OwnedPacket packet = TcpPacket().Payload(payload).TruncateTo(100).Build();
  EXPECT_EQ(packet.wire_length, 1054u);
  const DecodedFrame f = DecodeFrame(packet);
  ASSERT_EQ(f.result, DecodeResult::kOk);
  EXPECT_EQ(f.decoded.ip_length, 1040u);
  EXPECT_EQ(f.decoded.payload_length, 1000u);
  EXPECT_EQ(f.decoded.payload.size(), 46u);
}

TEST(IpLayerTest, SnapLengthCutOfIpv6KeepsTheStatedPayloadLength) {
  const OwnedPacket packet =
      TcpPacket().From("::1", 5).To("::1", 6).Payload(std::string(300, 'y')).TruncateTo(14 + 40 + 20 + 10).Build();
  const DecodedFrame f = DecodeFrame(packet);
  ASSERT_EQ(f.result, DecodeResult::kOk);
  EXPECT_EQ(f.decoded.ip_length, 40u + 20u + 300u);
  EXPECT_EQ(f.decoded.payload_length, 300u);
  EXPECT_EQ(Text(f.decoded.payload), std::string(10, 'y'));
}

TEST(IpLayerTest, DecodesIpv6AddressesAndLength) {
  const DecodedFrame f = DecodeFrame(V6().Build());
  ASSERT_EQ(f.result, DecodeResult::kOk);
  EXPECT_EQ(f.decoded.ip_version, 6);
  EXPECT_EQ(f.decoded.src.ToString(), "fd00::1");
  EXPECT_EQ(f.decoded.dst.ToString(), "fd00::2");
  EXPECT_EQ(f.decoded.ip_length, 40u + 24u);
  EXPECT_FALSE(f.decoded.ip_fragment);
}

TEST(IpLayerTest, WalksEachIpv6ExtensionHeader) {
  for (std::uint8_t type : std::initializer_list<std::uint8_t>{0, 43, 60, 51}) {
    SCOPED_TRACE("extension header " + std::to_string(type));
    const DecodedFrame f = DecodeFrame(V6().Extension(type, 16).Build());
    ASSERT_EQ(f.result, DecodeResult::kOk);
    EXPECT_EQ(f.decoded.ip_length, 40u + 16u + 24u);
    EXPECT_EQ(f.decoded.src_port, 1000);
    EXPECT_EQ(Text(f.decoded.payload), "data");
  }
}

TEST(IpLayerTest, WalksAChainOfIpv6ExtensionHeaders) {
  const DecodedFrame f =
      DecodeFrame(V6().Extension(0, 8).Extension(60, 24).Extension(43, 8).Extension(51, 24).Extension(60).Build());
  ASSERT_EQ(f.result, DecodeResult::kOk);
  EXPECT_EQ(f.decoded.dst_port, 2000);
  EXPECT_EQ(Text(f.decoded.payload), "data");
}

TEST(IpLayerTest, Ipv6FirstFragmentIsDecodedAndFlagged) {
  const DecodedFrame f = DecodeFrame(V6().Extension(0).Fragment(0, true).Build());
  ASSERT_EQ(f.result, DecodeResult::kOk);
  EXPECT_TRUE(f.decoded.ip_fragment);
  EXPECT_EQ(Text(f.decoded.payload), "data");
}

TEST(IpLayerTest, Ipv6AtomicFragmentIsAWholePacket) {
  // RFC 6946: offset 0 and M clear is a complete datagram.
  const DecodedFrame f = DecodeFrame(V6().Fragment(0, false).Build());
  ASSERT_EQ(f.result, DecodeResult::kOk);
  EXPECT_FALSE(f.decoded.ip_fragment);
}

TEST(IpLayerTest, Ipv6NonFirstFragmentsAreCountedNotDecoded) {
  EXPECT_EQ(DecodeFrame(V6().Fragment(8, true).Build()).result, DecodeResult::kIpFragment);
  EXPECT_EQ(DecodeFrame(V6().Extension(60).Fragment(1232, false).Build()).result, DecodeResult::kIpFragment);
}

TEST(IpLayerTest, Ipv6UpperLayersOtherThanTcpAndUdpAreOtherTransport) {
  EXPECT_EQ(DecodeFrame(V6(Bytes(8, 0)).Protocol(kIcmpv6).Build()).result, DecodeResult::kOtherTransport);
  EXPECT_EQ(DecodeFrame(V6(Bytes(16, 0)).Protocol(kEsp).Build()).result, DecodeResult::kOtherTransport);
  EXPECT_EQ(DecodeFrame(V6(Bytes(8, 0)).Extension(60).Protocol(kNoNextHeader).Build()).result,
            DecodeResult::kOtherTransport);
  EXPECT_EQ(DecodeFrame(V6({}).Protocol(kNoNextHeader).Build()).result, DecodeResult::kOtherTransport);
}

TEST(IpLayerTest, Ipv6PayloadLengthZeroIsBad) {
  // A jumbogram: payload length 0 and a hop-by-hop header (RFC 2675).
  EXPECT_EQ(DecodeFrame(V6().Extension(0).LengthField(0).Build()).result, DecodeResult::kBadIpHeader);
  EXPECT_EQ(DecodeFrame(V6().LengthField(0).Build()).result, DecodeResult::kBadIpHeader);
}

TEST(IpLayerTest, Ipv6ExtensionHeaderPastThePayloadLengthIsBad) {
  // The payload length covers only 8 of the 16 routing-header bytes.
  EXPECT_EQ(DecodeFrame(V6().Extension(43, 16).LengthField(8).Build()).result, DecodeResult::kBadIpHeader);
  EXPECT_EQ(DecodeFrame(V6().Extension(43, 16).LengthField(4).Build()).result, DecodeResult::kBadIpHeader);
}

TEST(IpLayerTest, Ipv6ExtensionHeaderCutByTheCaptureIsTruncatedIp) {
  EXPECT_EQ(DecodeFrame(V6().Extension(60, 32).TruncateTo(14 + 40 + 20).Build()).result,
            DecodeResult::kTruncatedIp);
  EXPECT_EQ(DecodeFrame(V6().Extension(60, 32).TruncateTo(14 + 40 + 4).Build()).result,
            DecodeResult::kTruncatedIp);
}

TEST(IpLayerTest, Ipv6TrailingBytesPastThePayloadLengthAreIgnored) {
  const DecodedFrame f = DecodeFrame(WithTrailer(V6().Build(), 8, 0xee));
  ASSERT_EQ(f.result, DecodeResult::kOk);
  EXPECT_EQ(f.decoded.payload_length, 4u);
  EXPECT_EQ(Text(f.decoded.payload), "data");
}

TEST(IpLayerTest, UdpInsideIpv4OptionsAndIpv6ExtensionsIsDecoded) {
  const Bytes udp4 = UdpPacket().From("10.0.0.1", 7).To("10.0.0.2", 9).Payload("u4").Segment();
  const DecodedFrame f4 = DecodeFrame(V4(udp4).Protocol(kUdp).Options({1, 1, 1, 1}).Build());
  ASSERT_EQ(f4.result, DecodeResult::kOk);
  EXPECT_EQ(f4.decoded.transport, Transport::kUdp);
  EXPECT_EQ(Text(f4.decoded.payload), "u4");

  const Bytes udp6 = UdpPacket().From("fd00::1", 7).To("fd00::2", 9).Payload("u6").Segment();
  const DecodedFrame f6 = DecodeFrame(V6(udp6).Protocol(kUdp).Extension(0).Extension(60).Build());
  ASSERT_EQ(f6.result, DecodeResult::kOk);
  EXPECT_EQ(f6.decoded.transport, Transport::kUdp);
  EXPECT_EQ(Text(f6.decoded.payload), "u6");
}

}  // namespace
}  // namespace wirecheck::capture
