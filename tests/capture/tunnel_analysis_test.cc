// The analyzer with tunnels: the connections inside each tunnel type, with
// their tunnel_parents, the outer connections Zeek logs beside them, Zeek's
// connection key (the tunnel is not part of it), its limits (max depth,
// tunnel changes, violations, IP tunnel timeout) and the counts. Expected
// values follow Zeek's sources (docs/zeek-compatibility.md, "Link layers
// and tunnels") and the shape of its btest baselines: e.g.
// testing/btest/Baseline/core.tunnels.vxlan/conn.log logs the inner
// connection with tunnel_parents naming both outer VXLAN connections (one
// per direction), and each outer one as a UDP connection (history D, S0).

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "capture/analyzer.h"
#include "capture/memory_source.h"
#include "tests/support/packet_builder.h"
#include "tests/support/tunnel_builder.h"

namespace wirecheck::capture {
namespace {

using testing::AyiyaPayload;
using testing::Bytes;
using testing::ErspanPayload;
using testing::EthernetFrame;
using testing::FromHex;
using testing::GenevePayload;
using testing::GrePayload;
using testing::GtpPayload;
using testing::IpPacket;
using testing::PptpPayload;
using testing::TcpPacket;
using testing::TeredoPayload;
using testing::UdpPacket;
using testing::VxlanPayload;

constexpr std::uint8_t kS = tcp_flag::kSyn, kA = tcp_flag::kAck, kF = tcp_flag::kFin, kP = tcp_flag::kPsh;

/// One packet of the inner connection: when, which side, and the packet.
struct Inner {
  double t;
  bool from_client;
  TcpPacket packet;
};

/// A whole TCP connection (handshake, "ping", "pong", both FINs) between
/// the addresses given, 0.1 s apart from t0.
std::vector<Inner> PingPong(std::string_view client, std::string_view server, double t0 = 0.0) {
  auto c = [&](double t, std::uint8_t flags, std::uint32_t seq, std::uint32_t ack) {
    return Inner{t0 + t, true, TcpPacket().From(client, 40000).To(server, 80).Flags(flags).Seq(seq).Ack(ack)};
  };
  auto s = [&](double t, std::uint8_t flags, std::uint32_t seq, std::uint32_t ack) {
    return Inner{t0 + t, false, TcpPacket().From(server, 80).To(client, 40000).Flags(flags).Seq(seq).Ack(ack)};
  };
  std::vector<Inner> out = {c(0.0, kS, 1000, 0),          s(0.1, kS | kA, 5000, 1001), c(0.2, kA, 1001, 5001),
                            c(0.3, kP | kA, 1001, 5001),  s(0.4, kP | kA, 5001, 1005), c(0.5, kF | kA, 1005, 5005),
                            s(0.6, kF | kA, 5005, 1006), c(0.7, kA, 1006, 5006)};
  out[3].packet.Payload("ping");
  out[4].packet.Payload("pong");
  return out;
}

/// How a test carries each inner packet: its outer packet.
using Carrier = std::function<OwnedPacket(const Inner&)>;

std::vector<OwnedPacket> Carried(const std::vector<Inner>& inner, const Carrier& carrier) {
  std::vector<OwnedPacket> out;
  for (const Inner& i : inner) out.push_back(carrier(i));
  return out;
}

Trace Analyze(std::vector<OwnedPacket> packets, const AnalyzerOptions& options = {}) {
  MemorySource source(std::move(packets));
  return AnalyzeSource(source, options);
}

const Conversation* Find(const Trace& trace, Transport transport, std::uint16_t resp_port) {
  for (const Conversation& c : trace.conversations) {
    if (c.transport == transport && c.resp.port == resp_port) return &c;
  }
  return nullptr;
}

const Conversation* ById(const Trace& trace, std::uint64_t id) {
  for (const Conversation& c : trace.conversations) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

/// Every packet is analysed or skipped for one reason; a UDP tunnel's
/// payload is a packet of its own.
void ExpectCountsAddUp(const Trace& trace) {
  EXPECT_EQ(trace.stats.decoded + trace.stats.decode.skipped(),
            trace.stats.packets + trace.stats.tunnel_payloads);
  std::uint64_t in_conversations = 0;
  for (const Conversation& c : trace.conversations) in_conversations += c.dir[0].packets + c.dir[1].packets;
  EXPECT_EQ(in_conversations, trace.stats.decoded);
}

/// The inner TCP connection of PingPong, as Zeek logs it wherever it ran.
void ExpectPingPong(const Conversation& c, std::string_view client) {
  EXPECT_EQ(c.orig.addr.ToString(), client);
  EXPECT_EQ(c.orig.port, 40000);
  EXPECT_EQ(c.resp.port, 80);
  EXPECT_EQ(c.history, "ShADdFf");
  EXPECT_EQ(c.conn_state, "SF");
  EXPECT_EQ(c.from(Direction::kOrig).packets, 5u);
  EXPECT_EQ(c.from(Direction::kResp).packets, 3u);
  EXPECT_EQ(c.from(Direction::kOrig).zeek_bytes, 4u);
  EXPECT_EQ(c.from(Direction::kResp).zeek_bytes, 4u);
  EXPECT_EQ(c.from(Direction::kOrig).data, "ping");
}

// --- UDP tunnels ----------------------------------------------------------

struct UdpTunnelCase {
  const char* name;
  std::uint16_t port;
  bool ipv6_inside;
  std::function<Bytes(const Bytes& inner_ip, int version)> payload;
};

const UdpTunnelCase kUdpTunnels[] = {
    {"VXLAN", 4789, false, [](const Bytes& ip, int v) { return VxlanPayload(EthernetFrame(ip, v)); }},
    {"Geneve, Ethernet", 6081, true, [](const Bytes& ip, int v) { return GenevePayload(EthernetFrame(ip, v), 0x6558, 2); }},
    {"Geneve, IPv4", 6081, false, [](const Bytes& ip, int) { return GenevePayload(ip, 0x0800); }},
    {"Teredo", 3544, true, [](const Bytes& ip, int) { return TeredoPayload(ip, false, true); }},
    {"AYIYA", 5072, true, [](const Bytes& ip, int) { return AyiyaPayload(ip, 41); }},
    {"GTPv1-U", 2152, false, [](const Bytes& ip, int) { return GtpPayload(ip, 255, 0x32); }},
};

// One outer UDP connection carries both directions: the client's side
// sends from an ephemeral port to the tunnel port, the other side answers.
TEST(TunnelAnalysisTest, EveryUdpTunnelCarriesTheInnerConnectionWithItsParent) {
  for (const UdpTunnelCase& tunnel : kUdpTunnels) {
    SCOPED_TRACE(tunnel.name);
    const std::string client = tunnel.ipv6_inside ? "2001:0:4136:e378::1" : "10.8.0.1";
    const std::string server = tunnel.ipv6_inside ? "2001:db8::80" : "10.8.0.2";
    const int version = tunnel.ipv6_inside ? 6 : 4;
    const Trace trace = Analyze(Carried(PingPong(client, server), [&](const Inner& i) {
      const Bytes payload = tunnel.payload(i.packet.IpBytes(), version);
      UdpPacket outer = i.from_client ? UdpPacket().From("192.0.2.1", 50000).To("192.0.2.2", tunnel.port)
                                      : UdpPacket().From("192.0.2.2", tunnel.port).To("192.0.2.1", 50000);
      return outer.Payload(payload).At(i.t).Build();
    }));
    ASSERT_EQ(trace.conversations.size(), 2u);
    const Conversation& outer = trace.conversations[0];
    const Conversation& inner = trace.conversations[1];
    // The outer connection: a UDP flow like any other (conn.log logs it).
    EXPECT_EQ(outer.transport, Transport::kUdp);
    EXPECT_EQ(outer.resp.port, tunnel.port);
    EXPECT_EQ(outer.history, "Dd");
    EXPECT_EQ(outer.conn_state, "SF");
    EXPECT_EQ(outer.from(Direction::kOrig).packets, 5u);
    EXPECT_EQ(outer.from(Direction::kResp).packets, 3u);
    EXPECT_TRUE(outer.tunnel_parents.empty());
    // The inner one: its own row, its parent the outer connection's uid.
    ExpectPingPong(inner, client);
    EXPECT_EQ(inner.tunnel_parents, std::vector<std::uint64_t>{outer.id});
    EXPECT_EQ(trace.stats.tunnel_payloads, 8u);
    EXPECT_EQ(trace.stats.decoded, 16u);
    EXPECT_TRUE(trace.ip_tunnels.empty());
    ExpectCountsAddUp(trace);
  }
}

// A live run does not open tunnels (AnalyzerOptions::open_tunnels): every
// tunnel's datagrams stay one UDP flow, and no inner connection appears.
TEST(TunnelAnalysisTest, WithTunnelsClosedATunnelIsOnlyItsOuterPackets) {
  AnalyzerOptions closed;
  closed.open_tunnels = false;
  for (const UdpTunnelCase& tunnel : kUdpTunnels) {
    SCOPED_TRACE(tunnel.name);
    const int version = tunnel.ipv6_inside ? 6 : 4;
    const Trace trace = Analyze(Carried(PingPong(tunnel.ipv6_inside ? "2001:0:4136:e378::1" : "10.8.0.1",
                                                 tunnel.ipv6_inside ? "2001:db8::80" : "10.8.0.2"),
                                        [&](const Inner& i) {
                                          const Bytes payload = tunnel.payload(i.packet.IpBytes(), version);
                                          UdpPacket outer = i.from_client
                                                                ? UdpPacket().From("192.0.2.1", 50000).To("192.0.2.2", tunnel.port)
                                                                : UdpPacket().From("192.0.2.2", tunnel.port).To("192.0.2.1", 50000);
                                          return outer.Payload(payload).At(i.t).Build();
                                        }),
                                closed);
    ASSERT_EQ(trace.conversations.size(), 1u);
    EXPECT_EQ(trace.conversations[0].transport, Transport::kUdp);
    EXPECT_EQ(trace.conversations[0].resp.port, tunnel.port);
    EXPECT_EQ(trace.stats.tunnel_payloads, 0u);
    EXPECT_EQ(trace.stats.decoded, 8u);
    ExpectCountsAddUp(trace);
  }
}

// core.tunnels.vxlan: each VTEP sends from its own ephemeral port, so the
// two directions are two outer connections, and the inner connection has
// both as parents (in order of first use: the client's first).
TEST(TunnelAnalysisTest, VxlanDirectionsInTwoOuterConnectionsAreBothParents) {
  const Trace trace = Analyze(Carried(PingPong("10.0.0.1", "10.0.0.2"), [](const Inner& i) {
    const Bytes payload = VxlanPayload(EthernetFrame(i.packet.IpBytes(), 4));
    UdpPacket outer = i.from_client ? UdpPacket().From("192.168.56.12", 38071).To("192.168.56.11", 4789)
                                    : UdpPacket().From("192.168.56.11", 48134).To("192.168.56.12", 4789);
    return outer.Payload(payload).At(i.t).Build();
  }));
  ASSERT_EQ(trace.conversations.size(), 3u);
  const Conversation* to_server = Find(trace, Transport::kUdp, 4789);
  const Conversation* inner = Find(trace, Transport::kTcp, 80);
  ASSERT_NE(inner, nullptr);
  ExpectPingPong(*inner, "10.0.0.1");
  ASSERT_EQ(inner->tunnel_parents.size(), 2u);
  EXPECT_EQ(inner->tunnel_parents[0], to_server->id);
  const Conversation* to_client = ById(trace, inner->tunnel_parents[1]);
  ASSERT_NE(to_client, nullptr);
  EXPECT_EQ(to_client->orig.addr.ToString(), "192.168.56.11");
  for (const Conversation* outer : {to_server, to_client}) {
    EXPECT_EQ(outer->history, "D");
    EXPECT_EQ(outer->conn_state, "S0");
  }
  EXPECT_EQ(to_server->from(Direction::kOrig).packets, 5u);
  EXPECT_EQ(to_client->from(Direction::kOrig).packets, 3u);
  // IP 20 + UDP 8 + VXLAN 8 + Ethernet 14 around each inner packet.
  EXPECT_EQ(to_client->from(Direction::kOrig).ip_bytes, inner->from(Direction::kResp).ip_bytes + 3 * 50);
  ExpectCountsAddUp(trace);
}

// UDP.cc forwards by the connection's responder port: VXLAN from the VXLAN
// port is still VXLAN once Zeek has made 4789 (a likely server port) the
// responder; a payload on other ports is just UDP payload.
TEST(TunnelAnalysisTest, TheResponderPortNotTheDestinationDecides) {
  const Bytes payload = VxlanPayload(EthernetFrame(TcpPacket().From("10.0.0.1", 40000).To("10.0.0.2", 80).Flags(kS).IpBytes(), 4));
  Trace trace = Analyze({UdpPacket().From("192.0.2.2", 4789).To("192.0.2.1", 50000).Payload(payload).Build()});
  ASSERT_EQ(trace.conversations.size(), 2u);
  EXPECT_EQ(trace.conversations[0].history, "^d");
  EXPECT_EQ(trace.conversations[1].tunnel_parents, std::vector<std::uint64_t>{1});
  trace = Analyze({UdpPacket().From("192.0.2.1", 50000).To("192.0.2.2", 8472).Payload(payload).Build()});
  EXPECT_EQ(trace.conversations.size(), 1u);
  EXPECT_EQ(trace.stats.tunnel_payloads, 0u);
}

// Teredo and AYIYA detect themselves on any port (register_protocol_detection).
TEST(TunnelAnalysisTest, TeredoAndAyiyaAreFoundOnAnyPort) {
  const Bytes ipv6 = TcpPacket().From("2001:0:4136:e378::1", 40000).To("2001:db8::80", 80).Flags(kS).IpBytes();
  for (const Bytes& payload : {TeredoPayload(ipv6), AyiyaPayload(ipv6, 41)}) {
    const Trace trace =
        Analyze({UdpPacket().From("192.0.2.1", 61000).To("192.0.2.2", 62000).Payload(payload).Build()});
    ASSERT_EQ(trace.conversations.size(), 2u);
    EXPECT_EQ(trace.conversations[1].transport, Transport::kTcp);
    EXPECT_EQ(trace.conversations[1].tunnel_parents, std::vector<std::uint64_t>{1});
  }
}

// GTP signalling on the GTP ports carries no packet: nothing is counted.
TEST(TunnelAnalysisTest, GtpSignallingIsJustUdp) {
  const Trace trace = Analyze(
      {UdpPacket().From("192.0.2.1", 2123).To("192.0.2.2", 2123).Payload(GtpPayload(FromHex("0e01"), 16, 0x32)).Build()});
  EXPECT_EQ(trace.conversations.size(), 1u);
  EXPECT_EQ(trace.stats.tunnel_payloads, 0u);
  EXPECT_EQ(trace.stats.decode.skipped(), 0u);
}

// --- IP tunnels ------------------------------------------------------------

struct IpTunnelCase {
  const char* name;
  bool outer_v6;
  bool inner_v6;
  std::uint8_t protocol;
  std::function<Bytes(const Bytes& inner_ip, int version)> payload;
  TunnelType type;
};

const IpTunnelCase kIpTunnels[] = {
    {"IPv4 in IPv4", false, false, 4, [](const Bytes& ip, int) { return ip; }, TunnelType::kIp},
    {"IPv6 in IPv4 (6in4)", false, true, 41, [](const Bytes& ip, int) { return ip; }, TunnelType::kIp},
    {"IPv4 in IPv6", true, false, 4, [](const Bytes& ip, int) { return ip; }, TunnelType::kIp},
    {"IPv6 in IPv6", true, true, 41, [](const Bytes& ip, int) { return ip; }, TunnelType::kIp},
    {"GRE, IPv4", false, false, 47, [](const Bytes& ip, int) { return GrePayload(ip, 0x0800, 0x2000); }, TunnelType::kGre},
    {"GRE, IPv6 over IPv6", true, true, 47, [](const Bytes& ip, int) { return GrePayload(ip, 0x86dd); }, TunnelType::kGre},
    {"GRE, Ethernet", false, false, 47,
     [](const Bytes& ip, int v) { return GrePayload(EthernetFrame(ip, v), 0x6558); }, TunnelType::kGre},
    {"GRE, ERSPAN III", false, true, 47,
     [](const Bytes& ip, int v) { return ErspanPayload(EthernetFrame(ip, v), 3, true); }, TunnelType::kGre},
    {"PPTP", false, false, 47, [](const Bytes& ip, int) { return PptpPayload(ip, 0x0021); }, TunnelType::kGre},
};

// IPTunnel.cc: an IP tunnel has no transport connection; its uid is one
// per pair of outer addresses (tunnel.log), and the inner connection names
// it in tunnel_parents.
TEST(TunnelAnalysisTest, EveryIpTunnelCarriesTheInnerConnectionWithTheTunnelAsParent) {
  for (const IpTunnelCase& tunnel : kIpTunnels) {
    SCOPED_TRACE(tunnel.name);
    const std::string client = tunnel.inner_v6 ? "fd00:1::1" : "10.9.0.1";
    const std::string server = tunnel.inner_v6 ? "fd00:1::2" : "10.9.0.2";
    const std::string a = tunnel.outer_v6 ? "2001:db8::a" : "198.51.100.1";
    const std::string b = tunnel.outer_v6 ? "2001:db8::b" : "198.51.100.2";
    const Trace trace = Analyze(Carried(PingPong(client, server), [&](const Inner& i) {
      return IpPacket()
          .From(i.from_client ? a : b)
          .To(i.from_client ? b : a)
          .Protocol(tunnel.protocol)
          .Payload(tunnel.payload(i.packet.IpBytes(), tunnel.inner_v6 ? 6 : 4))
          .At(i.t)
          .Build();
    }));
    ASSERT_EQ(trace.conversations.size(), 1u);
    ExpectPingPong(trace.conversations[0], client);
    ASSERT_EQ(trace.ip_tunnels.size(), 1u);
    const IpTunnel& ip = trace.ip_tunnels[0];
    EXPECT_EQ(ip.type, tunnel.type);
    EXPECT_EQ(ip.src.ToString(), a);
    EXPECT_EQ(ip.dst.ToString(), b);
    EXPECT_EQ(ip.packets, 8u);
    EXPECT_EQ(trace.conversations[0].tunnel_parents, std::vector<std::uint64_t>{ip.id});
    EXPECT_EQ(trace.stats.decoded, 8u);  // an IP tunnel counts as the packet inside
    EXPECT_EQ(trace.stats.tunnel_payloads, 0u);
    ExpectCountsAddUp(trace);
  }
}

// The IP tunnel table is keyed by the address pair alone: GRE and IP-in-IP
// between the same hosts are one tunnel, of the first packet's type.
TEST(TunnelAnalysisTest, OneIpTunnelPerAddressPairWhateverTheEncapsulation) {
  const Bytes tcp = TcpPacket().From("10.9.0.1", 40000).To("10.9.0.2", 80).Flags(kS).IpBytes();
  const Bytes udp = UdpPacket().From("10.9.0.1", 5000).To("10.9.0.3", 53).IpBytes();
  const Trace trace = Analyze({
      IpPacket().From("198.51.100.1").To("198.51.100.2").Protocol(47).Payload(GrePayload(tcp, 0x0800)).At(0).Build(),
      IpPacket().From("198.51.100.2").To("198.51.100.1").Protocol(4).Payload(udp).At(1).Build(),
  });
  ASSERT_EQ(trace.ip_tunnels.size(), 1u);
  EXPECT_EQ(trace.ip_tunnels[0].type, TunnelType::kGre);
  ASSERT_EQ(trace.conversations.size(), 2u);
  EXPECT_EQ(trace.conversations[0].tunnel_parents, trace.conversations[1].tunnel_parents);
}

// Tunnel::ip_tunnel_timeout (24 h): IPTunnelTimer fires a day after the
// tunnel's first packet, and a day after each firing; a firing that finds
// it idle for a day forgets it, and its next packet starts a new uid.
TEST(TunnelAnalysisTest, AnIpTunnelIdleForADayIsANewTunnelAtZeeksTimer) {
  auto packet = [](double t, std::uint16_t port) {
    const Bytes udp = UdpPacket().From("10.9.0.1", port).To("10.9.0.2", 53).IpBytes();
    return IpPacket().From("198.51.100.1").To("198.51.100.2").Protocol(4).Payload(udp).At(t).Build();
  };
  // Idle for more than a day at 90001 s, but the firing at 86400 s saw a
  // packet 82800 s before: kept. After the packet at 176401 s the firings
  // at 259200 s (82799 s idle) and 345600 s (169199 s: forgotten) follow.
  const Trace trace = Analyze({packet(0, 1000), packet(3600, 1001), packet(90001, 1002), packet(176401, 1003),
                               packet(349201, 1004)});
  ASSERT_EQ(trace.ip_tunnels.size(), 2u);
  EXPECT_EQ(trace.ip_tunnels[0].packets, 4u);
  ASSERT_EQ(trace.conversations.size(), 5u);
  EXPECT_EQ(trace.conversations[3].tunnel_parents, std::vector<std::uint64_t>{trace.ip_tunnels[0].id});
  EXPECT_EQ(trace.conversations[4].tunnel_parents, std::vector<std::uint64_t>{trace.ip_tunnels[1].id});
}

// IPTunnel.cc: an announced IP version must fill the tunnel exactly
// (IP::ParsePacket), trailer and all.
TEST(TunnelAnalysisTest, IpInIpMustFillTheOuterPacket) {
  const Bytes inner = TcpPacket().From("10.9.0.1", 40000).To("10.9.0.2", 80).Flags(kS).IpBytes();
  const Bytes inner_v6 = TcpPacket().From("fd00::1", 40000).To("fd00::2", 80).Flags(kS).IpBytes();
  Bytes longer = inner;
  longer.push_back(0);
  const Trace trace = Analyze({
      IpPacket().From("198.51.100.1").To("198.51.100.2").Protocol(4).Payload(longer).Build(),
      IpPacket().From("198.51.100.1").To("198.51.100.2").Protocol(4).Payload(Bytes(inner.begin(), inner.end() - 1)).Build(),
      IpPacket().From("198.51.100.1").To("198.51.100.2").Protocol(4).Payload(inner_v6).Build(),
      IpPacket().From("198.51.100.1").To("198.51.100.2").Protocol(4).Payload(inner).TruncateTo(14 + 20 + 30).Build(),
  });
  EXPECT_TRUE(trace.conversations.empty());
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kBadTunnelHeader), 2u);
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kTruncatedTunnel), 2u);
  EXPECT_TRUE(trace.ip_tunnels.empty());  // Zeek checks before it records the tunnel
  ExpectCountsAddUp(trace);
}

