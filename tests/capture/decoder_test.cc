// Decode() as a whole: real frames from real captures, every DecodeResult
// reason, cuts at every byte length, and mutated packets (run under ASan).

#include "capture/decoder.h"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <set>
#include <string>

#include "tests/support/packet_builder.h"

namespace wirecheck::capture {
namespace {

using testing::Bytes;
using testing::DecodedFrame;
using testing::DecodeFrame;
using testing::FromHex;
using testing::IpPacket;
using testing::TcpPacket;
using testing::UdpPacket;

std::string Text(std::span<const std::uint8_t> bytes) { return std::string(bytes.begin(), bytes.end()); }

OwnedPacket Frame(std::uint32_t link_type, Bytes bytes) {
  OwnedPacket packet;
  packet.link_type = link_type;
  packet.bytes = std::move(bytes);
  return packet;
}

/// Bytes on the heap in a block of exactly their size, so that ASan reports
/// any read past the end (a std::vector may have spare capacity there).
class ExactBytes {
 public:
  explicit ExactBytes(std::span<const std::uint8_t> bytes)
      : data_(new std::uint8_t[bytes.size()]), size_(bytes.size()) {
    std::copy(bytes.begin(), bytes.end(), data_.get());
  }
  RawPacket Packet(std::uint32_t link_type) const {
    RawPacket packet;
    packet.link_type = link_type;
    packet.data = std::span<const std::uint8_t>(data_.get(), size_);
    packet.wire_length = static_cast<std::uint32_t>(size_);
    return packet;
  }

