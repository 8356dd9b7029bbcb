// Specifications of ZeekUdp against Zeek's rules (packet_analysis UDP.cc,
// UDPSessionAdapter.cc, IPBasedAnalyzer.cc, conn/main.zeek, the NTP analyzer).

#include "capture/zeek_udp.h"

#include <array>
#include <chrono>
#include <string_view>

#include <gtest/gtest.h>

namespace wirecheck::capture {
namespace {

using namespace std::chrono_literals;

Timestamp At(double seconds) { return Timestamp{static_cast<std::int64_t>(seconds * 1e9)}; }

std::array<std::uint8_t, 48> g_payload{};

DecodedPacket Datagram(double t, std::uint16_t src_port, std::uint16_t dst_port,
                       std::uint32_t len) {
  DecodedPacket p;
  p.ts = At(t);
  p.transport = Transport::kUdp;
  p.src_port = src_port;
  p.dst_port = dst_port;
  p.payload_length = len;
  p.payload = std::span<const std::uint8_t>(g_payload.data(), std::min<std::size_t>(len, 48));
  return p;
}

/// A 48-byte NTP message of the given mode (3 client, 4 server), version 4.
DecodedPacket Ntp(double t, std::uint16_t src_port, std::uint16_t dst_port, std::uint8_t mode) {
  static std::array<std::array<std::uint8_t, 48>, 8> messages{};
  messages[mode][0] = static_cast<std::uint8_t>((4 << 3) | mode);
  DecodedPacket p = Datagram(t, src_port, dst_port, 48);
  p.payload = messages[mode];
  return p;
}

TEST(ZeekUdpTest, RequestAndReplyIsDdSF) {
  const DecodedPacket q = Datagram(0.0, 40000, 53, 30);
  ASSERT_TRUE(ZeekUdp::SenderIsOriginator(q));
  ZeekUdp u(q, false);
  EXPECT_FALSE(u.Deliver(false, Datagram(0.1, 53, 40000, 90)));
  u.Deliver(true, Datagram(0.2, 40000, 53, 30));
  EXPECT_EQ(u.history(), "Dd");
  EXPECT_EQ(u.conn_state(), "SF");
  EXPECT_EQ(u.bytes(true), 60u);
  EXPECT_EQ(u.bytes(false), 90u);
}

TEST(ZeekUdpTest, UnansweredDatagramIsS0) {
  ZeekUdp u(Datagram(0.0, 40000, 50000, 10), false);
  EXPECT_EQ(u.history(), "D");
  EXPECT_EQ(u.conn_state(), "S0");
}

TEST(ZeekUdpTest, ReplyFromServerPortFirstIsFlippedSHR) {
  const DecodedPacket r = Datagram(0.0, 53, 40000, 90);
  ASSERT_FALSE(ZeekUdp::SenderIsOriginator(r));
  ZeekUdp u(r, true);
  EXPECT_EQ(u.history(), "^d");
  EXPECT_EQ(u.conn_state(), "SHR");
}

TEST(ZeekUdpTest, BothPortsLikelyServersKeepsTheSender) {
  EXPECT_TRUE(ZeekUdp::SenderIsOriginator(Datagram(0.0, 53, 123, 10)));
}

/// `p` sent to `address` (IPv4 or IPv6 text).
DecodedPacket To(DecodedPacket p, std::string_view address) {
  p.dst = *IpAddress::Parse(address);
  p.ip_version = p.dst.is_v6() ? 6 : 4;
  p.src = *IpAddress::Parse(p.dst.is_v6() ? "fe80::1" : "192.168.1.1");
  return p;
}

TEST(ZeekUdpTest, ReplyFromServerPortToTheLimitedBroadcastIsNotFlipped) {
  // IPBasedAnalyzer::NewConn: `if ( flip && ! id->dst_addr.IsBroadcast() )`;
  // a DHCP offer from 67 to 68 at 255.255.255.255 keeps its sender: D, S0.
  const DecodedPacket offer = To(Datagram(0.0, 67, 68, 300), "255.255.255.255");
  ASSERT_TRUE(ZeekUdp::SenderIsOriginator(offer));
  ZeekUdp u(offer, false);
  EXPECT_EQ(u.history(), "D");
  EXPECT_EQ(u.conn_state(), "S0");
}

TEST(ZeekUdpTest, OnlyTheIpv4LimitedBroadcastStopsTheFlip) {
  // IPAddr::IsBroadcast is true only for IPv4 255.255.255.255: a subnet
  // broadcast, IPv4 and IPv6 multicast destinations are flipped like any.
  EXPECT_FALSE(ZeekUdp::SenderIsOriginator(To(Datagram(0.0, 67, 68, 300), "192.168.1.255")));
  EXPECT_FALSE(ZeekUdp::SenderIsOriginator(To(Datagram(0.0, 53, 40000, 90), "224.0.0.251")));
  EXPECT_FALSE(ZeekUdp::SenderIsOriginator(To(Datagram(0.0, 547, 546, 90), "ff02::1:2")));
  EXPECT_FALSE(ZeekUdp::SenderIsOriginator(To(Datagram(0.0, 547, 546, 90), "ff02::ffff:ffff")));
}

TEST(ZeekUdpTest, NtpServerMessageFirstIsDCaretThenS0) {
  // ntp_misordered-ntp.pcap: the reply (mode 4) comes before the request.
  const DecodedPacket reply = Ntp(0.0, 123, 123, 4);
  ASSERT_FALSE(ZeekUdp::SenderIsOriginator(reply));
  ZeekUdp u(reply, true);
  EXPECT_EQ(u.history(), "D^");
  // After the flip the client is the originator.
  EXPECT_FALSE(u.Deliver(true, Ntp(0.9, 123, 123, 3)));
  EXPECT_EQ(u.history(), "D^");
  EXPECT_EQ(u.conn_state(), "S0");
  EXPECT_EQ(u.bytes(true), 96u);  // Zeek keeps counts in place on a flip
}

TEST(ZeekUdpTest, NtpClientMessageFromResponderFlipsMidFlow) {
  ZeekUdp u(Ntp(0.0, 40000, 123, 4), false);  // server mode from the originator
  EXPECT_EQ(u.history(), "D^");
  ZeekUdp v(Datagram(0.0, 40000, 123, 10), false);  // too short for NTP: no flip
  EXPECT_TRUE(v.Deliver(false, Ntp(0.1, 123, 40000, 3)));
  EXPECT_EQ(v.history(), "Dd^");
}

TEST(ZeekUdpTest, ExpiresOneMinuteAfterTheLastDatagram) {
  ZeekUdp u(Datagram(1.0, 40000, 53, 10), false);
  u.Deliver(false, Datagram(2.5, 53, 40000, 10));
  EXPECT_EQ(u.ExpiresAt(), At(2.5) + 60s);  // udp_inactivity_timeout
}

}  // namespace
}  // namespace wirecheck::capture