// --- The connection key and tunnel_parents --------------------------------

// Zeek's connection key is the 5-tuple (ip/conn_key/fivetuple): the same
// inner 4-tuple in two tunnels, or outside any, is one connection. Each
// change of tunnels adds the new innermost tunnel to tunnel_parents
// (Connection::CheckEncapsulation, conn/main.zeek's tunnel_changed).
TEST(TunnelAnalysisTest, TheTunnelIsNotPartOfTheConnectionKey) {
  std::vector<Inner> flow = PingPong("10.0.0.1", "10.0.0.2");
  const Trace trace = Analyze(Carried(flow, [](const Inner& i) {
    const Bytes ip = i.packet.IpBytes();
    if (i.t < 0.25) {  // the handshake through one VXLAN tunnel
      return UdpPacket().From("192.0.2.1", 50000).To("192.0.2.2", 4789).Payload(VxlanPayload(EthernetFrame(ip, 4))).At(i.t).Build();
    }
    if (i.t < 0.45) return TcpPacket(i.packet).At(i.t).Build();  // the data outside any tunnel
    return UdpPacket().From("192.0.2.9", 50000).To("192.0.2.8", 4789).Payload(VxlanPayload(EthernetFrame(ip, 4))).At(i.t).Build();
  }));
  const Conversation* inner = Find(trace, Transport::kTcp, 80);
  ASSERT_NE(inner, nullptr);
  ExpectPingPong(*inner, "10.0.0.1");
  ASSERT_EQ(inner->tunnel_parents.size(), 2u);
  EXPECT_EQ(ById(trace, inner->tunnel_parents[0])->orig.addr.ToString(), "192.0.2.1");
  EXPECT_EQ(ById(trace, inner->tunnel_parents[1])->orig.addr.ToString(), "192.0.2.9");
  ExpectCountsAddUp(trace);
}

