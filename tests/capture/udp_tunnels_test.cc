// The UDP tunnels: which analyzer Zeek hands a payload to (by the
// responder port, then by detection), and each header as its analyzer reads
// it (src/packet_analysis/protocol/{vxlan,geneve,teredo,ayiya,gtpv1}):
// what it carries, what Zeek calls a violation, the depth limit, and cuts at
// every length.

#include "capture/udp_tunnels.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/packet_builder.h"
#include "tests/support/tunnel_builder.h"

namespace wirecheck::capture {
namespace {

using testing::AyiyaPayload;
using testing::Bytes;
using testing::EthernetFrame;
using testing::FromHex;
using testing::GenevePayload;
using testing::GtpPayload;
using testing::IpPacket;
using testing::TcpPacket;
using testing::TeredoPayload;
using testing::UdpPacket;
using testing::VxlanPayload;
using Outcome = Decapsulation::Outcome;

const Bytes kIpv4 = TcpPacket().From("10.1.0.1", 1000).To("10.1.0.2", 80).IpBytes();
const Bytes kIpv6 = TcpPacket().From("fd00::1", 1000).To("fd00::2", 80).IpBytes();
// Teredo clients have addresses in 2001:0::/32.
const Bytes kTeredoIpv6 = TcpPacket().From("2001:0:4136:e378::1", 1000).To("2001:db8::2", 80).IpBytes();

constexpr std::uint32_t kMaxDepth = 2;
const Encapsulation kOutermost{};

/// DecapsulateUdp()'s answer, with a copy of the inner bytes (the payload
/// is usually a temporary).
struct Read : Decapsulation {
  Read(UdpTunnel tunnel, const Bytes& payload, const Encapsulation& at = kOutermost)
      : Decapsulation(DecapsulateUdp(tunnel, payload, at, kMaxDepth)),
        bytes(inner.bytes.begin(), inner.bytes.end()) {
    inner.bytes = {};
  }
  Bytes bytes;
};

void ExpectCarries(const Read& d, const Bytes& inner, std::uint32_t link) {
  ASSERT_EQ(d.outcome, Outcome::kPacket);
  EXPECT_EQ(d.inner.link_type, link);
  EXPECT_EQ(d.bytes, inner);
  EXPECT_FALSE(d.violation);
}

void ExpectRefused(const Decapsulation& d, DecodeResult reason, bool violation) {
  ASSERT_EQ(d.outcome, Outcome::kRefused);
  EXPECT_EQ(d.reason, reason);
  EXPECT_EQ(d.violation, violation);
}

TEST(UdpTunnelsTest, TheResponderPortChoosesTheAnalyzer) {
  const Bytes payload = FromHex("0800000000123400");
  EXPECT_EQ(UdpTunnelFor(4789, payload), UdpTunnel::kVxlan);
  EXPECT_EQ(UdpTunnelFor(6081, payload), UdpTunnel::kGeneve);
  EXPECT_EQ(UdpTunnelFor(3544, payload), UdpTunnel::kTeredo);
  EXPECT_EQ(UdpTunnelFor(5072, payload), UdpTunnel::kAyiya);
  EXPECT_EQ(UdpTunnelFor(2152, payload), UdpTunnel::kGtpv1);
  EXPECT_EQ(UdpTunnelFor(2123, payload), UdpTunnel::kGtpv1);
  // Not on a registered port: VXLAN on Linux's old port 8472 is not tried.
  EXPECT_EQ(UdpTunnelFor(8472, VxlanPayload(EthernetFrame(kIpv4, 4))), UdpTunnel::kNone);
  EXPECT_EQ(UdpTunnelFor(53, FromHex("abcd01000001000000000000")), UdpTunnel::kNone);
}

// AYIYA and Teredo register protocol detection as well (ayiya/main.zeek,
// teredo/main.zeek), so they are found on any port.
TEST(UdpTunnelsTest, AyiyaAndTeredoAreDetectedOnAnyPort) {
  EXPECT_EQ(UdpTunnelFor(40000, AyiyaPayload(kIpv6, 41)), UdpTunnel::kAyiya);
  EXPECT_EQ(UdpTunnelFor(40000, TeredoPayload(kTeredoIpv6)), UdpTunnel::kTeredo);
  EXPECT_EQ(UdpTunnelFor(40000, TeredoPayload(kIpv6, false, true)), UdpTunnel::kTeredo);
  EXPECT_EQ(UdpTunnelFor(40000, TeredoPayload(kIpv6, true, true)), UdpTunnel::kTeredo);
  // IPv6 without a Teredo address, an authentication header without an
  // origin indication, and anything shorter than an IPv6 header: no.
  EXPECT_EQ(UdpTunnelFor(40000, kIpv6), UdpTunnel::kNone);
  EXPECT_EQ(UdpTunnelFor(40000, TeredoPayload(kIpv6, true, false)), UdpTunnel::kNone);
  EXPECT_EQ(UdpTunnelFor(40000, Bytes(39, 0)), UdpTunnel::kNone);
}

TEST(UdpTunnelsTest, VxlanCarriesAnEthernetFrame) {
  const Bytes frame = EthernetFrame(kIpv4, 4);
  ExpectCarries(Read(UdpTunnel::kVxlan, VxlanPayload(frame)), frame, link_type::kEthernet);
  // VXLAN.cc: no I flag, or less than the header, is a violation; a header
  // with nothing after it only a weird.
  ExpectRefused(Read(UdpTunnel::kVxlan, VxlanPayload(frame, 0x00)), DecodeResult::kBadTunnelHeader, true);
  ExpectRefused(Read(UdpTunnel::kVxlan, FromHex("08000000001234")), DecodeResult::kTruncatedTunnel, true);
  ExpectRefused(Read(UdpTunnel::kVxlan, FromHex("0800000000123400")), DecodeResult::kTruncatedTunnel, false);
}

TEST(UdpTunnelsTest, GeneveCarriesWhatItsProtocolTypeSays) {
  const Bytes frame = EthernetFrame(kIpv6, 6);
  ExpectCarries(Read(UdpTunnel::kGeneve, GenevePayload(frame)), frame, link_type::kEthernet);
  ExpectCarries(Read(UdpTunnel::kGeneve, GenevePayload(frame, 0x6558, 3)), frame, link_type::kEthernet);
  ExpectCarries(Read(UdpTunnel::kGeneve, GenevePayload(kIpv4, 0x0800)), kIpv4, link_type::kRaw);
  ExpectCarries(Read(UdpTunnel::kGeneve, GenevePayload(kIpv6, 0x86dd)), kIpv6, link_type::kRaw);
  ExpectCarries(Read(UdpTunnel::kGeneve, GenevePayload(kIpv6, 0x08dd)), kIpv6, link_type::kRaw);
  ExpectRefused(Read(UdpTunnel::kGeneve, GenevePayload(FromHex("0001"), 0x0806)), DecodeResult::kNotIp, false);
  // Geneve.cc: a version other than 0 is a weird; cut options a violation.
  ExpectRefused(Read(UdpTunnel::kGeneve, GenevePayload(frame, 0x6558, 0, 1)), DecodeResult::kBadTunnelHeader,
                false);
  Bytes cut_options = GenevePayload({}, 0x6558, 4);
  cut_options.resize(8 + 12);
  ExpectRefused(Read(UdpTunnel::kGeneve, cut_options), DecodeResult::kTruncatedTunnel, true);
}

TEST(UdpTunnelsTest, TeredoCarriesIpv6BehindItsOptionalHeaders) {
  for (bool authentication : {false, true}) {
    for (bool origin : {false, true}) {
      SCOPED_TRACE(std::to_string(authentication) + std::to_string(origin));
      ExpectCarries(Read(UdpTunnel::kTeredo, TeredoPayload(kIpv6, authentication, origin)), kIpv6,
                    link_type::kRaw);
    }
  }
  // Two origin indications; authentication after an origin indication.
  const Bytes origin = FromHex("0000 63bf 3fffdffe");
  const Bytes auth = FromHex("0001 0000 0102030405060708 00");
  ExpectRefused(Read(UdpTunnel::kTeredo, TeredoPayload(TeredoPayload(kIpv6, false, true), false, true)),
                DecodeResult::kBadTunnelHeader, true);
  Bytes auth_after_origin = origin;
  auth_after_origin.insert(auth_after_origin.end(), auth.begin(), auth.end());
  auth_after_origin.insert(auth_after_origin.end(), kIpv6.begin(), kIpv6.end());
  ExpectRefused(Read(UdpTunnel::kTeredo, auth_after_origin), DecodeResult::kBadTunnelHeader, true);
  // IP::ParsePacket wants the IPv6 packet to fill the payload.
  Bytes longer = kIpv6;
  longer.push_back(0);
  ExpectRefused(Read(UdpTunnel::kTeredo, longer), DecodeResult::kBadTunnelHeader, true);
  Bytes shorter = kIpv6;
  shorter.pop_back();
  ExpectRefused(Read(UdpTunnel::kTeredo, shorter), DecodeResult::kTruncatedTunnel, true);
  ExpectRefused(Read(UdpTunnel::kTeredo, kIpv4), DecodeResult::kBadTunnelHeader, true);
}

// Teredo.cc lets a bubble (no next header, no payload) carry bytes after it.
TEST(UdpTunnelsTest, TeredoBubbleMayHaveTrailingBytes) {
  Bytes bubble = IpPacket().From("2001:0:4136:e378::1").To("2001:db8::2").Protocol(59).IpBytes();
  ASSERT_EQ(bubble.size(), 40u);
  bubble.insert(bubble.end(), {1, 2, 3});
  const Read d(UdpTunnel::kTeredo, bubble);
  ASSERT_EQ(d.outcome, Outcome::kPacket);
  EXPECT_EQ(d.bytes.size(), 43u);
}

TEST(UdpTunnelsTest, AyiyaForwardsIpAndIgnoresOtherOperations) {
  ExpectCarries(Read(UdpTunnel::kAyiya, AyiyaPayload(kIpv6, 41)), kIpv6, link_type::kRaw);
  ExpectCarries(Read(UdpTunnel::kAyiya, AyiyaPayload(kIpv4, 4)), kIpv4, link_type::kRaw);
  EXPECT_EQ(Read(UdpTunnel::kAyiya, AyiyaPayload(kIpv6, 41, 2)).outcome, Outcome::kNoPacket);
  ExpectRefused(Read(UdpTunnel::kAyiya, AyiyaPayload(kIpv6, 17)), DecodeResult::kNotIp, false);
  ExpectRefused(Read(UdpTunnel::kAyiya, AyiyaPayload({}, 41)), DecodeResult::kTruncatedTunnel, false);
  // An identity of 2^4 bytes that is not there.
  ExpectRefused(Read(UdpTunnel::kAyiya, FromHex("41521129 5f000000 42")), DecodeResult::kTruncatedTunnel, true);
}

TEST(UdpTunnelsTest, GtpCarriesTheIpPacketOfAGPdu) {
  ExpectCarries(Read(UdpTunnel::kGtpv1, GtpPayload(kIpv4)), kIpv4, link_type::kRaw);
  ExpectCarries(Read(UdpTunnel::kGtpv1, GtpPayload(kIpv6, 255, 0x32)), kIpv6, link_type::kRaw);
  ExpectCarries(Read(UdpTunnel::kGtpv1, GtpPayload(kIpv4, 255, 0x30, true)), kIpv4, link_type::kRaw);
  // Signalling (create PDP context request) and GTP' carry no packet.
  EXPECT_EQ(Read(UdpTunnel::kGtpv1, GtpPayload(FromHex("0e01"), 16, 0x32)).outcome, Outcome::kNoPacket);
  EXPECT_EQ(Read(UdpTunnel::kGtpv1, GtpPayload(kIpv4, 255, 0x20)).outcome, Outcome::kNoPacket);
  // Version 2; not IP; a packet shorter or longer than its IP length.
  ExpectRefused(Read(UdpTunnel::kGtpv1, GtpPayload(kIpv4, 255, 0x50)), DecodeResult::kBadTunnelHeader, true);
  ExpectRefused(Read(UdpTunnel::kGtpv1, GtpPayload(Bytes(24, 0x11))), DecodeResult::kBadTunnelHeader, true);
  Bytes longer = kIpv4;
  longer.push_back(0);
  ExpectRefused(Read(UdpTunnel::kGtpv1, GtpPayload(longer)), DecodeResult::kBadTunnelHeader, true);
  ExpectRefused(Read(UdpTunnel::kGtpv1, GtpPayload(Bytes(kIpv4.begin(), kIpv4.end() - 1))),
                DecodeResult::kTruncatedTunnel, true);
  // An extension header of length 0.
  Bytes zero_extension = GtpPayload(kIpv4, 255, 0x30, true);
  zero_extension[12] = 0;
  ExpectRefused(Read(UdpTunnel::kGtpv1, zero_extension), DecodeResult::kBadTunnelHeader, true);
}

// gtpv1-analyzer.pac: "GTP is never tunneled in GTP".
TEST(UdpTunnelsTest, GtpInsideGtpIsAViolation) {
  const Encapsulation in_gtp = kOutermost.Inside(1, TunnelType::kGtpv1);
  ExpectRefused(Read(UdpTunnel::kGtpv1, GtpPayload(kIpv4), in_gtp), DecodeResult::kBadTunnelHeader, true);
  ExpectCarries(Read(UdpTunnel::kGtpv1, GtpPayload(kIpv4), kOutermost.Inside(1, TunnelType::kVxlan)), kIpv4,
                link_type::kRaw);
}

// Tunnel::max_depth: at the limit nothing is read; all but GTPv1 mark the
// carrying connection's history with 'X'.
TEST(UdpTunnelsTest, AtTheMaximumDepthNothingIsDecapsulated) {
  const Encapsulation two_deep = kOutermost.Inside(1, TunnelType::kIp).Inside(2, TunnelType::kGre);
  const Bytes payloads[] = {VxlanPayload(EthernetFrame(kIpv4, 4)), GenevePayload(EthernetFrame(kIpv4, 4)),
                            TeredoPayload(kIpv6), AyiyaPayload(kIpv6, 41), GtpPayload(kIpv4)};
  const UdpTunnel tunnels[] = {UdpTunnel::kVxlan, UdpTunnel::kGeneve, UdpTunnel::kTeredo, UdpTunnel::kAyiya,
                               UdpTunnel::kGtpv1};
  for (std::size_t i = 0; i < std::size(tunnels); ++i) {
    SCOPED_TRACE(std::string(TunnelTypeName(TunnelTypeOf(tunnels[i]))));
    const Read d(tunnels[i], payloads[i], two_deep);
    ExpectRefused(d, DecodeResult::kTunnelTooDeep, false);
    EXPECT_EQ(d.history_x, tunnels[i] != UdpTunnel::kGtpv1);
    EXPECT_EQ(Read(tunnels[i], payloads[i], kOutermost.Inside(1, TunnelType::kIp)).outcome, Outcome::kPacket);
  }
}

TEST(UdpTunnelsTest, CutsAtEveryLengthAreCountedNeverRead) {
  const Bytes frame = EthernetFrame(kIpv4, 4);
  const std::pair<UdpTunnel, Bytes> cases[] = {
      {UdpTunnel::kVxlan, VxlanPayload(frame)},
      {UdpTunnel::kGeneve, GenevePayload(frame, 0x6558, 2)},
      {UdpTunnel::kTeredo, TeredoPayload(kIpv6, true, true)},
      {UdpTunnel::kAyiya, AyiyaPayload(EthernetFrame(kIpv4, 4), 4)},
      {UdpTunnel::kGtpv1, GtpPayload(kIpv4, 255, 0x30, true)},
  };
  for (const auto& [tunnel, payload] : cases) {
    for (std::size_t keep = 0; keep < payload.size(); ++keep) {
      SCOPED_TRACE(std::string(TunnelTypeName(TunnelTypeOf(tunnel))) + " cut to " + std::to_string(keep));
      Bytes cut(payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(keep));
      cut.shrink_to_fit();
      const Read d(tunnel, cut);
      // VXLAN, Geneve and AYIYA hand on a packet of any length; Teredo and
      // GTPv1 want the whole IP packet (IP::ParsePacket).
      if (tunnel == UdpTunnel::kVxlan || tunnel == UdpTunnel::kGeneve || tunnel == UdpTunnel::kAyiya) {
        if (d.outcome == Outcome::kPacket) {
          EXPECT_EQ(d.bytes.size() + (payload.size() - keep), frame.size());
        }
      } else {
        EXPECT_EQ(d.outcome, Outcome::kRefused);
      }
    }
  }
}

}  // namespace
}  // namespace wirecheck::capture
