// Specifications of the per-way packet counts of one side's capture, and of
// where the client side's capture is kept beside the server side's.

#include <gtest/gtest.h>

#include "capture/memory_source.h"
#include "harness/run/kept_pcap.h"
#include "harness/run/packets_by_way.h"
#include "tests/support/packet_builder.h"

namespace wirecheck {
namespace {

capture::Trace AnalyzeUdp(const std::vector<testing::UdpPacket>& datagrams) {
  std::vector<capture::OwnedPacket> frames;
  for (const testing::UdpPacket& p : datagrams) frames.push_back(p.Build());
  capture::MemorySource source(std::move(frames));
  return capture::AnalyzeSource(source);
}

TEST(PacketsByWayTest, CountsFromAndToTheClientHostWhicheverEndStartedTheConversation) {
  const auto client = *capture::IpAddress::Parse("198.51.100.7");
  const capture::Trace trace = AnalyzeUdp({
      testing::UdpPacket().From("198.51.100.7", 40001).To("192.0.2.1", 9876).Payload("a").At(0.0),
      testing::UdpPacket().From("192.0.2.1", 9876).To("198.51.100.7", 40001).Payload("A").At(0.1),
      testing::UdpPacket().From("198.51.100.7", 40001).To("192.0.2.1", 9876).Payload("b").At(0.2),
      testing::UdpPacket().From("192.0.2.1", 5000).To("198.51.100.7", 6000).Payload("x").At(0.3),
      testing::UdpPacket().From("192.0.2.1", 5000).To("203.0.113.9", 6000).Payload("y").At(0.4),
  });
  const PacketsByWay by_way = CountByWay(trace, client);
  EXPECT_EQ(by_way.to_server, 2u);
  EXPECT_EQ(by_way.to_client, 2u);
}

TEST(KeptPcapTest, TheClientSideIsKeptBesideTheServerSideWithClientBeforeTheExtension) {
  EXPECT_EQ(ClientSidePcapPath("/kept/udp_loss.pcap"), "/kept/udp_loss-client.pcap");
  EXPECT_EQ(ClientSidePcapPath("/kept/udp_loss-2.pcap"), "/kept/udp_loss-2-client.pcap");
}

}  // namespace
}  // namespace wirecheck