 private:
  std::unique_ptr<std::uint8_t[]> data_;
  std::size_t size_;
};

// Frame 1 of zeek-conformance/traces/tcp-http-with-padding.pcap (tshark -x):
// a SYN in Ethernet with a 2-byte trailer (ff ff) past the IP total length.
constexpr std::string_view kZeekSynWithPadding =
    "4c d9 8f 8b 40 75 18 2a d3 2f 15 f0 08 00 45 00"
    "00 40 00 00 40 00 32 06 09 17 a7 dd 1e b5 d9 cf"
    "9f 3f e8 0e 6a 88 53 23 ca 3d 00 00 00 00 b0 02"
    "ff ff d7 39 00 00 02 04 05 ac 01 03 03 06 01 01"
    "08 0a bb fd f4 32 00 00 00 00 04 02 00 00 ff ff";

TEST(DecoderTest, DecodesARealSynWithEthernetTrailer) {
  const DecodedFrame f = DecodeFrame(Frame(link_type::kEthernet, FromHex(kZeekSynWithPadding)));
  ASSERT_EQ(f.packet.bytes.size(), 80u);
  ASSERT_EQ(f.result, DecodeResult::kOk);
  const DecodedPacket& d = f.decoded;
  EXPECT_EQ(d.ip_version, 4);
  EXPECT_EQ(d.src.ToString(), "167.221.30.181");
  EXPECT_EQ(d.dst.ToString(), "217.207.159.63");
  EXPECT_EQ(d.src_port, 59406);
  EXPECT_EQ(d.dst_port, 27272);
  EXPECT_EQ(d.ip_length, 64u);
  EXPECT_EQ(d.seq, 0x5323ca3du);
  EXPECT_EQ(d.ack, 0u);
  EXPECT_EQ(d.flags, tcp_flag::kSyn);
  EXPECT_EQ(d.window, 65535);
  EXPECT_EQ(d.options.mss, 1452);
  EXPECT_EQ(d.options.window_scale, 6);
  EXPECT_TRUE(d.options.sack_permitted);
  EXPECT_TRUE(d.options.has_timestamps);
  EXPECT_EQ(d.options.ts_val, 0xbbfdf432u);
  EXPECT_EQ(d.options.ts_ecr, 0u);
  EXPECT_FALSE(d.ip_fragment);
  EXPECT_EQ(d.payload_length, 0u);
  EXPECT_TRUE(d.payload.empty());  // the trailer is not payload
}

// Frame 37 of zeek-conformance/traces/mixed-vlan-mpls.pcap: VLAN 4093, an
// HTTP request, then a 36-byte F5 Ethernet trailer past the IP total length.
constexpr std::string_view kZeekVlanRequestWithTrailer =
    "00 10 f3 02 1c 00 00 01 d7 7e cc 05 81 00 0f fd"
    "08 00 45 00 00 3d 02 ca 40 00 ff 06 14 cd 0a 14"
    "50 01 0a 00 00 0f c4 a7 00 50 f3 74 ec bf 18 0b"
    "95 de 80 18 00 2d 1c cb 00 00 01 01 08 0a b2 8b"
    "ef 17 2c b3 f5 a3 47 45 54 20 2f 0d 0a 0d 0a 01"
    "14 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00"
    "00 00 00 00 00";

TEST(DecoderTest, DecodesARealVlanFrameWithTrailer) {
  const DecodedFrame f = DecodeFrame(Frame(link_type::kEthernet, FromHex(kZeekVlanRequestWithTrailer)));
  ASSERT_EQ(f.packet.bytes.size(), 101u);
  ASSERT_EQ(f.result, DecodeResult::kOk);
  const DecodedPacket& d = f.decoded;
  EXPECT_EQ(d.src.ToString(), "10.20.80.1");
  EXPECT_EQ(d.dst.ToString(), "10.0.0.15");
  EXPECT_EQ(d.src_port, 50343);
  EXPECT_EQ(d.dst_port, 80);
  EXPECT_EQ(d.seq, 4084526271u);
  EXPECT_EQ(d.ack, 403412446u);
  EXPECT_EQ(d.flags, tcp_flag::kPsh | tcp_flag::kAck);
  EXPECT_EQ(d.window, 45);
  EXPECT_EQ(d.options.ts_val, 0xb28bef17u);
  EXPECT_EQ(d.options.ts_ecr, 0x2cb3f5a3u);
  EXPECT_EQ(d.ip_length, 61u);
  EXPECT_EQ(d.payload_length, 9u);
  EXPECT_EQ(Text(d.payload), "GET /\r\n\r\n");
}

// Frame 1 of mixed-vlan-mpls.pcap: one MPLS label (29, bottom of stack)
// then IPv4 with no ethertype of its own.
constexpr std::string_view kZeekMplsSyn =
    "00 30 96 e6 fc 39 00 30 96 05 28 38 88 47 00 01"
    "dd ff 45 c0 00 2c 00 00 00 00 ff 06 a4 e7 0a 01"
    "02 01 0a 22 00 01 2a f9 00 17 98 32 0f fb 00 00"
    "00 00 60 02 10 20 a2 40 00 00 02 04 02 18";

TEST(DecoderTest, DecodesARealMplsFrame) {
  const DecodedFrame f = DecodeFrame(Frame(link_type::kEthernet, FromHex(kZeekMplsSyn)));
  ASSERT_EQ(f.result, DecodeResult::kOk);
  const DecodedPacket& d = f.decoded;
  EXPECT_EQ(d.src.ToString(), "10.1.2.1");
  EXPECT_EQ(d.dst.ToString(), "10.34.0.1");
  EXPECT_EQ(d.src_port, 11001);
  EXPECT_EQ(d.dst_port, 23);
  EXPECT_EQ(d.seq, 2553417723u);
  EXPECT_EQ(d.flags, tcp_flag::kSyn);
  EXPECT_EQ(d.window, 4128);
  EXPECT_EQ(d.options.mss, 536);
  EXPECT_EQ(d.ip_length, 44u);
}

TEST(DecoderTest, EveryReasonHasAPacketThatProducesIt) {
  struct Case {
    OwnedPacket packet;
    DecodeResult expected;
  };
  const Bytes tcp = TcpPacket().Segment();
  const Case cases[] = {
      {TcpPacket().Build(), DecodeResult::kOk},
      {Frame(9999, tcp), DecodeResult::kUnsupportedLinkType},
      {Frame(link_type::kEthernet, FromHex("020000000002 0200000000")), DecodeResult::kTruncatedLink},
      {Frame(link_type::kEthernet, FromHex("ffffffffffff 020000000001 0806 0001")), DecodeResult::kNotIp},
      {TcpPacket().TruncateTo(14 + 19).Build(), DecodeResult::kTruncatedIp},
      {IpPacket().Payload(tcp).HeaderLengthField(3).Build(), DecodeResult::kBadIpHeader},
      {IpPacket().Payload(tcp).Fragment(16, false).Build(), DecodeResult::kIpFragment},
      {IpPacket().Protocol(1).Payload({8, 0, 0, 0, 0, 0, 0, 0}).Build(), DecodeResult::kOtherTransport},
      {TcpPacket().TruncateTo(14 + 20 + 10).Build(), DecodeResult::kTruncatedTransport},
      {UdpPacket().LengthField(4).Build(), DecodeResult::kBadTransportHeader},
  };
  std::set<DecodeResult> covered;
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(DecodeResultName(c.expected)));
    EXPECT_EQ(DecodeFrame(c.packet).result, c.expected);
    covered.insert(c.expected);
  }
  // Every reason Decode() can give has a case above; the checksum reasons
  // come from the analyzer's optional verification, and the tunnel reasons
  // from its tunnel analysis (tunnel_analysis_test.cc), never from Decode().
  for (std::size_t i = 0; i < static_cast<std::size_t>(DecodeResult::kCount); ++i) {
    const auto reason = static_cast<DecodeResult>(i);
    if (reason >= DecodeResult::kBadIpChecksum) continue;
    EXPECT_TRUE(covered.contains(reason)) << "no case for " << DecodeResultName(reason);
  }
}

