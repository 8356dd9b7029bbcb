// Specifications of one TCP conversation as the whole capture/ pipeline
// reports it: packets built with tests/support, fed through MemorySource and
// AnalyzeSource. Expected values come from RFC 793 (sequence space, states),
// RFC 7323/2018 (options) and Zeek's conn.log rules (docs/zeek-compatibility.md).

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "capture/analyzer.h"
#include "capture/conversation.h"
#include "capture/memory_source.h"
#include "tests/support/packet_builder.h"

namespace wirecheck::capture {
namespace {

using wirecheck::testing::TcpPacket;

constexpr std::uint8_t kS = tcp_flag::kSyn, kA = tcp_flag::kAck, kF = tcp_flag::kFin,
                       kR = tcp_flag::kRst, kP = tcp_flag::kPsh;
constexpr std::uint16_t kClientPort = 40000, kServerPort = 80;
constexpr std::uint32_t kClientIsn = 1000, kServerIsn = 5000;
constexpr std::string_view kRequest = "GET / HTTP/1.0\r\n\r\n";           // 18 bytes
constexpr std::string_view kResponse = "HTTP/1.0 200 OK\r\n\r\nhello";  // 24 bytes
// Next sequence numbers after the SYN and after each side's data.
constexpr std::uint32_t kClientData = kClientIsn + 1;
constexpr std::uint32_t kServerData = kServerIsn + 1;
constexpr std::uint32_t kClientEnd = kClientData + kRequest.size();   // 1019
constexpr std::uint32_t kServerEnd = kServerData + kResponse.size();  // 5025

/// The two hosts; IPv4 unless a test says otherwise.
struct Hosts {
  std::string client = "10.0.0.1";
  std::string server = "10.0.0.2";
};

TcpPacket FromClient(const Hosts& h, double t, std::uint8_t flags, std::uint32_t seq,
                     std::uint32_t ack) {
  return TcpPacket().From(h.client, kClientPort).To(h.server, kServerPort)
      .Flags(flags).Seq(seq).Ack(ack).At(t);
}

TcpPacket FromServer(const Hosts& h, double t, std::uint8_t flags, std::uint32_t seq,
                     std::uint32_t ack) {
  return TcpPacket().From(h.server, kServerPort).To(h.client, kClientPort)
      .Flags(flags).Seq(seq).Ack(ack).At(t);
}

TcpPacket FromClient(double t, std::uint8_t flags, std::uint32_t seq, std::uint32_t ack) {
  return FromClient(Hosts{}, t, flags, seq, ack);
}

TcpPacket FromServer(double t, std::uint8_t flags, std::uint32_t seq, std::uint32_t ack) {
  return FromServer(Hosts{}, t, flags, seq, ack);
}

/// Packets 1-3: SYN, SYN-ACK, ACK at t = 0, 0.1, 0.2, with typical Linux
/// options on the SYN and SYN-ACK.
std::vector<OwnedPacket> Handshake(const Hosts& h = {}) {
  return {
      FromClient(h, 0.0, kS, kClientIsn, 0).Window(64240)
          .Mss(1460).SackPermitted().Timestamps(111, 0).Nop().WindowScale(7).Build(),
      FromServer(h, 0.1, kS | kA, kServerIsn, kClientData).Window(65160)
          .Mss(1400).SackPermitted().Timestamps(222, 111).Nop().WindowScale(9).Build(),
      FromClient(h, 0.2, kA, kClientData, kServerData).Build(),
  };
}

/// Packets 1-7: handshake, request (4), its ACK (5), response (6), its ACK (7).
std::vector<OwnedPacket> Exchange(const Hosts& h = {}) {
  std::vector<OwnedPacket> p = Handshake(h);
  p.push_back(FromClient(h, 0.3, kP | kA, kClientData, kServerData).Payload(kRequest).Build());
  p.push_back(FromServer(h, 0.4, kA, kServerData, kClientEnd).Build());
  p.push_back(FromServer(h, 0.5, kP | kA, kServerData, kClientEnd).Payload(kResponse).Build());
  p.push_back(FromClient(h, 0.6, kA, kClientEnd, kServerEnd).Build());
  return p;
}

/// Packets 8-11 after Exchange(): the client's FIN is acked, then the server's.
void ClientClosesFirst(std::vector<OwnedPacket>& p, const Hosts& h = {}) {
  p.push_back(FromClient(h, 0.7, kF | kA, kClientEnd, kServerEnd).Build());
  p.push_back(FromServer(h, 0.8, kA, kServerEnd, kClientEnd + 1).Build());
  p.push_back(FromServer(h, 0.9, kF | kA, kServerEnd, kClientEnd + 1).Build());
  p.push_back(FromClient(h, 1.0, kA, kClientEnd + 1, kServerEnd + 1).Build());
}

Trace Analyze(std::vector<OwnedPacket> packets, const AnalyzerOptions& options = {}) {
  MemorySource source(std::move(packets));
  return AnalyzeSource(source, options);
}

std::vector<std::string> Names(const std::vector<TcpState>& states) {
  std::vector<std::string> names;
  for (TcpState s : states) names.emplace_back(TcpStateName(s));
  return names;
}

const DirectionFacts& Orig(const Conversation& c) { return c.from(Direction::kOrig); }
const DirectionFacts& Resp(const Conversation& c) { return c.from(Direction::kResp); }

TEST(TcpConversationTest, HandshakeRecordsPacketNumbersIsnsAndSynOptions) {
  const Trace trace = Analyze(Handshake());
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(c.id, 1u);
  EXPECT_EQ(c.transport, Transport::kTcp);
  EXPECT_EQ(c.originator_rule, OriginatorRule::kFirstSyn);
  EXPECT_EQ(c.orig.addr.ToString(), "10.0.0.1");
  EXPECT_EQ(c.orig.port, kClientPort);
  EXPECT_EQ(c.resp.addr.ToString(), "10.0.0.2");
  EXPECT_EQ(c.resp.port, kServerPort);

  EXPECT_EQ(c.handshake.syn_packet, 1u);
  EXPECT_EQ(c.handshake.syn_ack_packet, 2u);
  EXPECT_EQ(c.handshake.ack_packet, 3u);
  EXPECT_TRUE(c.handshake.complete());
  EXPECT_FALSE(c.handshake.data_before_complete);
  EXPECT_EQ(c.handshake.syn_ack_ts - c.handshake.syn_ts, Timestamp(100'000'000));

  EXPECT_TRUE(Orig(c).syn_seen);
  EXPECT_EQ(Orig(c).isn, kClientIsn);
  EXPECT_EQ(Orig(c).syn_options.mss, 1460);
  EXPECT_EQ(Orig(c).syn_options.window_scale, 7);
  EXPECT_TRUE(Orig(c).syn_options.sack_permitted);
  EXPECT_TRUE(Orig(c).syn_options.has_timestamps);
  EXPECT_EQ(Orig(c).syn_options.ts_val, 111u);
  EXPECT_EQ(Orig(c).syn_options.ts_ecr, 0u);

  EXPECT_TRUE(Resp(c).syn_seen);
  EXPECT_EQ(Resp(c).isn, kServerIsn);
  EXPECT_EQ(Resp(c).syn_options.mss, 1400);
  EXPECT_EQ(Resp(c).syn_options.window_scale, 9);
  EXPECT_TRUE(Resp(c).syn_options.sack_permitted);
  EXPECT_EQ(Resp(c).syn_options.ts_val, 222u);
  EXPECT_EQ(Resp(c).syn_options.ts_ecr, 111u);

  EXPECT_EQ(c.history, "ShA");
  EXPECT_EQ(c.conn_state, "S1");
  EXPECT_EQ(Names(Orig(c).states), (std::vector<std::string>{"SYN-SENT", "ESTABLISHED"}));
  EXPECT_EQ(Names(Resp(c).states),
            (std::vector<std::string>{"LISTEN", "SYN-RECEIVED", "ESTABLISHED"}));
}

TEST(TcpConversationTest, DataBothWaysIsReassembledIntoEachDirectionsStream) {
  const Trace trace = Analyze(Exchange());
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(Orig(c).data, kRequest);
  EXPECT_EQ(Resp(c).data, kResponse);
  EXPECT_EQ(Orig(c).stream_bytes, kRequest.size());
  EXPECT_EQ(Resp(c).stream_bytes, kResponse.size());
  EXPECT_EQ(Orig(c).payload_bytes, kRequest.size());
  EXPECT_EQ(Resp(c).payload_bytes, kResponse.size());
  EXPECT_EQ(Orig(c).zeek_bytes, kRequest.size());
  EXPECT_EQ(Resp(c).zeek_bytes, kResponse.size());
  EXPECT_TRUE(Orig(c).gaps.empty());
  EXPECT_FALSE(Orig(c).data_truncated);
  EXPECT_EQ(Orig(c).packets, 4u);  // SYN, ACK, request, ACK
  EXPECT_EQ(Resp(c).packets, 3u);  // SYN-ACK, ACK, response
  EXPECT_EQ(c.history, "ShADad");
  EXPECT_EQ(c.conn_state, "S1");

  ASSERT_EQ(c.packets.size(), 7u);
  const PacketRecord& request = c.packets[3];
  EXPECT_EQ(request.number, 4u);
  EXPECT_EQ(request.dir, Direction::kOrig);
  EXPECT_EQ(request.rel_seq, 1u);  // the SYN took relative sequence number 0
  EXPECT_EQ(request.rel_ack, 1u);
  EXPECT_EQ(request.payload_length, kRequest.size());
  EXPECT_EQ(request.kind, SegmentKind::kInOrder);
  const PacketRecord& response = c.packets[5];
  EXPECT_EQ(response.dir, Direction::kResp);
  EXPECT_EQ(response.rel_seq, 1u);
  EXPECT_EQ(response.rel_ack, 1u + kRequest.size());
  EXPECT_EQ(response.kind, SegmentKind::kInOrder);
  EXPECT_EQ(c.packets[4].kind, SegmentKind::kEmpty);
  EXPECT_EQ(c.packets[0].rel_seq, 0u);
  EXPECT_EQ(c.packets[0].flags, kS);
}

TEST(TcpConversationTest, ClientClosingFirstIsShADadFfSF) {
  std::vector<OwnedPacket> p = Exchange();
  ClientClosesFirst(p);
  const Trace trace = Analyze(std::move(p));
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(c.history, "ShADadFf");
  EXPECT_EQ(c.conn_state, "SF");
  EXPECT_EQ(c.first_fin, Direction::kOrig);
  EXPECT_FALSE(c.first_rst.has_value());
  EXPECT_FALSE(c.simultaneous_close);
  EXPECT_EQ(Orig(c).fin_packet, 8u);
  EXPECT_EQ(Resp(c).fin_packet, 10u);
  EXPECT_EQ(Orig(c).rst_packet, 0u);
  // FINs take sequence space but are not data (RFC 793 3.3).
  EXPECT_EQ(Orig(c).zeek_bytes, kRequest.size());
  EXPECT_EQ(Resp(c).zeek_bytes, kResponse.size());
  EXPECT_EQ(Orig(c).data, kRequest);
  EXPECT_EQ(Names(Orig(c).states),
            (std::vector<std::string>{"SYN-SENT", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2",
                                      "TIME-WAIT"}));
  EXPECT_EQ(Names(Resp(c).states),
            (std::vector<std::string>{"LISTEN", "SYN-RECEIVED", "ESTABLISHED", "CLOSE-WAIT",
                                      "LAST-ACK", "CLOSED"}));
  // Zeek's last activity stops at the second FIN (0.9 s): the final ACK
  // comes after both sides closed and does not extend the duration.
  EXPECT_DOUBLE_EQ(c.duration_seconds(), 0.9);
  EXPECT_EQ(c.last_ts, Timestamp(1'000'000'000));
}

TEST(TcpConversationTest, ServerClosingFirstIsShADadfFSF) {
  std::vector<OwnedPacket> p = Exchange();
  p.push_back(FromServer(0.7, kF | kA, kServerEnd, kClientEnd).Build());
  p.push_back(FromClient(0.8, kA, kClientEnd, kServerEnd + 1).Build());
  p.push_back(FromClient(0.9, kF | kA, kClientEnd, kServerEnd + 1).Build());
  p.push_back(FromServer(1.0, kA, kServerEnd + 1, kClientEnd + 1).Build());
  const Trace trace = Analyze(std::move(p));
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(c.history, "ShADadfF");
  EXPECT_EQ(c.conn_state, "SF");
  EXPECT_EQ(c.first_fin, Direction::kResp);
  EXPECT_FALSE(c.simultaneous_close);
  EXPECT_EQ(Resp(c).fin_packet, 8u);
  EXPECT_EQ(Orig(c).fin_packet, 10u);
  EXPECT_EQ(Names(Resp(c).states),
            (std::vector<std::string>{"LISTEN", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1",
                                      "FIN-WAIT-2", "TIME-WAIT"}));
  EXPECT_EQ(Names(Orig(c).states),
            (std::vector<std::string>{"SYN-SENT", "ESTABLISHED", "CLOSE-WAIT", "LAST-ACK",
                                      "CLOSED"}));
}

TEST(TcpConversationTest, SimultaneousCloseTakesBothSidesThroughClosing) {
  std::vector<OwnedPacket> p = Exchange();
  // Each FIN acknowledges only the peer's data, not the peer's FIN.
  p.push_back(FromClient(0.7, kF | kA, kClientEnd, kServerEnd).Build());
  p.push_back(FromServer(0.7, kF | kA, kServerEnd, kClientEnd).Build());
  p.push_back(FromClient(0.8, kA, kClientEnd + 1, kServerEnd + 1).Build());
  p.push_back(FromServer(0.8, kA, kServerEnd + 1, kClientEnd + 1).Build());
  const Trace trace = Analyze(std::move(p));
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_TRUE(c.simultaneous_close);
  EXPECT_EQ(c.first_fin, Direction::kOrig);
  EXPECT_EQ(c.history, "ShADadFf");
  EXPECT_EQ(c.conn_state, "SF");
  // RFC 793 figure 14: FIN-WAIT-1 -> CLOSING -> TIME-WAIT on both sides.
  EXPECT_EQ(Names(Orig(c).states),
            (std::vector<std::string>{"SYN-SENT", "ESTABLISHED", "FIN-WAIT-1", "CLOSING",
                                      "TIME-WAIT"}));
  EXPECT_EQ(Names(Resp(c).states),
            (std::vector<std::string>{"LISTEN", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1",
                                      "CLOSING", "TIME-WAIT"}));
}

TEST(TcpConversationTest, RstFromClientIsRSTO) {
  std::vector<OwnedPacket> p = Handshake();
  p.push_back(FromClient(0.3, kR | kA, kClientData, kServerData).Build());
  const Trace trace = Analyze(std::move(p));
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(c.history, "ShAR");
  EXPECT_EQ(c.conn_state, "RSTO");
  EXPECT_EQ(c.first_rst, Direction::kOrig);
  EXPECT_EQ(Orig(c).rst_packet, 4u);
  EXPECT_EQ(Resp(c).rst_packet, 0u);
  EXPECT_FALSE(c.first_fin.has_value());
  EXPECT_EQ(Orig(c).states.back(), TcpState::kClosed);
  EXPECT_EQ(Resp(c).states.back(), TcpState::kClosed);
}

TEST(TcpConversationTest, RstFromServerIsRSTR) {
  std::vector<OwnedPacket> p = Handshake();
  p.push_back(FromServer(0.3, kR | kA, kServerData, kClientData).Build());
  const Trace trace = Analyze(std::move(p));
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(c.history, "ShAr");
  EXPECT_EQ(c.conn_state, "RSTR");
  EXPECT_EQ(c.first_rst, Direction::kResp);
  EXPECT_EQ(Resp(c).rst_packet, 4u);
  EXPECT_EQ(Orig(c).rst_packet, 0u);
}

TEST(TcpConversationTest, SynAnsweredByRstAckIsRejected) {
  const Trace trace = Analyze({
      FromClient(0.0, kS, kClientIsn, 0).Build(),
      FromServer(0.001, kR | kA, 0, kClientData).Build(),
  });
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(c.history, "Sr");
  EXPECT_EQ(c.conn_state, "REJ");
  EXPECT_EQ(c.first_rst, Direction::kResp);
  EXPECT_EQ(c.handshake.syn_packet, 1u);
  EXPECT_EQ(c.handshake.syn_ack_packet, 0u);
  EXPECT_FALSE(c.handshake.complete());
  EXPECT_EQ(Names(Orig(c).states), (std::vector<std::string>{"SYN-SENT", "CLOSED"}));
}

TEST(TcpConversationTest, UnansweredSynIsS0) {
  const Trace trace = Analyze({FromClient(0.0, kS, kClientIsn, 0).Build()});
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(c.history, "S");
  EXPECT_EQ(c.conn_state, "S0");
  EXPECT_EQ(c.originator_rule, OriginatorRule::kFirstSyn);
  EXPECT_EQ(Orig(c).packets, 1u);
  EXPECT_EQ(Resp(c).packets, 0u);
  EXPECT_EQ(c.handshake.syn_ack_packet, 0u);
  EXPECT_EQ(Names(Orig(c).states), (std::vector<std::string>{"SYN-SENT"}));
}

TEST(TcpConversationTest, RetransmittedSegmentIsCountedButNotDuplicated) {
  std::vector<OwnedPacket> p = Handshake();
  p.push_back(FromClient(0.3, kP | kA, kClientData, kServerData).Payload("hello").Build());
  p.push_back(FromClient(0.5, kP | kA, kClientData, kServerData).Payload("hello").Build());
  p.push_back(FromServer(0.6, kA, kServerData, kClientData + 5).Build());
  const Trace trace = Analyze(std::move(p));
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(Orig(c).retransmissions, 1u);
  EXPECT_EQ(Orig(c).data, "hello");
  EXPECT_EQ(Orig(c).stream_bytes, 5u);
  EXPECT_EQ(Orig(c).payload_bytes, 10u);  // both copies were on the wire
  EXPECT_EQ(Orig(c).zeek_bytes, 5u);      // from sequence numbers
  EXPECT_EQ(c.history, "ShADTa");
  ASSERT_EQ(c.packets.size(), 6u);
  EXPECT_EQ(c.packets[3].kind, SegmentKind::kInOrder);
  EXPECT_EQ(c.packets[4].kind, SegmentKind::kRetransmission);
  EXPECT_EQ(c.packets[4].rel_seq, 1u);
}

TEST(TcpConversationTest, OutOfOrderSegmentIsHeldThenDeliveredInOrder) {
  std::vector<OwnedPacket> p = Handshake();
  p.push_back(FromClient(0.3, kP | kA, kClientData + 5, kServerData).Payload("world").Build());
  p.push_back(FromClient(0.4, kP | kA, kClientData, kServerData).Payload("hello").Build());
  p.push_back(FromServer(0.5, kA, kServerData, kClientData + 10).Build());
  const Trace trace = Analyze(std::move(p));
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(Orig(c).data, "helloworld");
  EXPECT_EQ(Orig(c).stream_bytes, 10u);
  EXPECT_EQ(Orig(c).out_of_order, 1u);
  EXPECT_EQ(Orig(c).retransmissions, 0u);
  EXPECT_TRUE(Orig(c).gaps.empty());
  EXPECT_EQ(c.missed_bytes, 0u);
  // Zeek's 'T': the hole-filling segment does not advance the highest seq.
  EXPECT_EQ(c.history, "ShADTa");
  ASSERT_EQ(c.packets.size(), 6u);
  EXPECT_EQ(c.packets[3].kind, SegmentKind::kOutOfOrder);
  EXPECT_EQ(c.packets[3].rel_seq, 6u);
  EXPECT_EQ(c.packets[4].kind, SegmentKind::kInOrder);
}

TEST(TcpConversationTest, OverlappingSegmentAddsOnlyItsNewBytes) {
  std::vector<OwnedPacket> p = Handshake();
  p.push_back(FromClient(0.3, kP | kA, kClientData, kServerData).Payload("hello").Build());
  p.push_back(FromClient(0.4, kP | kA, kClientData + 3, kServerData).Payload("loworld").Build());
  p.push_back(FromServer(0.5, kA, kServerData, kClientData + 10).Build());
  const Trace trace = Analyze(std::move(p));
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(Orig(c).data, "helloworld");
  EXPECT_EQ(Orig(c).stream_bytes, 10u);
  EXPECT_EQ(Orig(c).overlaps, 1u);
  EXPECT_EQ(Orig(c).retransmissions, 0u);
  EXPECT_EQ(Orig(c).payload_bytes, 12u);
  EXPECT_EQ(Orig(c).zeek_bytes, 10u);
  ASSERT_EQ(c.packets.size(), 6u);
  EXPECT_EQ(c.packets[4].kind, SegmentKind::kPartialOverlap);
}

TEST(TcpConversationTest, SequenceWrapKeepsStreamIntact) {
  constexpr std::uint32_t kIsn = 0xFFFFFFF0u;
  constexpr std::string_view kFirst = "0123456789abcdefghij";  // crosses 2^32 after 15 bytes
  constexpr std::string_view kSecond = "KLMNOPQRST";
  constexpr std::uint32_t kSecondSeq = kIsn + 1u + static_cast<std::uint32_t>(kFirst.size());
  constexpr std::uint32_t kEnd = kSecondSeq + static_cast<std::uint32_t>(kSecond.size());
  static_assert(kSecondSeq == 5u && kEnd == 15u);  // wrapped past 2^32
  const Trace trace = Analyze({
      FromClient(0.0, kS, kIsn, 0).Build(),
      FromServer(0.1, kS | kA, kServerIsn, kIsn + 1).Build(),
      FromClient(0.2, kA, kIsn + 1, kServerData).Build(),
      FromClient(0.3, kP | kA, kIsn + 1, kServerData).Payload(kFirst).Build(),
      FromClient(0.4, kP | kA, kSecondSeq, kServerData).Payload(kSecond).Build(),
      FromServer(0.5, kA, kServerData, kEnd).Build(),
      FromClient(0.6, kF | kA, kEnd, kServerData).Build(),
      FromServer(0.7, kF | kA, kServerData, kEnd + 1).Build(),
      FromClient(0.8, kA, kEnd + 1, kServerData + 1).Build(),
  });
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(Orig(c).isn, kIsn);
  EXPECT_EQ(Orig(c).data, std::string(kFirst) + std::string(kSecond));
  EXPECT_EQ(Orig(c).stream_bytes, 30u);
  EXPECT_EQ(Orig(c).zeek_bytes, 30u);
  EXPECT_EQ(Orig(c).retransmissions, 0u);
  EXPECT_EQ(Orig(c).out_of_order, 0u);
  EXPECT_TRUE(Orig(c).gaps.empty());
  EXPECT_EQ(c.history, "ShADaFf");
  EXPECT_EQ(c.conn_state, "SF");
  ASSERT_EQ(c.packets.size(), 9u);
  EXPECT_EQ(c.packets[4].rel_seq, 1u + kFirst.size());
  EXPECT_EQ(c.packets[4].kind, SegmentKind::kInOrder);
  EXPECT_EQ(c.packets[5].rel_ack, 31u);
  EXPECT_EQ(Orig(c).states.back(), TcpState::kTimeWait);
}

TEST(TcpConversationTest, Ipv6ConnectionIsAnalysedLikeIpv4) {
  const Hosts v6{"fd00::1", "fd00::2"};
  std::vector<OwnedPacket> p = Exchange(v6);
  ClientClosesFirst(p, v6);
  const Trace trace = Analyze(std::move(p));
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_TRUE(c.orig.addr.is_v6());
  EXPECT_EQ(c.orig.addr.ToString(), "fd00::1");
  EXPECT_EQ(c.resp.addr.ToString(), "fd00::2");
  EXPECT_EQ(c.history, "ShADadFf");
  EXPECT_EQ(c.conn_state, "SF");
  EXPECT_EQ(Orig(c).data, kRequest);
  EXPECT_EQ(Resp(c).data, kResponse);
  EXPECT_EQ(Orig(c).syn_options.mss, 1460);
  EXPECT_EQ(c.handshake.ack_packet, 3u);
}

TEST(TcpConversationTest, MidStreamStartFromServerPortMakesClientTheOriginator) {
  const Trace trace = Analyze({
      FromServer(0.0, kP | kA, 7000, 3000).Payload("abc").Build(),
      FromClient(0.1, kA, 3000, 7003).Build(),
  });
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(c.originator_rule, OriginatorRule::kServerPort);
  EXPECT_EQ(c.orig.port, kClientPort);
  EXPECT_EQ(c.resp.port, kServerPort);
  EXPECT_EQ(c.history, "^dA");
  EXPECT_EQ(c.handshake.syn_packet, 0u);
  EXPECT_FALSE(Orig(c).syn_seen);
  EXPECT_EQ(Resp(c).data, "abc");
  EXPECT_EQ(Resp(c).stream_bytes, 3u);
  ASSERT_EQ(c.packets.size(), 2u);
  EXPECT_EQ(c.packets[0].dir, Direction::kResp);
  EXPECT_EQ(c.packets[0].rel_seq, 0u);  // no SYN: relative to the first segment
  EXPECT_EQ(c.packets[1].dir, Direction::kOrig);
  EXPECT_EQ(c.packets[1].rel_ack, 3u);
  EXPECT_EQ(Names(Orig(c).states), (std::vector<std::string>{"ESTABLISHED"}));
  EXPECT_EQ(Names(Resp(c).states), (std::vector<std::string>{"ESTABLISHED"}));
}

TEST(TcpConversationTest, MidStreamStartBetweenEphemeralPortsTakesFirstSender) {
  const Trace trace = Analyze({
      TcpPacket().From("10.0.0.2", 50000).To("10.0.0.1", 40000).Flags(kP | kA)
          .Seq(7000).Ack(3000).Payload("abc").At(0.0).Build(),
      TcpPacket().From("10.0.0.1", 40000).To("10.0.0.2", 50000).Flags(kA)
          .Seq(3000).Ack(7003).At(0.1).Build(),
  });
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(c.originator_rule, OriginatorRule::kFirstPacket);
  EXPECT_EQ(c.orig.addr.ToString(), "10.0.0.2");
  EXPECT_EQ(c.orig.port, 50000);
  EXPECT_EQ(c.resp.port, 40000);
  EXPECT_EQ(c.history, "Da");
  EXPECT_EQ(Orig(c).data, "abc");
}

// docs/zeek-compatibility.md, role flips: a SYN (no ACK) from the responder
// after the originator's SYN-ACK, at the sequence number that SYN-ACK
// acknowledged, means the SYN-ACK was captured first: the roles flip and
// the SYN's sender is the originator. Neither port is a likely server port.
TEST(TcpConversationTest, SynAckCapturedBeforeItsSynMakesSynSenderOriginator) {
  const Trace trace = Analyze({
      TcpPacket().From("10.0.0.2", 50000).To("10.0.0.1", 40000).Flags(kS | kA)
          .Seq(7000).Ack(3001).At(0.0).Build(),
      TcpPacket().From("10.0.0.1", 40000).To("10.0.0.2", 50000).Flags(kS)
          .Seq(3000).At(0.001).Build(),
      TcpPacket().From("10.0.0.1", 40000).To("10.0.0.2", 50000).Flags(kA)
          .Seq(3001).Ack(7001).At(0.1).Build(),
  });
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(c.orig.addr.ToString(), "10.0.0.1");
  EXPECT_EQ(c.orig.port, 40000);
  EXPECT_EQ(c.resp.port, 50000);
  EXPECT_EQ(c.conn_state, "S1");
  EXPECT_EQ(Orig(c).isn, 3000u);
  EXPECT_EQ(Resp(c).isn, 7000u);
  // OriginatorRule::kFirstSyn: "it sent the first SYN" (and a SYN was seen,
  // so not kFirstPacket's "no SYN seen").
  EXPECT_EQ(c.originator_rule, OriginatorRule::kFirstSyn);
  // Handshake: "0: not seen" -- all three packets were seen.
  EXPECT_EQ(c.handshake.syn_packet, 2u);
  EXPECT_EQ(c.handshake.syn_ack_packet, 1u);
  EXPECT_EQ(c.handshake.ack_packet, 3u);
  EXPECT_TRUE(c.handshake.complete());
}

TEST(TcpConversationTest, SnapLengthTruncatedSegmentLeavesGapWithExactCounts) {
  constexpr std::size_t kHeaders = 14 + 20 + 20;  // Ethernet, IPv4, TCP
  const std::string hundred(100, 'x');
  std::vector<OwnedPacket> p = Handshake();
  p.push_back(FromClient(0.3, kP | kA, kClientData, kServerData).Payload(hundred)
                  .TruncateTo(kHeaders + 40).Build());
  p.push_back(FromClient(0.4, kP | kA, kClientData + 100, kServerData).Payload("0123456789").Build());
  p.push_back(FromServer(0.5, kA, kServerData, kClientData + 110).Build());
  const Trace trace = Analyze(std::move(p));
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(trace.stats.packets, 6u);
  EXPECT_EQ(trace.stats.decoded, 6u);
  EXPECT_EQ(trace.stats.decode.skipped(), 0u);
  EXPECT_EQ(Orig(c).packets, 4u);
  EXPECT_EQ(Orig(c).payload_bytes, 110u);  // as the headers state it
  EXPECT_EQ(Orig(c).stream_bytes, 110u);
  EXPECT_EQ(Orig(c).data, std::string(40, 'x') + "0123456789");
  ASSERT_EQ(Orig(c).gaps.size(), 1u);
  EXPECT_EQ(Orig(c).gaps[0].offset, 40u);
  EXPECT_EQ(Orig(c).gaps[0].length, 60u);
  EXPECT_EQ(Orig(c).zeek_bytes, 110u);
  // Zeek skips a truncated payload entirely; the ACK then reveals 100 missed bytes.
  EXPECT_EQ(c.missed_bytes, 100u);
  EXPECT_NE(c.history.find('G'), std::string::npos) << c.history;
}

TEST(TcpConversationTest, ZeroWindowAckIsCounted) {
  std::vector<OwnedPacket> p = Handshake();
  p.push_back(FromClient(0.3, kP | kA, kClientData, kServerData).Payload("hello").Build());
  p.push_back(FromServer(0.4, kA, kServerData, kClientData + 5).Window(0).Build());
  const Trace trace = Analyze(std::move(p));
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(Resp(c).zero_windows, 1u);
  EXPECT_EQ(Orig(c).zero_windows, 0u);
  EXPECT_NE(c.history.find('w'), std::string::npos) << c.history;
  ASSERT_EQ(c.packets.size(), 5u);
  EXPECT_EQ(c.packets[4].window, 0);
}

TEST(TcpConversationTest, DataOnThirdHandshakePacketIsNotBeforeComplete) {
  std::vector<OwnedPacket> p = Handshake();
  p.pop_back();
  p.push_back(FromClient(0.2, kP | kA, kClientData, kServerData).Payload("hi").Build());
  const Trace trace = Analyze(std::move(p));
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(c.handshake.ack_packet, 3u);
  EXPECT_FALSE(c.handshake.data_before_complete);
  EXPECT_EQ(Orig(c).data, "hi");
}

}  // namespace
}  // namespace wirecheck::capture
