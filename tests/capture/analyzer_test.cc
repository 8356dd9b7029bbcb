// Specifications of the Analyzer: the same conversation from every link
// type, the flow table (reuse, Zeek's timers, hand-off), what it does with
// packets it cannot use (DecodeStats, fragments, checksums), UDP flows and
// the payload cap. Expected values come from the protocol rules and Zeek's
// conn.log rules (docs/zeek-compatibility.md).

#include "capture/analyzer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "capture/conversation.h"
#include "capture/memory_source.h"
#include "tests/support/packet_builder.h"

namespace wirecheck::capture {
namespace {

using wirecheck::testing::Bytes;
using wirecheck::testing::IpPacket;
using wirecheck::testing::TcpPacket;
using wirecheck::testing::UdpPacket;

constexpr std::uint8_t kS = tcp_flag::kSyn, kA = tcp_flag::kAck, kF = tcp_flag::kFin,
                       kR = tcp_flag::kRst, kP = tcp_flag::kPsh;
constexpr std::uint32_t kClientIsn = 1000, kServerIsn = 5000;
constexpr std::size_t kEthernetHeader = 14;

TcpPacket FromClient(double t, std::uint8_t flags, std::uint32_t seq, std::uint32_t ack,
                     std::string_view client = "10.0.0.1", std::string_view server = "10.0.0.2") {
  return TcpPacket().From(client, 40000).To(server, 80).Flags(flags).Seq(seq).Ack(ack).At(t);
}

TcpPacket FromServer(double t, std::uint8_t flags, std::uint32_t seq, std::uint32_t ack,
                     std::string_view client = "10.0.0.1", std::string_view server = "10.0.0.2") {
  return TcpPacket().From(server, 80).To(client, 40000).Flags(flags).Seq(seq).Ack(ack).At(t);
}

/// A whole connection in 8 packets, 0.1 s apart from t0: handshake, "ping"
/// from the client, "pong" from the server, client FIN, server FIN, last ACK.
std::vector<TcpPacket> PingPong(double t0 = 0.0, std::string_view client = "10.0.0.1",
                                std::string_view server = "10.0.0.2",
                                std::uint32_t client_isn = kClientIsn) {
  const std::uint32_t c = client_isn + 1, s = kServerIsn + 1;
  return {
      FromClient(t0 + 0.0, kS, client_isn, 0, client, server),
      FromServer(t0 + 0.1, kS | kA, kServerIsn, c, client, server),
      FromClient(t0 + 0.2, kA, c, s, client, server),
      FromClient(t0 + 0.3, kP | kA, c, s, client, server).Payload("ping"),
      FromServer(t0 + 0.4, kP | kA, s, c + 4, client, server).Payload("pong"),
      FromClient(t0 + 0.5, kF | kA, c + 4, s + 4, client, server),
      FromServer(t0 + 0.6, kF | kA, s + 4, c + 5, client, server),
      FromClient(t0 + 0.7, kA, c + 5, s + 5, client, server),
  };
}

std::vector<OwnedPacket> Framed(const std::vector<TcpPacket>& packets,
                                std::uint32_t link = link_type::kEthernet) {
  std::vector<OwnedPacket> out;
  for (const TcpPacket& p : packets) out.push_back(p.Build(link));
  return out;
}

void Append(std::vector<OwnedPacket>& to, std::vector<OwnedPacket> more) {
  for (OwnedPacket& p : more) to.push_back(std::move(p));
}

Trace Analyze(std::vector<OwnedPacket> packets, const AnalyzerOptions& options = {}) {
  MemorySource source(std::move(packets));
  return AnalyzeSource(source, options);
}

const DirectionFacts& Orig(const Conversation& c) { return c.from(Direction::kOrig); }
const DirectionFacts& Resp(const Conversation& c) { return c.from(Direction::kResp); }

// --- Link types and IP versions ------------------------------------------

struct LinkCase {
  const char* name;
  std::uint32_t link;
  void (*tags)(TcpPacket&);  // Ethernet headers between the MACs and IP, or nullptr
  bool v6;
};

void Vlan(TcpPacket& p) { p.Vlan(100); }
// 802.1ah (Zeek's core.pbb trace is a TCP connection in PBB), and VN-Tag
// before a VLAN tag (Zeek's core.vntag trace).
void Pbb(TcpPacket& p) { p.Pbb(0x2a); }
void VnTag(TcpPacket& p) { p.VnTag(0x80010002).Vlan(30); }
void FabricPathSnap(TcpPacket& p) { p.FabricPath().Snap(); }

class AnalyzerLinkTest : public ::testing::TestWithParam<LinkCase> {};

TEST_P(AnalyzerLinkTest, GivesTheSameConversationOnEveryLinkType) {
  const LinkCase& param = GetParam();
  const std::string client = param.v6 ? "fd00::1" : "10.0.0.1";
  const std::string server = param.v6 ? "fd00::2" : "10.0.0.2";
  std::vector<TcpPacket> packets = PingPong(0.0, client, server);
  if (param.tags != nullptr) {
    for (TcpPacket& p : packets) param.tags(p);
  }
  const Trace trace = Analyze(Framed(packets, param.link));
  EXPECT_EQ(trace.stats.packets, 8u);
  EXPECT_EQ(trace.stats.decoded, 8u);
  EXPECT_EQ(trace.stats.decode.skipped(), 0u);
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(c.orig.addr.ToString(), client);
  EXPECT_EQ(c.orig.port, 40000);
  EXPECT_EQ(c.resp.addr.ToString(), server);
  EXPECT_EQ(c.resp.port, 80);
  EXPECT_EQ(c.history, "ShADdFf");
  EXPECT_EQ(c.conn_state, "SF");
  EXPECT_EQ(c.handshake.syn_packet, 1u);
  EXPECT_EQ(c.handshake.syn_ack_packet, 2u);
  EXPECT_EQ(c.handshake.ack_packet, 3u);
  EXPECT_EQ(Orig(c).packets, 5u);
  EXPECT_EQ(Resp(c).packets, 3u);
  EXPECT_EQ(Orig(c).data, "ping");
  EXPECT_EQ(Resp(c).data, "pong");
  EXPECT_EQ(Orig(c).zeek_bytes, 4u);
  EXPECT_EQ(Resp(c).zeek_bytes, 4u);
  // IP header (20 or 40) + TCP header (20) + payload, per packet.
  const std::uint64_t ip_header = param.v6 ? 40 : 20;
  EXPECT_EQ(Orig(c).ip_bytes, 5 * (ip_header + 20) + 4);
  EXPECT_EQ(Resp(c).ip_bytes, 3 * (ip_header + 20) + 4);
  EXPECT_EQ(c.first_fin, Direction::kOrig);
}

INSTANTIATE_TEST_SUITE_P(
    AllLinkTypes, AnalyzerLinkTest,
    ::testing::Values(LinkCase{"EthernetIpv4", link_type::kEthernet, nullptr, false},
                      LinkCase{"EthernetIpv6", link_type::kEthernet, nullptr, true},
                      LinkCase{"VlanIpv4", link_type::kEthernet, Vlan, false},
                      LinkCase{"VlanIpv6", link_type::kEthernet, Vlan, true},
                      LinkCase{"SllIpv4", link_type::kLinuxSll, nullptr, false},
                      LinkCase{"SllIpv6", link_type::kLinuxSll, nullptr, true},
                      LinkCase{"Sll2Ipv4", link_type::kLinuxSll2, nullptr, false},
                      LinkCase{"Sll2Ipv6", link_type::kLinuxSll2, nullptr, true},
                      LinkCase{"NullIpv4", link_type::kNull, nullptr, false},
                      LinkCase{"NullIpv6", link_type::kNull, nullptr, true},
                      LinkCase{"LoopIpv4", link_type::kLoop, nullptr, false},
                      LinkCase{"LoopIpv6", link_type::kLoop, nullptr, true},
                      LinkCase{"RawIpv4", link_type::kRaw, nullptr, false},
                      LinkCase{"RawIpv6", link_type::kRaw, nullptr, true},
                      LinkCase{"RawDltIpv4", link_type::kRawDlt, nullptr, false},
                      LinkCase{"Ipv4LinkType", link_type::kIpv4, nullptr, false},
                      LinkCase{"Ipv6LinkType", link_type::kIpv6, nullptr, true},
                      LinkCase{"PppIpv4", link_type::kPpp, nullptr, false},
                      LinkCase{"PppSerialIpv6", link_type::kPppHdlc, nullptr, true},
                      LinkCase{"NflogIpv4", link_type::kNflog, nullptr, false},
                      LinkCase{"NflogIpv6", link_type::kNflog, nullptr, true},
                      LinkCase{"PbbIpv4", link_type::kEthernet, Pbb, false},
                      LinkCase{"VnTagIpv6", link_type::kEthernet, VnTag, true},
                      LinkCase{"FabricPathSnapIpv4", link_type::kEthernet, FabricPathSnap, false}),
    [](const ::testing::TestParamInfo<LinkCase>& link_case) { return std::string(link_case.param.name); });

// --- Trace totals --------------------------------------------------------

TEST(AnalyzerTest, TraceStatsCountPacketsTimesAndConversations) {
  const Trace trace = Analyze(Framed(PingPong(10.0)));
  EXPECT_TRUE(trace.error.empty());
  EXPECT_EQ(trace.stats.packets, 8u);
  EXPECT_EQ(trace.stats.decoded, 8u);
  EXPECT_EQ(trace.stats.conversations, 1u);
  EXPECT_EQ(trace.stats.late_packets, 0u);
  EXPECT_EQ(trace.stats.capture.packets_read, 8u);
  EXPECT_EQ(trace.stats.first_ts, Timestamp(10'000'000'000));
  EXPECT_EQ(trace.stats.last_ts, Timestamp(10'700'000'000));
  ASSERT_EQ(trace.conversations.size(), 1u);
  EXPECT_EQ(trace.conversations[0].first_ts, Timestamp(10'000'000'000));
  EXPECT_EQ(trace.conversations[0].last_ts, Timestamp(10'700'000'000));
}

TEST(AnalyzerTest, EmptySourceGivesNoConversations) {
  const Trace trace = Analyze({});
  EXPECT_TRUE(trace.conversations.empty());
  EXPECT_EQ(trace.stats.packets, 0u);
  EXPECT_TRUE(trace.error.empty());
}

// A flood from a program under test costs bounded memory: past the bound,
// packets that would start a conversation are counted, not tracked, while
// the conversations already tracked go on (their later packets included).
TEST(AnalyzerTest, ConversationsPastTheBoundAreCountedNotTracked) {
  std::vector<OwnedPacket> packets = Framed(PingPong(0.0, "10.0.0.1"));
  for (int i = 0; i < 5; ++i) {
    const std::string client = "10.0.1." + std::to_string(i + 1);
    Append(packets, Framed({FromClient(1.0 + i, kS, kClientIsn, 0, client)}));
  }
  Append(packets, Framed({FromClient(9.0, kS, kClientIsn, 0, "10.0.1.5")}));  // an untracked flow again
  AnalyzerOptions options;
  options.max_conversations = 3;
  const Trace trace = Analyze(std::move(packets), options);
  ASSERT_EQ(trace.conversations.size(), 3u);
  EXPECT_EQ(trace.conversations[0].history, "ShADdFf");  // tracked whole
  EXPECT_EQ(trace.stats.untracked_packets, 4u);           // 3 SYNs of new flows, then the repeated one
  EXPECT_EQ(trace.stats.packets, 14u);
}

TEST(AnalyzerTest, ReuseOfATrackedFlowPastTheBoundIsCountedToo) {
  std::vector<OwnedPacket> packets = Framed(PingPong(0.0));
  Append(packets, Framed({FromClient(2.0, kS, 9000, 0), FromServer(2.1, kS | kA, 7000, 9001)}));
  AnalyzerOptions options;
  options.max_conversations = 1;
  const Trace trace = Analyze(std::move(packets), options);
  ASSERT_EQ(trace.conversations.size(), 1u);
  EXPECT_EQ(trace.conversations[0].history, "ShADdFf");
  EXPECT_EQ(trace.stats.untracked_packets, 2u);
}

// --- Reuse and timers ----------------------------------------------------

TEST(AnalyzerTest, NewSynAfterCloseStartsNewConnection) {
  std::vector<OwnedPacket> packets = Framed(PingPong(0.0));
  // 1.3 s later, well inside Zeek's 5 s close delay: a reuse because both
  // sides have closed.
  Append(packets, Framed({
      FromClient(2.0, kS, 9000, 0),
      FromServer(2.1, kS | kA, 7000, 9001),
      FromClient(2.2, kA, 9001, 7001),
  }));
  const Trace trace = Analyze(std::move(packets));
  ASSERT_EQ(trace.conversations.size(), 2u);
  const Conversation& first = trace.conversations[0];
  const Conversation& second = trace.conversations[1];
  EXPECT_EQ(first.id, 1u);
  EXPECT_EQ(second.id, 2u);
  EXPECT_EQ(first.history, "ShADdFf");
  EXPECT_EQ(first.conn_state, "SF");
  EXPECT_EQ(Orig(first).packets + Resp(first).packets, 8u);
  EXPECT_EQ(second.history, "ShA");
  EXPECT_EQ(second.conn_state, "S1");
  EXPECT_EQ(second.handshake.syn_packet, 9u);
  EXPECT_EQ(second.handshake.syn_ack_packet, 10u);
  EXPECT_EQ(second.handshake.ack_packet, 11u);
  EXPECT_EQ(Orig(second).isn, 9000u);
  EXPECT_EQ(trace.stats.conversations, 2u);
}

TEST(AnalyzerTest, SynRetransmittedBeforeAttemptTimeoutStaysOneConnection) {
  const Trace trace = Analyze(Framed({
      FromClient(0.0, kS, kClientIsn, 0),
      FromClient(1.0, kS, kClientIsn, 0),
      FromClient(3.0, kS, kClientIsn, 0),
  }));
  ASSERT_EQ(trace.conversations.size(), 1u);
  EXPECT_EQ(trace.conversations[0].history, "S");  // same relative seq: no repeat
  EXPECT_EQ(trace.conversations[0].conn_state, "S0");
  EXPECT_EQ(Orig(trace.conversations[0]).packets, 3u);
}

TEST(AnalyzerTest, SynTenMinutesLaterStartsNewConnection) {
  // Same ISN, so not a reuse by IsReuse(): only the attempt timer (5 s) splits them.
  const Trace trace = Analyze(Framed({
      FromClient(0.0, kS, kClientIsn, 0),
      FromClient(600.0, kS, kClientIsn, 0),
  }));
  ASSERT_EQ(trace.conversations.size(), 2u);
  EXPECT_EQ(trace.conversations[0].id, 1u);
  EXPECT_EQ(trace.conversations[1].id, 2u);
  for (const Conversation& c : trace.conversations) {
    EXPECT_EQ(c.history, "S");
    EXPECT_EQ(c.conn_state, "S0");
    EXPECT_EQ(Orig(c).packets, 1u);
  }
  EXPECT_EQ(trace.conversations[1].handshake.syn_packet, 2u);
}

// Zeek's timer manager fires every timer due at or before the packet's time
// before the packet is processed (PQ_TimerMgr::DoAdvance: Time() <= t), and
// ZeekTcp::ExpiresAt() is "a packet at or after this time starts a new
// connection": a packet exactly at the expiry belongs to a new connection.
TEST(AnalyzerTest, SynExactlyAtAttemptTimeoutStartsNewConnection) {
  const Trace trace = Analyze(Framed({
      FromClient(0.0, kS, kClientIsn, 0),
      FromClient(5.0, kS, kClientIsn, 0),  // tcp_attempt_delay (5 s) after the SYN
  }));
  ASSERT_EQ(trace.conversations.size(), 2u);
  EXPECT_EQ(Orig(trace.conversations[0]).packets, 1u);
  EXPECT_EQ(trace.conversations[1].handshake.syn_packet, 2u);
}

TEST(AnalyzerTest, UdpDatagramExactlyAtInactivityTimeoutStartsNewFlow) {
  const Trace trace = Analyze({
      UdpPacket().Payload("a").At(0.0).Build(),
      UdpPacket().Payload("b").At(60.0).Build(),  // udp_inactivity_timeout after the last
  });
  ASSERT_EQ(trace.conversations.size(), 2u);
  EXPECT_EQ(Orig(trace.conversations[0]).datagrams.size(), 1u);
}

TEST(AnalyzerTest, PacketRecordCapKeepsFirstRecordsAndExactCounts) {
  AnalyzerOptions options;
  options.packet_record_cap = 2;
  const Trace trace = Analyze(Framed(PingPong()), options);
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  ASSERT_EQ(c.packets.size(), 2u);
  EXPECT_EQ(c.packets[1].number, 2u);
  EXPECT_TRUE(c.packets_truncated);
  EXPECT_EQ(Orig(c).packets + Resp(c).packets, 8u);
  EXPECT_EQ(c.history, "ShADdFf");
}

TEST(AnalyzerTest, PacketAfterInactivityTimeoutStartsNewConnection) {
  std::vector<TcpPacket> packets = PingPong();
  packets.resize(5);  // handshake and data, no close; last activity at 0.4 s
  // tcp_inactivity_timeout is 300 s.
  packets.push_back(FromClient(400.0, kP | kA, kClientIsn + 5, kServerIsn + 5).Payload("more"));
  const Trace trace = Analyze(Framed(packets));
  ASSERT_EQ(trace.conversations.size(), 2u);
  EXPECT_EQ(trace.conversations[0].history, "ShADd");
  EXPECT_EQ(trace.conversations[0].conn_state, "S1");
  const Conversation& late = trace.conversations[1];
  EXPECT_EQ(late.id, 2u);
  EXPECT_EQ(late.originator_rule, OriginatorRule::kFirstPacket);
  EXPECT_EQ(late.orig.port, 40000);
  EXPECT_EQ(late.history, "D");
  EXPECT_EQ(Orig(late).data, "more");
  EXPECT_EQ(late.handshake.syn_packet, 0u);
}

TEST(AnalyzerTest, PacketWithinInactivityTimeoutStaysInConnection) {
  std::vector<TcpPacket> packets = PingPong();
  packets.resize(5);
  packets.push_back(FromClient(200.0, kP | kA, kClientIsn + 5, kServerIsn + 5).Payload("more"));
  const Trace trace = Analyze(Framed(packets));
  ASSERT_EQ(trace.conversations.size(), 1u);
  EXPECT_EQ(Orig(trace.conversations[0]).data, "pingmore");
}

// --- Streaming hand-off --------------------------------------------------

TEST(AnalyzerTest, HandOffWhenClosedDeliversBeforeFinishAndCountsLatePackets) {
  AnalyzerOptions options;
  options.hand_off_when_closed = true;
  std::vector<Conversation> sunk;
  Analyzer analyzer(options, [&sunk](Conversation&& c) { sunk.push_back(std::move(c)); });
  std::vector<OwnedPacket> packets = Framed(PingPong());
  std::uint64_t number = 0;
  for (const OwnedPacket& p : packets) analyzer.Feed(testing::AsRawPacket(p), ++number);
  // Both FINs acknowledged by packet 8: handed on without waiting for Finish().
  ASSERT_EQ(sunk.size(), 1u);
  EXPECT_EQ(sunk[0].id, 1u);
  EXPECT_EQ(sunk[0].history, "ShADdFf");
  EXPECT_EQ(sunk[0].conn_state, "SF");

  // A retransmitted server FIN after the hand-off is late.
  const OwnedPacket late = FromServer(0.8, kF | kA, kServerIsn + 5, kClientIsn + 6).Build();
  analyzer.Feed(testing::AsRawPacket(late), ++number);
  EXPECT_EQ(analyzer.stats().late_packets, 1u);
  EXPECT_EQ(sunk.size(), 1u);

  // A new SYN on the same 4-tuple starts a new conversation.
  const OwnedPacket syn = FromClient(0.9, kS, 9000, 0).Build();
  analyzer.Feed(testing::AsRawPacket(syn), ++number);
  analyzer.Finish();
  ASSERT_EQ(sunk.size(), 2u);
  EXPECT_EQ(sunk[1].id, 2u);
  EXPECT_EQ(sunk[1].history, "S");
  EXPECT_EQ(sunk[1].handshake.syn_packet, 10u);
  EXPECT_EQ(Orig(sunk[0]).packets + Resp(sunk[0]).packets, 8u);  // the late FIN not in it
  EXPECT_EQ(analyzer.stats().conversations, 2u);
  EXPECT_EQ(analyzer.stats().late_packets, 1u);
}

TEST(AnalyzerTest, HandOffWhenClosedDeliversResetConnectionAtOnce) {
  AnalyzerOptions options;
  options.hand_off_when_closed = true;
  std::vector<Conversation> sunk;
  Analyzer analyzer(options, [&sunk](Conversation&& c) { sunk.push_back(std::move(c)); });
  std::vector<TcpPacket> packets = PingPong();
  packets.resize(3);
  packets.push_back(FromClient(0.3, kR | kA, kClientIsn + 1, kServerIsn + 1));
  packets.push_back(FromServer(0.4, kA, kServerIsn + 1, kClientIsn + 1));  // straggler
  std::uint64_t number = 0;
  for (const OwnedPacket& p : Framed(packets)) {
    analyzer.Feed(testing::AsRawPacket(p), ++number);
    if (number == 4) {
      ASSERT_EQ(sunk.size(), 1u);
    }
  }
  analyzer.Finish();
  ASSERT_EQ(sunk.size(), 1u);
  EXPECT_EQ(sunk[0].history, "ShAR");
  EXPECT_EQ(sunk[0].conn_state, "RSTO");
  EXPECT_EQ(analyzer.stats().late_packets, 1u);
}

TEST(AnalyzerTest, WithoutHandOffLateFinStaysInConversation) {
  std::vector<TcpPacket> packets = PingPong();
  packets.push_back(FromServer(0.8, kF | kA, kServerIsn + 5, kClientIsn + 6));
  const Trace trace = Analyze(Framed(packets));
  ASSERT_EQ(trace.conversations.size(), 1u);
  EXPECT_EQ(Resp(trace.conversations[0]).packets, 4u);
  EXPECT_EQ(trace.stats.late_packets, 0u);
}

// --- Packets that are not (fully) used -----------------------------------

TEST(AnalyzerTest, UndecodablePacketsAreCountedByReasonWithoutStoppingAnalysis) {
  const Bytes segment = TcpPacket().Flags(kS).Segment();
  std::vector<OwnedPacket> packets;
  packets.push_back(OwnedPacket{});                                     // empty frame
  packets.push_back(OwnedPacket{Timestamp{}, link_type::kEthernet, 0, Bytes(10, 0)});
  OwnedPacket arp{Timestamp{}, link_type::kEthernet, 0, Bytes(kEthernetHeader + 28, 0)};
  arp.bytes[12] = 0x08;
  arp.bytes[13] = 0x06;
  packets.push_back(arp);                                               // not IP
  packets.push_back(TcpPacket().Flags(kS).Build(999));                  // unknown link type
  packets.push_back(TcpPacket().Flags(kS).TruncateTo(kEthernetHeader + 10).Build());
  packets.push_back(IpPacket().Payload(segment).HeaderLengthField(4).Build());
  packets.push_back(IpPacket().Payload(segment).Fragment(16, false).Build());
  packets.push_back(IpPacket().Protocol(1).Payload(Bytes{8, 0, 0, 0, 0, 0, 0, 0}).Build());
  packets.push_back(TcpPacket().Flags(kS).TruncateTo(kEthernetHeader + 20 + 10).Build());
  packets.push_back(TcpPacket().Flags(kS).DataOffsetField(3).Build());
  packets.push_back(FromClient(1.0, kS, kClientIsn, 0).Build());      // the only good one
  const Trace trace = Analyze(std::move(packets));

  const DecodeStats& d = trace.stats.decode;
  EXPECT_EQ(d.of(DecodeResult::kTruncatedLink), 2u);
  EXPECT_EQ(d.of(DecodeResult::kNotIp), 1u);
  EXPECT_EQ(d.of(DecodeResult::kUnsupportedLinkType), 1u);
  EXPECT_EQ(d.of(DecodeResult::kTruncatedIp), 1u);
  EXPECT_EQ(d.of(DecodeResult::kBadIpHeader), 1u);
  EXPECT_EQ(d.of(DecodeResult::kIpFragment), 1u);
  EXPECT_EQ(d.of(DecodeResult::kOtherTransport), 1u);
  EXPECT_EQ(d.of(DecodeResult::kTruncatedTransport), 1u);
  EXPECT_EQ(d.of(DecodeResult::kBadTransportHeader), 1u);
  EXPECT_EQ(d.of(DecodeResult::kOk), 0u);
  EXPECT_EQ(d.skipped(), 10u);
  EXPECT_EQ(trace.stats.packets, 11u);
  EXPECT_EQ(trace.stats.decoded, 1u);
  ASSERT_EQ(trace.conversations.size(), 1u);
  EXPECT_EQ(trace.conversations[0].handshake.syn_packet, 11u);
}

TEST(AnalyzerTest, FirstIpv4FragmentIsFlaggedAndLaterFragmentsCounted) {
  const Bytes datagram = UdpPacket().Payload(std::string(24, 'u')).Segment();  // 32 bytes
  ASSERT_EQ(datagram.size(), 32u);
  const Bytes head(datagram.begin(), datagram.begin() + 16);
  const Bytes tail(datagram.begin() + 16, datagram.end());
  const Trace trace = Analyze({
      IpPacket().Protocol(17).Payload(head).Fragment(0, true).At(0.0).Build(),
      IpPacket().Protocol(17).Payload(tail).Fragment(16, false).At(0.0).Build(),
  });
  EXPECT_EQ(trace.stats.packets, 2u);
  EXPECT_EQ(trace.stats.decoded, 1u);
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kIpFragment), 1u);
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(c.transport, Transport::kUdp);
  EXPECT_EQ(c.ip_fragments, 1u);
  EXPECT_EQ(Orig(c).packets, 1u);
  EXPECT_EQ(c.resp.port, 53);
}

TEST(AnalyzerTest, FirstIpv6FragmentIsFlaggedAndLaterFragmentsCounted) {
  const Bytes datagram =
      UdpPacket().From("fd00::1", 40000).To("fd00::2", 53).Payload(std::string(24, 'u')).Segment();
  const Bytes head(datagram.begin(), datagram.begin() + 16);
  const Bytes tail(datagram.begin() + 16, datagram.end());
  const Trace trace = Analyze({
      IpPacket().From("fd00::1").To("fd00::2").Protocol(17).Payload(head).Fragment(0, true).Build(),
      IpPacket().From("fd00::1").To("fd00::2").Protocol(17).Payload(tail).Fragment(16, false).Build(),
  });
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kIpFragment), 1u);
  ASSERT_EQ(trace.conversations.size(), 1u);
  EXPECT_EQ(trace.conversations[0].ip_fragments, 1u);
}

// --- UDP -----------------------------------------------------------------

TEST(AnalyzerTest, UdpDatagramsKeepTheirBoundariesPerDirection) {
  const Trace trace = Analyze({
      UdpPacket().From("10.0.0.1", 40000).To("10.0.0.2", 53).Payload("query1").At(0.0).Build(),
      UdpPacket().From("10.0.0.2", 53).To("10.0.0.1", 40000).Payload("answer1").At(0.1).Build(),
      UdpPacket().From("10.0.0.1", 40000).To("10.0.0.2", 53).Payload("q2").At(0.2).Build(),
  });
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(c.transport, Transport::kUdp);
  EXPECT_EQ(c.originator_rule, OriginatorRule::kFirstDatagram);
  EXPECT_EQ(c.orig.port, 40000);
  EXPECT_EQ(c.resp.port, 53);
  EXPECT_EQ(c.history, "Dd");
  EXPECT_EQ(c.conn_state, "SF");
  ASSERT_EQ(Orig(c).datagrams.size(), 2u);
  EXPECT_EQ(Orig(c).datagrams[0].number, 1u);
  EXPECT_EQ(DatagramPayload(Orig(c), Orig(c).datagrams[0]), "query1");
  EXPECT_EQ(Orig(c).datagrams[0].length, 6u);
  EXPECT_EQ(Orig(c).datagrams[1].number, 3u);
  EXPECT_EQ(DatagramPayload(Orig(c), Orig(c).datagrams[1]), "q2");
  EXPECT_EQ(Orig(c).datagrams[1].ts, Timestamp(200'000'000));
  ASSERT_EQ(Resp(c).datagrams.size(), 1u);
  EXPECT_EQ(Resp(c).datagrams[0].number, 2u);
  EXPECT_EQ(DatagramPayload(Resp(c), Resp(c).datagrams[0]), "answer1");
  EXPECT_EQ(Orig(c).packets, 2u);
  EXPECT_EQ(Resp(c).packets, 1u);
  EXPECT_EQ(Orig(c).zeek_bytes, 8u);
  EXPECT_EQ(Resp(c).zeek_bytes, 7u);
  EXPECT_EQ(Orig(c).ip_bytes, (20 + 8 + 6) + (20 + 8 + 2u));
  ASSERT_EQ(c.packets.size(), 3u);
  EXPECT_EQ(c.packets[1].dir, Direction::kResp);
}

TEST(AnalyzerTest, OneWayUdpIsS0) {
  const Trace trace = Analyze({
      UdpPacket().From("10.0.0.1", 40000).To("10.0.0.2", 53).Payload("query").At(0.0).Build(),
  });
  ASSERT_EQ(trace.conversations.size(), 1u);
  EXPECT_EQ(trace.conversations[0].history, "D");
  EXPECT_EQ(trace.conversations[0].conn_state, "S0");
  EXPECT_TRUE(Resp(trace.conversations[0]).datagrams.empty());
}

TEST(AnalyzerTest, UdpFromServerPortFlipsRoles) {
  const Trace trace = Analyze({
      UdpPacket().From("10.0.0.2", 53).To("10.0.0.1", 40000).Payload("answer").At(0.0).Build(),
  });
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(c.originator_rule, OriginatorRule::kServerPort);
  EXPECT_EQ(c.orig.port, 40000);
  EXPECT_EQ(c.resp.port, 53);
  EXPECT_EQ(c.history, "^d");
  ASSERT_EQ(Resp(c).datagrams.size(), 1u);
  EXPECT_EQ(DatagramPayload(Resp(c), Resp(c).datagrams[0]), "answer");
}

TEST(AnalyzerTest, UdpAfterInactivityTimeoutStartsNewFlow) {
  const Trace trace = Analyze({
      UdpPacket().Payload("a").At(0.0).Build(),
      UdpPacket().Payload("b").At(61.0).Build(),  // udp_inactivity_timeout is 60 s
  });
  ASSERT_EQ(trace.conversations.size(), 2u);
  EXPECT_EQ(trace.conversations[1].id, 2u);
  EXPECT_EQ(DatagramPayload(Orig(trace.conversations[1]), Orig(trace.conversations[1]).datagrams[0]), "b");
}

// --- Payload cap ---------------------------------------------------------

TEST(AnalyzerTest, PayloadCapKeepsFirstBytesAndExactStreamLength) {
  AnalyzerOptions options;
  options.payload_cap = 8;
  const Trace trace = Analyze(Framed({
      FromClient(0.0, kS, kClientIsn, 0),
      FromServer(0.1, kS | kA, kServerIsn, kClientIsn + 1),
      FromClient(0.2, kA, kClientIsn + 1, kServerIsn + 1),
      FromClient(0.3, kP | kA, kClientIsn + 1, kServerIsn + 1).Payload("0123456789"),
      FromClient(0.4, kP | kA, kClientIsn + 11, kServerIsn + 1).Payload("abcdef"),
      FromServer(0.5, kP | kA, kServerIsn + 1, kClientIsn + 17).Payload("ok"),
  }), options);
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(Orig(c).data, "01234567");
  EXPECT_EQ(Orig(c).stream_bytes, 16u);
  EXPECT_TRUE(Orig(c).data_truncated);
  EXPECT_EQ(Orig(c).payload_bytes, 16u);
  EXPECT_EQ(Orig(c).zeek_bytes, 16u);
  EXPECT_TRUE(Orig(c).gaps.empty());
  EXPECT_EQ(Resp(c).data, "ok");
  EXPECT_FALSE(Resp(c).data_truncated);
}

TEST(AnalyzerTest, PayloadCapLimitsUdpBytesKeptPerDirection) {
  AnalyzerOptions options;
  options.payload_cap = 8;
  const Trace trace = Analyze({
      UdpPacket().Payload("0123456789").At(0.0).Build(),
      UdpPacket().Payload("abc").At(0.1).Build(),
  }, options);
  ASSERT_EQ(trace.conversations.size(), 1u);
  const DirectionFacts& orig = Orig(trace.conversations[0]);
  ASSERT_EQ(orig.datagrams.size(), 2u);
  EXPECT_EQ(DatagramPayload(orig, orig.datagrams[0]), "01234567");
  EXPECT_EQ(orig.datagrams[0].length, 10u);
  EXPECT_EQ(DatagramPayload(orig, orig.datagrams[1]), "");
  EXPECT_EQ(orig.datagrams[1].length, 3u);
  EXPECT_TRUE(orig.data_truncated);
  EXPECT_EQ(orig.payload_bytes, 13u);
}

// --- Checksums -----------------------------------------------------------

/// Handshake, "hello" from the client (packet 4, to be damaged by the test),
/// the same segment again intact (5), the server's ACK (6).
std::vector<OwnedPacket> HelloSentTwice() {
  return Framed({
      FromClient(0.0, kS, kClientIsn, 0),
      FromServer(0.1, kS | kA, kServerIsn, kClientIsn + 1),
      FromClient(0.2, kA, kClientIsn + 1, kServerIsn + 1),
      FromClient(0.3, kP | kA, kClientIsn + 1, kServerIsn + 1).Payload("hello"),
      FromClient(0.5, kP | kA, kClientIsn + 1, kServerIsn + 1).Payload("hello"),
      FromServer(0.6, kA, kServerIsn + 1, kClientIsn + 6),
  });
}

AnalyzerOptions VerifyChecksums() {
  AnalyzerOptions options;
  options.verify_checksums = true;
  return options;
}

TEST(AnalyzerTest, BuilderChecksumsPassVerification) {
  const Trace trace = Analyze(Framed(PingPong()), VerifyChecksums());
  EXPECT_EQ(trace.stats.decode.skipped(), 0u);
  EXPECT_EQ(trace.stats.decoded, 8u);
  ASSERT_EQ(trace.conversations.size(), 1u);
  EXPECT_EQ(trace.conversations[0].history, "ShADdFf");
}

TEST(AnalyzerTest, BadTcpChecksumDropsPacketAndAddsCToHistory) {
  std::vector<OwnedPacket> packets = HelloSentTwice();
  packets[3].bytes.back() ^= 0x01;  // last payload byte: 'o' -> 'n'
  const Trace trace = Analyze(std::move(packets), VerifyChecksums());
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kBadTransportChecksum), 1u);
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kBadIpChecksum), 0u);
  EXPECT_EQ(trace.stats.packets, 6u);
  EXPECT_EQ(trace.stats.decoded, 5u);
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(c.history, "ShACDa");
  EXPECT_EQ(Orig(c).packets, 3u);
  EXPECT_EQ(Orig(c).data, "hello");
  EXPECT_EQ(Orig(c).retransmissions, 0u);
}

TEST(AnalyzerTest, BadIpv4HeaderChecksumDropsPacket) {
  std::vector<OwnedPacket> packets = HelloSentTwice();
  packets[3].bytes[kEthernetHeader + 8] ^= 0x01;  // TTL: not in the TCP pseudo-header
  const Trace trace = Analyze(std::move(packets), VerifyChecksums());
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kBadIpChecksum), 1u);
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kBadTransportChecksum), 0u);
  EXPECT_EQ(trace.stats.decoded, 5u);
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(c.history, "ShADa");
  EXPECT_EQ(Orig(c).packets, 3u);
  EXPECT_EQ(Orig(c).retransmissions, 0u);
}