// The tunnel analysis reads IP-in-IP and GRE from here: Zeek hands its IP
// tunnel analyzers every captured byte after the IP header, padding too.
TEST(DecoderTest, OtherTransportKeepsItsProtocolAndEveryByteAfterTheIpHeader) {
  const Bytes gre = FromHex("00000800 4500");
  OwnedPacket packet = IpPacket().From("192.0.2.1").To("192.0.2.2").Protocol(47).Payload(gre).Build();
  packet.bytes.insert(packet.bytes.end(), {0xee, 0xee});  // an Ethernet trailer
  const DecodedFrame f = DecodeFrame(std::move(packet));
  ASSERT_EQ(f.result, DecodeResult::kOtherTransport);
  EXPECT_EQ(f.decoded.other_protocol, 47);
  EXPECT_EQ(f.decoded.src.ToString(), "192.0.2.1");
  EXPECT_EQ(f.decoded.segment_length, gre.size());
  EXPECT_EQ(Bytes(f.decoded.segment.begin(), f.decoded.segment.end()), FromHex("00000800 4500 eeee"));
  EXPECT_EQ(f.decoded.ip_header.size(), 20u);
}

TEST(DecoderTest, ReasonNamesAreStableSnakeCase) {
  EXPECT_EQ(DecodeResultName(DecodeResult::kOk), "ok");
  EXPECT_EQ(DecodeResultName(DecodeResult::kUnsupportedLinkType), "unsupported_link_type");
  EXPECT_EQ(DecodeResultName(DecodeResult::kTruncatedLink), "truncated_link");
  EXPECT_EQ(DecodeResultName(DecodeResult::kNotIp), "not_ip");
  EXPECT_EQ(DecodeResultName(DecodeResult::kTruncatedIp), "truncated_ip");
  EXPECT_EQ(DecodeResultName(DecodeResult::kBadIpHeader), "bad_ip_header");
  EXPECT_EQ(DecodeResultName(DecodeResult::kIpFragment), "ip_fragment");
  EXPECT_EQ(DecodeResultName(DecodeResult::kOtherTransport), "other_transport");
  EXPECT_EQ(DecodeResultName(DecodeResult::kTruncatedTransport), "truncated_transport");
  EXPECT_EQ(DecodeResultName(DecodeResult::kBadTransportHeader), "bad_transport_header");
  EXPECT_EQ(DecodeResultName(DecodeResult::kBadIpChecksum), "bad_ip_checksum");
  EXPECT_EQ(DecodeResultName(DecodeResult::kBadTransportChecksum), "bad_transport_checksum");
  EXPECT_EQ(DecodeResultName(DecodeResult::kTruncatedTunnel), "truncated_tunnel");
  EXPECT_EQ(DecodeResultName(DecodeResult::kBadTunnelHeader), "bad_tunnel_header");
  EXPECT_EQ(DecodeResultName(DecodeResult::kTunnelTooDeep), "tunnel_too_deep");
}

TEST(DecoderTest, StatsCountSkippedPacketsButNotDecodedOnes) {
  DecodeStats stats;
  stats.Count(DecodeResult::kOk);
  stats.Count(DecodeResult::kOk);
  stats.Count(DecodeResult::kNotIp);
  stats.Count(DecodeResult::kIpFragment);
  stats.Count(DecodeResult::kIpFragment);
  EXPECT_EQ(stats.of(DecodeResult::kOk), 2u);
  EXPECT_EQ(stats.of(DecodeResult::kIpFragment), 2u);
  EXPECT_EQ(stats.skipped(), 3u);
}

/// A packet and where its layers end: a cut before link_end is inside the
/// link headers, before ip_end inside the IP headers, before transport_end
/// inside the TCP/UDP header; from there on only the payload is short.
struct Layered {
  const char* what;
  OwnedPacket packet;
  std::size_t link_end;
  std::size_t ip_end;
  std::size_t transport_end;
};

