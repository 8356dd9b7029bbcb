// The transport step of Decode(): TCP header fields and options (RFC 793,
// RFC 7323, RFC 2018), malformed options, and UDP lengths (RFC 768).

#include "capture/transport_layer.h"

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

std::string Text(std::span<const std::uint8_t> bytes) { return std::string(bytes.begin(), bytes.end()); }

/// Decodes an Ethernet/IPv4 frame and expects it to succeed.
DecodedFrame Ok(const OwnedPacket& packet) {
  DecodedFrame f = DecodeFrame(packet);
  EXPECT_EQ(f.result, DecodeResult::kOk);
  return f;
}

TcpOptions OptionsOf(TcpPacket packet) { return Ok(packet.Build()).decoded.options; }

TEST(TransportLayerTest, DecodesTcpHeaderFields) {
  const DecodedFrame f = Ok(TcpPacket()
                                .From("10.0.0.1", 54321)
                                .To("10.0.0.2", 443)
                                .Seq(0xfffffff0)
                                .Ack(0x01020304)
                                .Flags(tcp_flag::kPsh | tcp_flag::kAck)
                                .Window(501)
                                .Payload("GET /")
                                .At(1.5)
                                .Build());
  const DecodedPacket& d = f.decoded;
  EXPECT_EQ(d.transport, Transport::kTcp);
  EXPECT_EQ(d.src_port, 54321);
  EXPECT_EQ(d.dst_port, 443);
  EXPECT_EQ(d.seq, 0xfffffff0u);
  EXPECT_EQ(d.ack, 0x01020304u);
  EXPECT_EQ(d.flags, tcp_flag::kPsh | tcp_flag::kAck);
  EXPECT_TRUE(d.Has(tcp_flag::kAck));
  EXPECT_FALSE(d.Has(tcp_flag::kSyn));
  EXPECT_EQ(d.window, 501);
  EXPECT_EQ(d.ts, Timestamp(1'500'000'000));
  EXPECT_EQ(d.payload_length, 5u);
  EXPECT_EQ(Text(d.payload), "GET /");
  EXPECT_EQ(d.options.mss, 0);
  EXPECT_EQ(d.options.window_scale, -1);
}

TEST(TransportLayerTest, EachFlagBitIsItsOwnFlag) {
  // RFC 793 + RFC 3168 order in byte 13: CWR ECE URG ACK PSH RST SYN FIN.
  const std::uint8_t flags[] = {tcp_flag::kFin, tcp_flag::kSyn, tcp_flag::kRst, tcp_flag::kPsh,
                                tcp_flag::kAck, tcp_flag::kUrg, tcp_flag::kEce, tcp_flag::kCwr};
  for (int bit = 0; bit < 8; ++bit) {
    const DecodedFrame f = Ok(TcpPacket().Flags(flags[bit]).Build());
    EXPECT_EQ(f.decoded.flags, 1 << bit);
    EXPECT_TRUE(f.decoded.Has(flags[bit]));
  }
}

TEST(TransportLayerTest, ParsesEveryKnownOptionInASyn) {
  const TcpOptions o = OptionsOf(
      TcpPacket().Flags(tcp_flag::kSyn).Mss(1460).SackPermitted().Timestamps(123456, 0).Nop().WindowScale(7));
  EXPECT_EQ(o.mss, 1460);
  EXPECT_TRUE(o.sack_permitted);
  EXPECT_TRUE(o.has_timestamps);
  EXPECT_EQ(o.ts_val, 123456u);
  EXPECT_EQ(o.ts_ecr, 0u);
  EXPECT_EQ(o.window_scale, 7);
}

TEST(TransportLayerTest, ParsesEachOptionAlone) {
  EXPECT_EQ(OptionsOf(TcpPacket().Mss(536)).mss, 536);
  EXPECT_EQ(OptionsOf(TcpPacket().WindowScale(0)).window_scale, 0);
  EXPECT_TRUE(OptionsOf(TcpPacket().SackPermitted()).sack_permitted);
  const TcpOptions ts = OptionsOf(TcpPacket().Nop().Nop().Timestamps(0xdeadbeef, 0x01020304));
  EXPECT_TRUE(ts.has_timestamps);
  EXPECT_EQ(ts.ts_val, 0xdeadbeefu);
  EXPECT_EQ(ts.ts_ecr, 0x01020304u);
  EXPECT_FALSE(ts.sack_permitted);
  EXPECT_EQ(ts.mss, 0);
}

TEST(TransportLayerTest, WindowScaleAboveFourteenIsUsedAsFourteen) {
  // RFC 7323 section 2.3.
  EXPECT_EQ(OptionsOf(TcpPacket().WindowScale(14)).window_scale, 14);
  EXPECT_EQ(OptionsOf(TcpPacket().WindowScale(15)).window_scale, 14);
  EXPECT_EQ(OptionsOf(TcpPacket().WindowScale(255)).window_scale, 14);
}

TEST(TransportLayerTest, EndOfOptionListStopsParsing) {
  const TcpOptions o = OptionsOf(TcpPacket().Mss(1400).RawOption({0}).WindowScale(3));
  EXPECT_EQ(o.mss, 1400);
  EXPECT_EQ(o.window_scale, -1);
}

TEST(TransportLayerTest, UnknownOptionsAreSkippedByTheirLength) {
  // 30 = MPTCP (length 4 here), 254 = experimental (length 6).
  const TcpOptions o =
      OptionsOf(TcpPacket().RawOption({30, 4, 0, 0}).Mss(1200).RawOption({254, 6, 1, 2, 3, 4}).WindowScale(2));
  EXPECT_EQ(o.mss, 1200);
  EXPECT_EQ(o.window_scale, 2);
}

TEST(TransportLayerTest, SackBlocksAreSkipped) {
  // Kind 5, one block: left edge, right edge.
  const TcpOptions o = OptionsOf(TcpPacket().Nop().Nop().RawOption({5, 10, 0, 0, 0, 1, 0, 0, 0, 9}).Timestamps(5, 6));
  EXPECT_TRUE(o.has_timestamps);
  EXPECT_EQ(o.ts_val, 5u);
  EXPECT_FALSE(o.sack_permitted);
}

TEST(TransportLayerTest, KnownOptionWithTheWrongLengthIsIgnoredButSkipped) {
  // MSS with length 3 and window scale with length 4: values not used.
  const TcpOptions o = OptionsOf(TcpPacket().RawOption({2, 3, 5}).RawOption({3, 4, 9, 9}).SackPermitted());
  EXPECT_EQ(o.mss, 0);
  EXPECT_EQ(o.window_scale, -1);
  EXPECT_TRUE(o.sack_permitted);
}

TEST(TransportLayerTest, MalformedOptionLengthStopsParsingButKeepsTheSegment) {
  for (std::uint8_t bad_length : std::initializer_list<std::uint8_t>{0, 1, 40}) {
    SCOPED_TRACE("option length " + std::to_string(bad_length));
    const DecodedFrame f =
        Ok(TcpPacket().Mss(1000).RawOption({99, bad_length}).WindowScale(5).Payload("still here").Build());
    EXPECT_EQ(f.decoded.options.mss, 1000);
    EXPECT_EQ(f.decoded.options.window_scale, -1);
    EXPECT_EQ(Text(f.decoded.payload), "still here");
  }
}

TEST(TransportLayerTest, OptionWhoseLengthRunsPastTheHeaderStopsParsing) {
  // Timestamps needs 10 bytes; only 8 remain in the 28-byte header.
  const TcpOptions o = OptionsOf(TcpPacket().RawOption({8, 10, 1, 2, 3, 4, 5, 6}));
  EXPECT_FALSE(o.has_timestamps);
  // A kind byte with no room left for its length byte.
  EXPECT_EQ(OptionsOf(TcpPacket().Mss(900).RawOption({1, 1, 1, 2})).mss, 900);
}

TEST(TransportLayerTest, DataOffsetBelowFiveWordsIsBad) {
  for (std::uint8_t words : std::initializer_list<std::uint8_t>{0, 1, 4}) {
    EXPECT_EQ(DecodeFrame(TcpPacket().DataOffsetField(words).Payload("x").Build()).result,
              DecodeResult::kBadTransportHeader);
  }
}

TEST(TransportLayerTest, DataOffsetBeyondTheSegmentIsBad) {
  // 15 words = 60 bytes claimed; the IP length leaves 20 + 4 for TCP.
  EXPECT_EQ(DecodeFrame(TcpPacket().DataOffsetField(15).Payload("abcd").Build()).result,
            DecodeResult::kBadTransportHeader);
}

TEST(TransportLayerTest, SegmentShorterThanATcpHeaderIsBad) {
  // The IP total length leaves 12 bytes for TCP.
  const Bytes segment = TcpPacket().Segment();
  const OwnedPacket packet =
      IpPacket().Payload(segment).LengthField(20 + 12).Build();
  EXPECT_EQ(DecodeFrame(packet).result, DecodeResult::kBadTransportHeader);
}

TEST(TransportLayerTest, TcpHeaderOrOptionsCutByTheCaptureAreTruncated) {
  EXPECT_EQ(DecodeFrame(TcpPacket().Payload("abc").TruncateTo(14 + 20 + 19).Build()).result,
            DecodeResult::kTruncatedTransport);
  EXPECT_EQ(DecodeFrame(TcpPacket().Mss(1460).Timestamps(1, 2).TruncateTo(14 + 20 + 25).Build()).result,
            DecodeResult::kTruncatedTransport);
}

TEST(TransportLayerTest, DecodesUdpPortsAndPayload) {
  const DecodedFrame f = Ok(UdpPacket().From("127.0.0.1", 40001).To("127.0.0.1", 9876).Payload("ping").Build());
  EXPECT_EQ(f.decoded.transport, Transport::kUdp);
  EXPECT_EQ(f.decoded.src_port, 40001);
  EXPECT_EQ(f.decoded.dst_port, 9876);
  EXPECT_EQ(f.decoded.payload_length, 4u);
  EXPECT_EQ(Text(f.decoded.payload), "ping");
  EXPECT_EQ(f.decoded.ip_length, 20u + 8u + 4u);
}

TEST(TransportLayerTest, DecodesUdpOverIpv6) {
  const DecodedFrame f = Ok(UdpPacket().From("::1", 1).To("::1", 2).Payload("v6").Build(link_type::kLinuxSll2));
  EXPECT_EQ(f.decoded.ip_version, 6);
  EXPECT_EQ(Text(f.decoded.payload), "v6");
}

TEST(TransportLayerTest, UdpClearsTheTcpOnlyFields) {
  DecodedPacket d;
  const OwnedPacket tcp = TcpPacket().Seq(5).Ack(6).Flags(tcp_flag::kSyn).Mss(1).Window(7).Build();
  ASSERT_EQ(Decode(testing::AsRawPacket(tcp), &d), DecodeResult::kOk);
  const OwnedPacket udp = UdpPacket().Build();
  ASSERT_EQ(Decode(testing::AsRawPacket(udp), &d), DecodeResult::kOk);
  EXPECT_EQ(d.seq, 0u);
  EXPECT_EQ(d.ack, 0u);
  EXPECT_EQ(d.flags, 0);
  EXPECT_EQ(d.window, 0);
  EXPECT_EQ(d.options.mss, 0);
  EXPECT_FALSE(d.ip_fragment);
}

TEST(TransportLayerTest, UdpLengthBelowEightIsBad) {
  for (std::uint16_t length : std::initializer_list<std::uint16_t>{0, 1, 7}) {
    EXPECT_EQ(DecodeFrame(UdpPacket().Payload("abc").LengthField(length).Build()).result,
              DecodeResult::kBadTransportHeader);
  }
}

TEST(TransportLayerTest, UdpLengthShorterThanTheIpPayloadBoundsThePayload) {
  // UDP says 8 + 2; IP carries 8 + 5.
  const DecodedFrame f = Ok(UdpPacket().Payload("hello").LengthField(10).Build());
  EXPECT_EQ(f.decoded.payload_length, 2u);
  EXPECT_EQ(Text(f.decoded.payload), "he");
}

TEST(TransportLayerTest, UdpLengthLongerThanTheIpPayloadIsBoundedByIt) {
  const DecodedFrame f = Ok(UdpPacket().Payload("hello").LengthField(500).Build());
  EXPECT_EQ(f.decoded.payload_length, 5u);
  EXPECT_EQ(Text(f.decoded.payload), "hello");
}

TEST(TransportLayerTest, UdpCutByTheCaptureKeepsTheStatedLength) {
  const DecodedFrame f = Ok(UdpPacket().Payload(std::string(200, 'z')).TruncateTo(14 + 20 + 8 + 50).Build());
  EXPECT_EQ(f.decoded.payload_length, 200u);
  EXPECT_EQ(f.decoded.payload.size(), 50u);
}

TEST(TransportLayerTest, UdpHeaderCutOrTooShortForTheIpLength) {
  EXPECT_EQ(DecodeFrame(UdpPacket().TruncateTo(14 + 20 + 7).Build()).result, DecodeResult::kTruncatedTransport);
  const Bytes segment = UdpPacket().Segment();
  EXPECT_EQ(DecodeFrame(IpPacket().Protocol(17).Payload(segment).LengthField(20 + 6).Build()).result,
            DecodeResult::kBadTransportHeader);
}

}  // namespace
}  // namespace wirecheck::capture
