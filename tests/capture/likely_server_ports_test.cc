// The table against Zeek's own scripts: each `redef likely_server_ports +=`
// in scripts/base (docs/zeek-compatibility.md names the files and versions).

#include "capture/likely_server_ports.h"

#include <gtest/gtest.h>

namespace wirecheck::capture {
namespace {

TEST(LikelyServerPortsTest, HoldsThePortsZeeksScriptsAdd) {
  // ldap/main.zeek: ports_tcp { 389, 3268 }, ports_udp { 389 }.
  EXPECT_TRUE(IsLikelyServerPort(Transport::kTcp, 389));
  EXPECT_TRUE(IsLikelyServerPort(Transport::kTcp, 3268));
  EXPECT_TRUE(IsLikelyServerPort(Transport::kUdp, 389));
  // dns/main.zeek adds 53/tcp and 53, 137, 5353, 5355/udp.
  EXPECT_TRUE(IsLikelyServerPort(Transport::kTcp, 53));
  EXPECT_TRUE(IsLikelyServerPort(Transport::kUdp, 5355));
  // ftp/main.zeek { 21, 2811 }; postgresql { 5432 }; redis { 6379 }; finger { 79 }.
  EXPECT_TRUE(IsLikelyServerPort(Transport::kTcp, 2811));
  EXPECT_TRUE(IsLikelyServerPort(Transport::kTcp, 5432));
  EXPECT_TRUE(IsLikelyServerPort(Transport::kTcp, 6379));
  EXPECT_TRUE(IsLikelyServerPort(Transport::kTcp, 79));
  // dhcp adds only the server's 67/udp, dhcpv6 only 547/udp.
  EXPECT_TRUE(IsLikelyServerPort(Transport::kUdp, 67));
  EXPECT_TRUE(IsLikelyServerPort(Transport::kUdp, 547));
}

TEST(LikelyServerPortsTest, LeavesOutPortsOnlyRegisteredForAnAnalyzer) {
  // mysql/main.zeek registers { 1434, 3306 } and pop3 loads only a signature:
  // neither adds to likely_server_ports.
  EXPECT_FALSE(IsLikelyServerPort(Transport::kTcp, 3306));
  EXPECT_FALSE(IsLikelyServerPort(Transport::kTcp, 1434));
  EXPECT_FALSE(IsLikelyServerPort(Transport::kTcp, 110));
  // The client sides of DHCP and DHCPv6.
  EXPECT_FALSE(IsLikelyServerPort(Transport::kUdp, 68));
  EXPECT_FALSE(IsLikelyServerPort(Transport::kUdp, 546));
  // No script adds these.
  EXPECT_FALSE(IsLikelyServerPort(Transport::kTcp, 1433));
  EXPECT_FALSE(IsLikelyServerPort(Transport::kTcp, 2745));
}

TEST(LikelyServerPortsTest, TcpAndUdpSetsAreDistinct) {
  EXPECT_TRUE(IsLikelyServerPort(Transport::kUdp, 123));
  EXPECT_FALSE(IsLikelyServerPort(Transport::kTcp, 123));
  EXPECT_TRUE(IsLikelyServerPort(Transport::kTcp, 22));
  EXPECT_FALSE(IsLikelyServerPort(Transport::kUdp, 22));
}

}  // namespace
}  // namespace wirecheck::capture