std::vector<Layered> LayeredPackets() {
  const auto tcp4 = [] { return TcpPacket().Mss(1460).WindowScale(7).Payload("payload"); };
  const auto tcp6 = [] { return TcpPacket().From("fd00::1", 1).To("fd00::2", 2).Timestamps(1, 2).Payload("p6"); };
  const auto udp4 = [] { return UdpPacket().Payload("datagram"); };
  const Bytes udp6 = UdpPacket().From("fd00::1", 1).To("fd00::2", 2).Payload("x").Segment();
  const Bytes tcp4_segment = tcp4().Segment();
  std::vector<Layered> out = {
      {"ethernet tcp4", tcp4().Build(link_type::kEthernet), 14, 34, 62},
      {"two vlans tcp4", tcp4().Vlan(1, 0x88a8).Vlan(2).Build(link_type::kEthernet), 22, 42, 70},
      {"two mpls tcp4", tcp4().Mpls(1).Mpls(2).Build(link_type::kEthernet), 22, 42, 70},
      {"pppoe tcp6", tcp6().Pppoe().Build(link_type::kEthernet), 22, 62, 94},
      {"sll tcp6", tcp6().Build(link_type::kLinuxSll), 16, 56, 88},
      {"sll2 udp4", udp4().Build(link_type::kLinuxSll2), 20, 40, 48},
      {"null tcp6", tcp6().Build(link_type::kNull), 4, 44, 76},
      {"loop udp4", udp4().Build(link_type::kLoop), 4, 24, 32},
      {"raw tcp4", tcp4().Build(link_type::kRaw), 0, 20, 48},
      {"ipv4 options", IpPacket().Options(Bytes(8, 1)).Payload(tcp4_segment).Build(link_type::kIpv4), 0, 28, 56},
      {"ipv6 extensions udp",
       IpPacket().From("fd00::1").To("fd00::2").Protocol(17).Extension(0).Extension(60, 16).Payload(udp6)
           .Build(link_type::kIpv6),
       0, 64, 72},
  };
  return out;
}

DecodeResult ExpectedForCut(const Layered& l, std::size_t n) {
  if (n < l.link_end) return DecodeResult::kTruncatedLink;
  if (n < l.ip_end) return DecodeResult::kTruncatedIp;
  if (n < l.transport_end) return DecodeResult::kTruncatedTransport;
  return DecodeResult::kOk;
}

TEST(DecoderTest, CutAtEveryLengthGivesTheReasonOfTheLayerItCuts) {
  for (const Layered& l : LayeredPackets()) {
    SCOPED_TRACE(l.what);
    const std::size_t size = l.packet.bytes.size();
    for (std::size_t n = 0; n <= size; ++n) {
      SCOPED_TRACE("cut at " + std::to_string(n) + " of " + std::to_string(size));
      const ExactBytes bytes(std::span<const std::uint8_t>(l.packet.bytes).first(n));
      DecodedPacket d;
      const DecodeResult result = Decode(bytes.Packet(l.packet.link_type), &d);
      ASSERT_EQ(result, ExpectedForCut(l, n));
      if (result == DecodeResult::kOk) {
        EXPECT_EQ(d.payload.size(), n - l.transport_end);
        EXPECT_EQ(d.payload_length, size - l.transport_end);
      }
    }
  }
}

TEST(DecoderTest, MutatedPacketsNeverCrashOrPointOutsideTheirBytes) {
  std::mt19937 random(20240601);
  const std::vector<Layered> seeds = LayeredPackets();
  for (int i = 0; i < 20000; ++i) {
    const Layered& seed = seeds[random() % seeds.size()];
    Bytes bytes = seed.packet.bytes;
    const int flips = 1 + static_cast<int>(random() % 4);
    for (int k = 0; k < flips; ++k) bytes[random() % bytes.size()] = static_cast<std::uint8_t>(random());
    bytes.resize(random() % (bytes.size() + 1));
    const ExactBytes exact(bytes);
    const RawPacket packet = exact.Packet(seed.packet.link_type);
    DecodedPacket d;
    if (Decode(packet, &d) == DecodeResult::kOk) {
      ASSERT_LE(d.payload.size(), d.payload_length);
      ASSERT_GE(d.payload.data(), packet.data.data());
      ASSERT_LE(d.payload.data() + d.payload.size(), packet.data.data() + packet.data.size());
    }
  }
}

}  // namespace
}  // namespace wirecheck::capture