// Tunnel::max_changes_per_connection (5): after five changes from one
// tunnel to another, tunnel_changed is no longer raised.
TEST(TunnelAnalysisTest, TunnelParentsStopGrowingAfterFiveChanges) {
  const Bytes dns = UdpPacket().From("10.0.0.1", 5353).To("10.0.0.53", 53).IpBytes();
  std::vector<OwnedPacket> raw;
  for (std::uint16_t i = 0; i < 8; ++i) {
    raw.push_back(UdpPacket().From("192.0.2.1", static_cast<std::uint16_t>(50000 + i)).To("192.0.2.2", 4789)
                      .Payload(VxlanPayload(EthernetFrame(dns, 4))).At(i * 0.1).Build());
  }
  const Trace trace = Analyze(std::move(raw));
  const Conversation* flow = Find(trace, Transport::kUdp, 53);
  ASSERT_NE(flow, nullptr);
  EXPECT_EQ(flow->from(Direction::kOrig).packets, 8u);
  EXPECT_EQ(flow->tunnel_parents.size(), 6u);  // the first, then five changes
  ExpectCountsAddUp(trace);
}

// Leaving every tunnel and entering one again is not a change Zeek counts.
TEST(TunnelAnalysisTest, PacketsOutsideTunnelsBetweenTunnelsAddNoLimit) {
  std::vector<OwnedPacket> raw;
  const Bytes dns = UdpPacket().From("10.0.0.1", 5353).To("10.0.0.53", 53).IpBytes();
  for (std::uint16_t i = 0; i < 8; ++i) {
    raw.push_back(UdpPacket().From("192.0.2.1", static_cast<std::uint16_t>(50000 + i)).To("192.0.2.2", 4789)
                      .Payload(VxlanPayload(EthernetFrame(dns, 4))).At(i * 0.2).Build());
    raw.push_back(UdpPacket().From("10.0.0.1", 5353).To("10.0.0.53", 53).At(i * 0.2 + 0.1).Build());
  }
  const Trace trace = Analyze(std::move(raw));
  const Conversation* flow = Find(trace, Transport::kUdp, 53);
  ASSERT_NE(flow, nullptr);
  EXPECT_EQ(flow->from(Direction::kOrig).packets, 16u);
  EXPECT_EQ(flow->tunnel_parents.size(), 8u);
}