TEST(AnalyzerTest, ChecksumsAreIgnoredByDefault) {
  std::vector<OwnedPacket> packets = HelloSentTwice();
  packets[3].bytes.back() ^= 0x01;
  const Trace trace = Analyze(std::move(packets));
  EXPECT_EQ(trace.stats.decode.skipped(), 0u);
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(c.history, "ShADTa");
  EXPECT_EQ(Orig(c).data, "helln");  // first copy wins
  EXPECT_EQ(Orig(c).retransmissions, 1u);
}

TEST(AnalyzerTest, BadUdpChecksumIsDropped) {
  OwnedPacket bad = UdpPacket().Payload("query").At(0.0).Build();
  bad.bytes.back() ^= 0x01;
  const Trace trace = Analyze({std::move(bad), UdpPacket().Payload("query").At(0.1).Build()},
                              VerifyChecksums());
  EXPECT_EQ(trace.stats.decode.of(DecodeResult::kBadTransportChecksum), 1u);
  ASSERT_EQ(trace.conversations.size(), 1u);
  EXPECT_EQ(Orig(trace.conversations[0]).datagrams.size(), 1u);
  EXPECT_EQ(Orig(trace.conversations[0]).datagrams[0].number, 2u);
}

}  // namespace
}  // namespace wirecheck::capture
