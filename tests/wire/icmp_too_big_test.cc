// What the wire answers a packet above its MTU.

#include "harness/wire/icmp_too_big.h"

#include <gtest/gtest.h>

#include "tests/support/packet_builder.h"

namespace wirecheck::wire {
namespace {

using testing::IpPacket;
using testing::TcpPacket;

// The one's complement sum of a correctly checksummed range is 0xffff.
std::uint16_t Folded(const std::uint8_t* bytes, std::size_t n, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < n; i += 2) sum += static_cast<std::uint32_t>(bytes[i] << 8 | bytes[i + 1]);
  if (n % 2 != 0) sum += static_cast<std::uint32_t>(bytes[n - 1] << 8);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(sum);
}

std::vector<std::uint8_t> WithDontFragment(std::vector<std::uint8_t> packet) {
  packet[6] |= 0x40;
  const std::size_t header = static_cast<std::size_t>(packet[0] & 0x0f) * 4;
  packet[10] = packet[11] = 0;
  const std::uint16_t sum = static_cast<std::uint16_t>(~Folded(packet.data(), header));
  packet[10] = static_cast<std::uint8_t>(sum >> 8);
  packet[11] = static_cast<std::uint8_t>(sum);
  return packet;
}

TEST(IcmpTooBigTest, Ipv4WithDontFragmentGetsFragmentationNeededFromItsDestination) {
  const auto packet = WithDontFragment(
      TcpPacket().From("192.0.2.1", 40000).To("192.0.2.2", 80).Payload(std::string(1400, 'x')).IpBytes());
  const std::vector<std::uint8_t> reply = MakeTooBig(packet, 1000);
  ASSERT_EQ(reply.size(), 576u);  // an ICMPv4 error stays within 576 bytes
  EXPECT_EQ(reply[9], 1);         // ICMP
  EXPECT_EQ(std::vector<std::uint8_t>(reply.begin() + 12, reply.begin() + 16),
            std::vector<std::uint8_t>(packet.begin() + 16, packet.begin() + 20));  // from 192.0.2.2
  EXPECT_EQ(std::vector<std::uint8_t>(reply.begin() + 16, reply.begin() + 20),
            std::vector<std::uint8_t>(packet.begin() + 12, packet.begin() + 16));  // to 192.0.2.1
  EXPECT_EQ(Folded(reply.data(), 20), 0xffff);
  EXPECT_EQ(reply[20], 3);
  EXPECT_EQ(reply[21], 4);
  EXPECT_EQ(reply[26] << 8 | reply[27], 1000);
  EXPECT_EQ(Folded(reply.data() + 20, reply.size() - 20), 0xffff);
  EXPECT_TRUE(std::equal(reply.begin() + 28, reply.end(), packet.begin()));  // the packet's start, quoted
}

TEST(IcmpTooBigTest, Ipv4WithoutDontFragmentGetsNoAnswer) {
  const auto packet = TcpPacket().From("192.0.2.1", 40000).To("192.0.2.2", 80).Payload(std::string(1400, 'x')).IpBytes();
  EXPECT_TRUE(MakeTooBig(packet, 1000).empty());
}

TEST(IcmpTooBigTest, Ipv6GetsPacketTooBigWithinTheMinimumMtu) {
  const auto packet =
      TcpPacket().From("2001:db8::1", 40000).To("2001:db8::2", 80).Payload(std::string(1400, 'x')).IpBytes();
  const std::vector<std::uint8_t> reply = MakeTooBig(packet, 1280);
  ASSERT_EQ(reply.size(), 1280u);
  EXPECT_EQ(reply[6], 58);  // ICMPv6
  EXPECT_EQ(reply[40], 2);  // packet too big
  EXPECT_EQ(reply[44] << 24 | reply[45] << 16 | reply[46] << 8 | reply[47], 1280);
  // The checksum covers the pseudo-header: addresses, length, next header.
  const std::uint32_t pseudo = Folded(reply.data() + 8, 32) + static_cast<std::uint32_t>(reply.size() - 40) + 58;
  EXPECT_EQ(Folded(reply.data() + 40, reply.size() - 40, pseudo), 0xffff);
}

TEST(IcmpTooBigTest, AnIcmpErrorIsNeverAnswered) {
  std::vector<std::uint8_t> error(8 + 1200, 0);
  error[0] = 3;  // destination unreachable
  const auto packet = WithDontFragment(IpPacket().From("192.0.2.1").To("192.0.2.2").Protocol(1).Payload(error).IpBytes());
  EXPECT_TRUE(MakeTooBig(packet, 1000).empty());
}

}  // namespace
}  // namespace wirecheck::wire