// --- Limits ----------------------------------------------------------------

/// A SYN inside `levels` VXLAN tunnels, each in its own outer UDP flow.
OwnedPacket SynInVxlan(int levels) {
  Bytes packet = TcpPacket().From("10.0.0.1", 40000).To("10.0.0.2", 80).Flags(kS).IpBytes();
  for (int level = levels; level >= 1; --level) {
    const std::string a = "192.0." + std::to_string(level) + ".1";
    const std::string b = "192.0." + std::to_string(level) + ".2";
    UdpPacket outer = UdpPacket().From(a, 50000).To(b, 4789).Payload(VxlanPayload(EthernetFrame(packet, 4)));
    packet = outer.IpBytes();
  }
  return IpPacket().From("192.0.0.1").To("192.0.0.2").Protocol(4).Payload(packet).Build();
}

// Tunnel::max_depth (2): a VXLAN payload two tunnels deep is not read, and
// VXLAN.cc marks the connection that carries it with 'X'.
TEST(TunnelAnalysisTest, NestingBeyondMaxDepthIsCountedAndMarked) {
  // IP-in-IP, then VXLAN, then VXLAN: the third tunnel is one too many.
  Trace trace = Analyze({SynInVxlan(2)});
  ASSERT_EQ(trace.ip_tunnels.size(), 1u);
  ASSERT_EQ(trace.conversations.size(), 2u);  // the two VXLAN flows, no TCP
  const Conversation& first = trace.conversations[0];
  const Conversation& second = trace.conversations[1];
  EXPECT_EQ(first.tunnel_parents, std::vector<std::uint64_t>{trace.ip_tunnels[0].id});
  EXPECT_EQ(first.history, "D");
  EXPECT_EQ(second.tunnel_parents, std::vector<std::uint64_t>{first.id});
  EXPECT_EQ(second.history, "DX");
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kTunnelTooDeep), 1u);
  ExpectCountsAddUp(trace);

  AnalyzerOptions deeper;
  deeper.tunnel_max_depth = 3;
  trace = Analyze({SynInVxlan(2)}, deeper);
  ASSERT_EQ(trace.conversations.size(), 3u);
  EXPECT_EQ(trace.conversations[2].transport, Transport::kTcp);
  EXPECT_EQ(trace.conversations[2].tunnel_parents, std::vector<std::uint64_t>{trace.conversations[1].id});
  EXPECT_EQ(trace.conversations[1].history, "D");
  ExpectCountsAddUp(trace);
}

