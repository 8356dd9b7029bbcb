#include "capture/likely_server_ports.h"

#include <algorithm>
#include <array>

namespace wirecheck::capture {
namespace {

// Exactly the ports of the `redef likely_server_ports += ...` lines in Zeek's
// scripts/base (protocols/*/main.zeek, frameworks/tunnels, packet-protocols);
// Analyzer::register_for_ports does not add to the set, so an analyzer's
// port is here only if its script says so (MySQL's 1434/3306 and POP3's 110
// are registered for their analyzers but are not likely server ports).
// Versions read: docs/zeek-compatibility.md. Sorted, for binary search.
constexpr auto kTcpPorts = std::to_array<std::uint16_t>({
    21,    // ftp
    22,    // ssh
    25,    // smtp
    53,    // dns
    79,    // finger
    80,    // http
    81,    // http
    88,    // krb
    135,   // dce-rpc
    139,   // smb
    143,   // imap
    389,   // ldap
    443,   // ssl
    445,   // smb
    502,   // modbus
    563,   // ssl (nntps)
    585,   // ssl
    587,   // smtp (submission)
    614,   // ssl
    631,   // http (ipp)
    636,   // ssl (ldaps)
    989,   // ssl (ftps-data)
    990,   // ssl (ftps)
    992,   // ssl (telnets)
    993,   // ssl (imaps)
    995,   // ssl (pop3s)
    1080,  // http, socks
    1883,  // mqtt
    2811,  // ftp (gridftp)
    3128,  // http (proxy)
    3268,  // ldap (global catalog)
    3389,  // rdp
    5222,  // xmpp
    5223,  // ssl
    5269,  // xmpp
    5432,  // postgresql
    6379,  // redis
    6666,  // irc
    6667,  // irc
    6668,  // irc
    6669,  // irc
    8000,  // http
    8080,  // http
    8888,  // http
    20000, // dnp3
});

constexpr auto kUdpPorts = std::to_array<std::uint16_t>({
    53,    // dns
    67,    // dhcp (server side only)
    88,    // krb
    123,   // ntp
    137,   // dns (netbios name service)
    161,   // snmp
    162,   // snmp (traps)
    389,   // ldap
    443,   // ssl (dtls), quic
    514,   // syslog
    547,   // dhcpv6 (server side)
    1812,  // radius
    2123,  // tunnels: gtpv1 control
    2152,  // tunnels: gtpv1 user
    3389,  // rdp (rdpeudp)
    3544,  // tunnels: teredo
    4789,  // tunnels: vxlan
    5060,  // sip
    5072,  // tunnels: ayiya
    5353,  // dns (mdns)
    5355,  // dns (llmnr)
    6081,  // tunnels: geneve
    20000, // dnp3
});

template <std::size_t N>
bool Holds(const std::array<std::uint16_t, N>& ports, std::uint16_t port) {
  return std::binary_search(ports.begin(), ports.end(), port);
}

}  // namespace

bool IsLikelyServerPort(Transport transport, std::uint16_t port) {
  return transport == Transport::kTcp ? Holds(kTcpPorts, port) : Holds(kUdpPorts, port);
}

}  // namespace wirecheck::capture
