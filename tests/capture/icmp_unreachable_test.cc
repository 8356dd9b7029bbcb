// Specifications of ICMP port unreachable as evidence: DecodePortUnreachable
// (ICMP type 3 code 3, ICMPv6 type 1 code 4, quoting a UDP datagram) and the
// Analyzer noting it on the UDP flow whose datagram it answers, without
// changing that flow's counts, history or the skip counters.

#include "capture/icmp_unreachable.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "capture/analyzer.h"
#include "capture/memory_source.h"
#include "tests/support/packet_builder.h"

namespace wirecheck::capture {
namespace {

using wirecheck::testing::AsRawPacket;
using wirecheck::testing::Bytes;
using wirecheck::testing::IcmpPacket;
using wirecheck::testing::TcpPacket;
using wirecheck::testing::UdpPacket;

constexpr std::size_t kEthernetHeader = 14;

// The client's datagram to port 6789, and the kernel's answer to it, quoting
// it whole as Linux does.
UdpPacket Datagram(std::string_view client = "10.0.0.1", std::string_view server = "10.0.0.2",
                   std::uint16_t client_port = 40000) {
  return UdpPacket().From(client, client_port).To(server, 6789).Payload("hello\n");
}
IcmpPacket Refusal(const UdpPacket& datagram, std::string_view client = "10.0.0.1",
                   std::string_view server = "10.0.0.2") {
  return IcmpPacket().From(server).To(client).Quote(datagram.IpBytes());
}

bool Decodes(const OwnedPacket& packet, PortUnreachable* out) {
  return DecodePortUnreachable(AsRawPacket(packet), out);
}

Trace Analyze(std::vector<OwnedPacket> packets) {
  MemorySource source(std::move(packets));
  return AnalyzeSource(source);
}

// --- DecodePortUnreachable ---------------------------------------------------

TEST(DecodePortUnreachableTest, GivesTheQuotedDatagramsAddressesPortsAndTheTime) {
  PortUnreachable u;
  ASSERT_TRUE(Decodes(Refusal(Datagram()).At(2.5).Build(), &u));
  EXPECT_EQ(u.src.ToString(), "10.0.0.1");
  EXPECT_EQ(u.dst.ToString(), "10.0.0.2");
  EXPECT_EQ(u.src_port, 40000);
  EXPECT_EQ(u.dst_port, 6789);
  EXPECT_EQ(u.ts, Timestamp(2'500'000'000));
}

TEST(DecodePortUnreachableTest, Ipv6TypeOneCodeFour) {
  PortUnreachable u;
  ASSERT_TRUE(Decodes(Refusal(Datagram("::1", "::1"), "::1", "::1").Build(link_type::kLinuxSll), &u));
  EXPECT_EQ(u.src.ToString(), "::1");
  EXPECT_EQ(u.src_port, 40000);
  EXPECT_EQ(u.dst_port, 6789);
}

TEST(DecodePortUnreachableTest, AQuoteCutAfterTheUdpHeaderIsEnough) {
  const Bytes whole = Datagram().IpBytes();
  PortUnreachable u;
  EXPECT_TRUE(Decodes(IcmpPacket().Quote(Bytes(whole.begin(), whole.begin() + 28)).Build(), &u));
  EXPECT_EQ(u.dst_port, 6789);
}

TEST(DecodePortUnreachableTest, TruncatedIcmpIsNotDecoded) {
  const OwnedPacket icmp = Refusal(Datagram()).Build();
  PortUnreachable u;
  // Cut inside the ICMP header, inside the quoted IP header, inside the UDP header.
  for (std::size_t keep : {4u, 8u + 12u, 8u + 20u + 6u}) {
    EXPECT_FALSE(Decodes(Refusal(Datagram()).TruncateTo(kEthernetHeader + 20 + keep).Build(), &u)) << keep;
  }
  EXPECT_TRUE(Decodes(icmp, &u));
}

TEST(DecodePortUnreachableTest, QuotedTcpHeaderIsNotADatagram) {
  const Bytes syn = TcpPacket().From("10.0.0.1", 40000).To("10.0.0.2", 6789).IpBytes();
  PortUnreachable u;
  EXPECT_FALSE(Decodes(IcmpPacket().Quote(syn).Build(), &u));
}

TEST(DecodePortUnreachableTest, OtherIcmpMessagesAreNot) {
  PortUnreachable u;
  EXPECT_FALSE(Decodes(IcmpPacket().TypeCode(8, 0).Quote(Bytes(32, 'p')).Build(), &u));           // echo request
  EXPECT_FALSE(Decodes(IcmpPacket().TypeCode(3, 1).Quote(Datagram().IpBytes()).Build(), &u));     // host unreachable
  EXPECT_FALSE(Decodes(IcmpPacket().From("::1").To("::1").TypeCode(128, 0).Build(), &u));        // ICMPv6 echo
  // ICMPv4's numbers in an ICMPv6 message are "time exceeded".
  EXPECT_FALSE(Decodes(IcmpPacket().From("::1").To("::1").TypeCode(3, 3)
                           .Quote(Datagram("::1", "::1").IpBytes()).Build(), &u));
}

TEST(DecodePortUnreachableTest, TcpAndUdpPacketsAreNot) {
  PortUnreachable u;
  EXPECT_FALSE(Decodes(Datagram().Build(), &u));
  EXPECT_FALSE(Decodes(TcpPacket().Build(), &u));
}

TEST(DecodePortUnreachableTest, QuoteOfTheOtherIpVersionIsNot) {
  PortUnreachable u;
  EXPECT_FALSE(Decodes(IcmpPacket().Quote(Datagram("::1", "::1").IpBytes()).Build(), &u));
}

// --- The Analyzer ------------------------------------------------------------

TEST(AnalyzerPortUnreachableTest, IsNotedOnTheFlowOfTheQuotedDatagram) {
  const UdpPacket first = Datagram().At(1.0), second = Datagram().Payload("again\n").At(2.0);
  const Trace trace = Analyze({
      first.Build(),
      UdpPacket().From("10.0.0.2", 6789).To("10.0.0.1", 40000).Payload("HELLO\n").At(1.1).Build(),
      second.Build(),
      Refusal(second).At(2.0001).Build(),
  });
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  ASSERT_EQ(c.port_unreachable.size(), 1u);
  EXPECT_EQ(c.port_unreachable_count, 1u);
  EXPECT_EQ(c.port_unreachable[0].number, 4u);
  EXPECT_EQ(c.port_unreachable[0].ts, Timestamp(2'000'100'000));
  EXPECT_EQ(c.port_unreachable[0].refused, Direction::kOrig);
  // Not a packet of the flow, and still counted as another transport.
  EXPECT_EQ(c.packets.size(), 3u);
  EXPECT_EQ(c.from(Direction::kOrig).packets, 2u);
  EXPECT_EQ(c.from(Direction::kResp).packets, 1u);
  EXPECT_EQ(c.history, "Dd");
  EXPECT_EQ(trace.stats.decoded, 3u);
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kOtherTransport), 1u);
}

TEST(AnalyzerPortUnreachableTest, Ipv6IsNotedToo) {
  const UdpPacket datagram = Datagram("::1", "::1").At(1.0);
  const Trace trace = Analyze({datagram.Build(), Refusal(datagram, "::1", "::1").At(1.0).Build()});
  ASSERT_EQ(trace.conversations.size(), 1u);
  ASSERT_EQ(trace.conversations[0].port_unreachable.size(), 1u);
  EXPECT_EQ(trace.conversations[0].port_unreachable[0].number, 2u);
}

TEST(AnalyzerPortUnreachableTest, QuoteOfAnotherFlowIsNotNoted) {
  const Trace trace = Analyze({
      Datagram().At(1.0).Build(),
      Refusal(Datagram("10.0.0.1", "10.0.0.2", 40001)).At(1.0).Build(),  // another client port
      Refusal(Datagram("10.0.0.3")).At(1.0).Build(),                      // another client address
  });
  ASSERT_EQ(trace.conversations.size(), 1u);
  EXPECT_TRUE(trace.conversations[0].port_unreachable.empty());
  EXPECT_EQ(trace.conversations[0].port_unreachable_count, 0u);
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kOtherTransport), 2u);
}

TEST(AnalyzerPortUnreachableTest, BeforeTheFlowsFirstDatagramOrAfterItEndedIsNotNoted) {
  const Trace trace = Analyze({
      Refusal(Datagram()).At(0.5).Build(),   // no flow yet
      Datagram().At(1.0).Build(),
      Refusal(Datagram()).At(62.0).Build(),  // past Zeek's 60 s UDP inactivity timeout
  });
  ASSERT_EQ(trace.conversations.size(), 1u);
  EXPECT_EQ(trace.conversations[0].port_unreachable_count, 0u);
}

TEST(AnalyzerPortUnreachableTest, QuoteOfTheServersReplyMarksTheServerAsRefused) {
  const Trace trace = Analyze({
      Datagram().At(1.0).Build(),
      UdpPacket().From("10.0.0.2", 6789).To("10.0.0.1", 40000).At(1.1).Build(),
      IcmpPacket().From("10.0.0.1").To("10.0.0.2")
          .Quote(UdpPacket().From("10.0.0.2", 6789).To("10.0.0.1", 40000).IpBytes()).At(1.1).Build(),
  });
  ASSERT_EQ(trace.conversations.size(), 1u);
  ASSERT_EQ(trace.conversations[0].port_unreachable.size(), 1u);
  EXPECT_EQ(trace.conversations[0].port_unreachable[0].refused, Direction::kResp);
}

TEST(AnalyzerPortUnreachableTest, KeepsTheFirstSixteenAndCountsThemAll) {
  std::vector<OwnedPacket> packets;
  for (int i = 0; i < 20; ++i) {
    packets.push_back(Datagram().At(1.0 + i).Build());
    packets.push_back(Refusal(Datagram()).At(1.0 + i).Build());
  }
  const Trace trace = Analyze(std::move(packets));
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(c.port_unreachable_count, 20u);
  ASSERT_EQ(c.port_unreachable.size(), kPortUnreachableMarksKept);
  EXPECT_EQ(c.port_unreachable.front().number, 2u);
  EXPECT_EQ(c.port_unreachable.back().number, 32u);
}

}  // namespace
}  // namespace wirecheck::capture