// IPTunnel.cc checks the depth too (no connection to mark).
TEST(TunnelAnalysisTest, IpInIpBeyondMaxDepthIsCounted) {
  auto nested = [](int levels) {
    Bytes packet = UdpPacket().From("10.0.0.1", 5353).To("10.0.0.53", 53).IpBytes();
    for (int level = 0; level < levels; ++level) {
      packet = IpPacket().From("198.51.100." + std::to_string(level + 1)).To("198.51.100.99").Protocol(4).Payload(packet).IpBytes();
    }
    return testing::FramePacket(packet, 4, link_type::kRaw, {});
  };
  Trace trace = Analyze({nested(2)});
  ASSERT_EQ(trace.conversations.size(), 1u);
  ASSERT_EQ(trace.ip_tunnels.size(), 2u);
  EXPECT_EQ(trace.conversations[0].tunnel_parents, std::vector<std::uint64_t>{trace.ip_tunnels[1].id});
  trace = Analyze({nested(3)});
  EXPECT_TRUE(trace.conversations.empty());
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kTunnelTooDeep), 1u);
  // Zeek's check needs a tunnel already entered: 0 still opens the first.
  AnalyzerOptions zero;
  zero.tunnel_max_depth = 0;
  trace = Analyze({nested(1), nested(2)}, zero);
  EXPECT_EQ(trace.conversations.size(), 1u);
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kTunnelTooDeep), 1u);
}

