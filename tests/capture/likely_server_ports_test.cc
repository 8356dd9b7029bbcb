// The table against Zeek's own scripts: each `redef likely_server_ports +=`
// in scripts/base (docs/zeek-compatibility.md names the files and versions).

#include "capture/likely_server_ports.h"

#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace wirecheck::capture {
namespace {

using Port = std::pair<Transport, std::uint16_t>;
constexpr Transport kTcp = Transport::kTcp, kUdp = Transport::kUdp;

TEST(LikelyServerPortsTest, HoldsThePortsZeeksScriptsAdd) {
  const std::vector<Port> in{
      {kTcp, 389}, {kTcp, 3268}, {kUdp, 389},  // ldap: ports_tcp, ports_udp
      {kTcp, 53},  {kUdp, 5355},               // dns
      {kTcp, 2811}, {kTcp, 5432}, {kTcp, 6379}, {kTcp, 79},  // ftp, postgresql, redis, finger
      {kUdp, 67},  {kUdp, 547},                // only the servers' DHCP ports
  };
  for (const auto& [transport, port] : in) {
    EXPECT_TRUE(IsLikelyServerPort(transport, port)) << port;
  }
}

TEST(LikelyServerPortsTest, LeavesOutPortsOnlyRegisteredForAnAnalyzer) {
  const std::vector<Port> out{
      // mysql/main.zeek registers { 1434, 3306 } and pop3 loads only a
      // signature: neither adds to likely_server_ports.
      {kTcp, 3306}, {kTcp, 1434}, {kTcp, 110},
      {kUdp, 68},   {kUdp, 546},    // the DHCP clients' ports
      {kTcp, 1433}, {kTcp, 2745},   // no script adds these
      {kTcp, 123},  {kUdp, 22},     // the TCP and UDP sets are distinct
  };
  for (const auto& [transport, port] : out) {
    EXPECT_FALSE(IsLikelyServerPort(transport, port)) << port;
  }
}

}  // namespace
}  // namespace wirecheck::capture
