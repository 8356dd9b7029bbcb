// DecodeGre(): the GRE header as Zeek's GRE analyzer reads it
// (src/packet_analysis/protocol/gre/GRE.cc), every refusal, and cuts at
// every length.

#include "capture/gre.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

#include "tests/support/packet_builder.h"
#include "tests/support/tunnel_builder.h"

namespace wirecheck::capture {
namespace {

using testing::Bytes;
using testing::ErspanPayload;
using testing::EthernetFrame;
using testing::FromHex;
using testing::GrePayload;
using testing::PptpPayload;
using testing::TcpPacket;

const Bytes kIpv4 = TcpPacket().From("10.1.0.1", 1000).To("10.1.0.2", 80).IpBytes();
const Bytes kIpv6 = TcpPacket().From("fd00::1", 1000).To("fd00::2", 80).IpBytes();

/// DecodeGre()'s answer, with a copy of the inner bytes (the argument is
/// usually a temporary).
struct Decoded {
  DecodeResult result = DecodeResult::kOk;
  std::uint32_t link_type = 0;
  Bytes inner;
};

Decoded Gre(const Bytes& bytes) {
  InnerPacket inner;
  Decoded d;
  d.result = DecodeGre(bytes, &inner);
  d.link_type = inner.link_type;
  d.inner.assign(inner.bytes.begin(), inner.bytes.end());
  return d;
}

TEST(GreTest, Version0CarriesRawIpAfterEveryOptionalField) {
  for (const std::uint16_t flags : std::initializer_list<std::uint16_t>{0x0000, 0x8000, 0x2000, 0x1000, 0xb000}) {
    SCOPED_TRACE("flags " + std::to_string(flags));
    const Decoded d = Gre(GrePayload(kIpv4, 0x0800, flags));
    ASSERT_EQ(d.result, DecodeResult::kOk);
    EXPECT_EQ(d.link_type, link_type::kRaw);
    EXPECT_EQ(d.inner, kIpv4);
  }
}

// GRE.cc hands every protocol type it does not know to the IP tunnel
// analyzer, whose IP analyzer goes by the version nibble.
TEST(GreTest, AnyOtherProtocolTypeIsRawIpForTheVersionNibble) {
  const Decoded d = Gre(GrePayload(kIpv6, 0x0800));
  ASSERT_EQ(d.result, DecodeResult::kOk);
  EXPECT_EQ(d.link_type, link_type::kRaw);
  EXPECT_EQ(Gre(GrePayload(kIpv4, 0x883e)).link_type, link_type::kRaw);  // WCCP
}

TEST(GreTest, TransparentEthernetBridgingCarriesAFrame) {
  const Bytes frame = EthernetFrame(kIpv4, 4);
  const Decoded d = Gre(GrePayload(frame, 0x6558, 0x2000));
  ASSERT_EQ(d.result, DecodeResult::kOk);
  EXPECT_EQ(d.link_type, link_type::kEthernet);
  EXPECT_EQ(d.inner, frame);
}

TEST(GreTest, ErspanTypesOneTwoAndThreeCarryTheMirroredFrame) {
  const Bytes frame = EthernetFrame(kIpv6, 6);
  for (int type : {1, 2, 3}) {
    for (bool subheader : {false, true}) {
      if (subheader && type != 3) continue;
      SCOPED_TRACE("ERSPAN type " + std::to_string(type) + (subheader ? " with sub-header" : ""));
      const Decoded d = Gre(ErspanPayload(frame, type, subheader));
      ASSERT_EQ(d.result, DecodeResult::kOk);
      EXPECT_EQ(d.link_type, link_type::kEthernet);
      EXPECT_EQ(d.inner, frame);
    }
  }
}

// PPTP: the IP version comes from the PPP protocol, and IPTunnel.cc wants
// the packet to fill the tunnel exactly (so the link type is kIpv4/kIpv6).
TEST(GreTest, PptpCarriesIpAnnouncedByPpp) {
  Decoded d = Gre(PptpPayload(kIpv4, 0x0021));
  ASSERT_EQ(d.result, DecodeResult::kOk);
  EXPECT_EQ(d.link_type, link_type::kIpv4);
  EXPECT_EQ(d.inner, kIpv4);
  d = Gre(PptpPayload(kIpv6, 0x0057));
  ASSERT_EQ(d.result, DecodeResult::kOk);
  EXPECT_EQ(d.link_type, link_type::kIpv6);
  // PPP's LCP and compressed frames are not IP (Zeek: non_ip_packet_in_encap).
  EXPECT_EQ(Gre(PptpPayload(FromHex("01010004"), 0xc021)).result, DecodeResult::kNotIp);
  EXPECT_EQ(Gre(PptpPayload(FromHex("01010004"), 0x00fd)).result, DecodeResult::kNotIp);
}

TEST(GreTest, ArubaWlanTypesCarry80211) {
  for (const std::uint16_t type : std::initializer_list<std::uint16_t>{0x8200, 0x8210, 0x8300, 0x8370, 0x9000}) {
    const Decoded d = Gre(GrePayload(kIpv4, type));
    ASSERT_EQ(d.result, DecodeResult::kOk);
    EXPECT_EQ(d.link_type, 105u);  // IEEE 802.11: Decode() does not read it
  }
  EXPECT_EQ(Gre(GrePayload({}, 0x8200)).result, DecodeResult::kTruncatedTunnel);
}

TEST(GreTest, HeadersZeekRefusesAreBadTunnelHeaders) {
  // Version 2; version 1 that is not PPP; the routing flag; reserved flags.
  EXPECT_EQ(Gre(GrePayload(kIpv4, 0x0800, 0x0002)).result, DecodeResult::kBadTunnelHeader);
  EXPECT_EQ(Gre(GrePayload(kIpv4, 0x0800, 0x2001)).result, DecodeResult::kBadTunnelHeader);
  EXPECT_EQ(Gre(GrePayload(kIpv4, 0x0800, 0x4000)).result, DecodeResult::kBadTunnelHeader);
  for (const std::uint16_t reserved : std::initializer_list<std::uint16_t>{0x0008, 0x0010, 0x0020, 0x0040}) {
    EXPECT_EQ(Gre(GrePayload(kIpv4, 0x0800, reserved)).result, DecodeResult::kBadTunnelHeader);
  }
}

// Every cut before the packet starts is a reason; a cut packet after a
// complete header is the inner packet's own problem. Exact-size blocks, so
// ASan sees any read past the end.
TEST(GreTest, CutsAtEveryLengthAreCountedNeverRead) {
  const Bytes frame = EthernetFrame(kIpv4, 4);
  struct Case {
    const char* what;
    Bytes bytes;
    std::size_t header;  // bytes before the inner packet
  };
  const Case cases[] = {
      {"ipv4 with key and sequence", GrePayload(kIpv4, 0x0800, 0x3000), 12},
      {"ethernet", GrePayload(frame, 0x6558), 4},
      {"erspan 2", ErspanPayload(frame, 2), 16},
      {"erspan 3 with sub-header", ErspanPayload(frame, 3, true), 28},
      {"pptp", PptpPayload(kIpv4, 0x0021), 16},
  };
  for (const Case& c : cases) {
    for (std::size_t keep = 0; keep <= c.bytes.size(); ++keep) {
      SCOPED_TRACE(std::string(c.what) + " cut to " + std::to_string(keep));
      Bytes cut(c.bytes.begin(), c.bytes.begin() + static_cast<std::ptrdiff_t>(keep));
      cut.shrink_to_fit();
      const Decoded d = Gre(cut);
      if (keep < c.header) {
        EXPECT_EQ(d.result, DecodeResult::kTruncatedTunnel);
      } else if (d.result == DecodeResult::kOk) {
        EXPECT_EQ(d.inner.size(), keep - c.header);
      }
    }
  }
}

}  // namespace
}  // namespace wirecheck::capture