// VXLAN.cc: after a violation (here: no I flag) the analyzer refuses the
// rest of that outer connection unread; other connections are not affected.
TEST(TunnelAnalysisTest, AViolationStopsTheTunnelForItsOuterConnectionOnly) {
  const Bytes frame = EthernetFrame(TcpPacket().From("10.0.0.1", 40000).To("10.0.0.2", 80).Flags(kS).IpBytes(), 4);
  const Trace trace = Analyze({
      UdpPacket().From("192.0.2.1", 50000).To("192.0.2.2", 4789).Payload(VxlanPayload(frame, 0)).At(0).Build(),
      UdpPacket().From("192.0.2.1", 50000).To("192.0.2.2", 4789).Payload(VxlanPayload(frame)).At(1).Build(),
      UdpPacket().From("192.0.2.3", 50000).To("192.0.2.2", 4789).Payload(VxlanPayload(frame)).At(2).Build(),
  });
  ASSERT_EQ(trace.conversations.size(), 3u);
  const Conversation& refused = trace.conversations[0];
  const Conversation& other = trace.conversations[1];
  EXPECT_EQ(refused.from(Direction::kOrig).packets, 2u);
  EXPECT_EQ(other.orig.addr.ToString(), "192.0.2.3");
  const Conversation* inner = Find(trace, Transport::kTcp, 80);
  ASSERT_NE(inner, nullptr);
  EXPECT_EQ(inner->from(Direction::kOrig).packets, 1u);
  EXPECT_EQ(inner->tunnel_parents, std::vector<std::uint64_t>{other.id});
  EXPECT_EQ(trace.stats.tunnel_payloads, 2u);
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kBadTunnelHeader), 1u);
  ExpectCountsAddUp(trace);
}

// Each tunnel reason, from a packet the analyzer sees.
TEST(TunnelAnalysisTest, EveryTunnelReasonHasAPacketThatProducesIt) {
  const Bytes syn = TcpPacket().Flags(kS).IpBytes();
  const Trace trace = Analyze({
      UdpPacket().To("192.0.2.2", 4789).Payload(FromHex("08000000001234")).Build(),
      IpPacket().Protocol(47).Payload(GrePayload(syn, 0x0800, 0x0002)).Build(),
      SynInVxlan(2),
  });
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kTruncatedTunnel), 1u);
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kBadTunnelHeader), 1u);
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kTunnelTooDeep), 1u);
  ExpectCountsAddUp(trace);
}

// UDP.cc: a VXLAN datagram with checksum 0 is not verified, even over IPv6
// where UDP without a checksum is otherwise bad.
TEST(TunnelAnalysisTest, VxlanWithoutAChecksumIsNotDroppedWhenVerifying) {
  const Bytes frame = EthernetFrame(TcpPacket().From("10.0.0.1", 40000).To("10.0.0.2", 80).Flags(kS).IpBytes(), 4);
  OwnedPacket vxlan = UdpPacket().From("2001:db8::1", 50000).To("2001:db8::2", 4789).Payload(VxlanPayload(frame)).Build();
  OwnedPacket other = UdpPacket().From("2001:db8::1", 50000).To("2001:db8::2", 9999).Payload(VxlanPayload(frame)).Build();
  for (OwnedPacket* p : {&vxlan, &other}) p->bytes[14 + 40 + 6] = p->bytes[14 + 40 + 7] = 0;
  AnalyzerOptions verify;
  verify.verify_checksums = true;
  std::vector<OwnedPacket> packets;
  packets.push_back(std::move(vxlan));
  packets.push_back(std::move(other));
  const Trace trace = Analyze(std::move(packets), verify);
  EXPECT_EQ(trace.conversations.size(), 2u);  // the VXLAN flow and the SYN inside
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kBadTransportChecksum), 1u);
}

// Fuzz-style: every cut of tunnelled packets is counted, never a crash
// (the suite runs under ASan and UBSan in scripts/test).
TEST(TunnelAnalysisTest, TunnelledPacketsCutAtEveryLengthAreCounted) {
  const Bytes syn = TcpPacket().From("10.0.0.1", 40000).To("2.2.2.2", 80).Flags(kS).Payload("x").IpBytes();
  const Bytes syn6 = TcpPacket().From("2001:0:4136:e378::1", 40000).To("2001:db8::2", 80).Flags(kS).IpBytes();
  const OwnedPacket packets[] = {
      SynInVxlan(2),
      UdpPacket().To("192.0.2.2", 6081).Payload(GenevePayload(EthernetFrame(syn, 4), 0x6558, 3)).Build(),
      UdpPacket().To("192.0.2.2", 3544).Payload(TeredoPayload(syn6, true, true)).Build(),
      UdpPacket().To("192.0.2.2", 5072).Payload(AyiyaPayload(syn, 4)).Build(),
      UdpPacket().To("192.0.2.2", 2152).Payload(GtpPayload(syn, 255, 0x30, true)).Build(),
      IpPacket().Protocol(47).Payload(ErspanPayload(EthernetFrame(syn, 4), 3, true)).Build(),
      IpPacket().Protocol(47).Payload(PptpPayload(syn, 0x0021)).Build(),
      IpPacket().From("2001:db8::1").To("2001:db8::2").Protocol(41).Payload(syn6).Build(),
  };
  for (const OwnedPacket& packet : packets) {
    for (std::size_t keep = 0; keep <= packet.bytes.size(); ++keep) {
      SCOPED_TRACE("cut to " + std::to_string(keep));
      OwnedPacket cut = testing::TruncateTo(packet, keep);
      cut.bytes.shrink_to_fit();
      std::vector<OwnedPacket> one;
      one.push_back(std::move(cut));
      const Trace trace = Analyze(std::move(one));
      EXPECT_EQ(trace.stats.packets, 1u);
      ExpectCountsAddUp(trace);
    }
  }
}

}  // namespace
}  // namespace wirecheck::capture
