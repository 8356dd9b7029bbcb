// Specifications of ZeekTcp against Zeek's own rules (TCPSessionAdapter.cc,
// TCP_Endpoint.cc, TCP_Reassembler.cc, conn/main.zeek). Expected histories
// and states are what Zeek logs for these packet sequences.

#include "capture/zeek_tcp.h"

#include <array>
#include <chrono>

#include <gtest/gtest.h>

namespace wirecheck::capture {
namespace {

using namespace std::chrono_literals;

constexpr std::uint8_t kS = tcp_flag::kSyn, kA = tcp_flag::kAck, kF = tcp_flag::kFin,
                       kR = tcp_flag::kRst, kP = tcp_flag::kPsh;
constexpr std::uint16_t kClientPort = 40000, kServerPort = 80;
const std::array<std::uint8_t, 2048> kZeros{};

Timestamp At(double seconds) {
  return Timestamp{static_cast<std::int64_t>(seconds * 1e9)};
}

/// One segment; `from_client` decides the ports (client 40000, server 80).
DecodedPacket Seg(double t, bool from_client, std::uint8_t flags, std::uint32_t seq,
                  std::uint32_t ack, std::uint32_t len = 0, std::uint16_t window = 65535) {
  DecodedPacket p;
  p.ts = At(t);
  p.transport = Transport::kTcp;
  p.src_port = from_client ? kClientPort : kServerPort;
  p.dst_port = from_client ? kServerPort : kClientPort;
  p.flags = flags;
  p.seq = seq;
  p.ack = ack;
  p.window = window;
  p.payload_length = len;
  p.payload = std::span<const std::uint8_t>(kZeros.data(), len);
  return p;
}

/// Client ISN 100, server ISN 500; handshake at t = 0, 0.1, 0.2.
ZeekTcp Handshake() {
  ZeekTcp c(Seg(0.0, true, kS, 100, 0), false);
  c.Deliver(false, Seg(0.1, false, kS | kA, 500, 101));
  c.Deliver(true, Seg(0.2, true, kA, 101, 501));
  return c;
}

TEST(ZeekTcpTest, NormalConnectionIsShADadFfSF) {
  ZeekTcp c = Handshake();
  c.Deliver(true, Seg(0.3, true, kA | kP, 101, 501, 10));
  c.Deliver(false, Seg(0.4, false, kA, 501, 111));
  c.Deliver(false, Seg(0.5, false, kA | kP, 501, 111, 20));
  c.Deliver(true, Seg(0.6, true, kA, 111, 521));
  c.Deliver(true, Seg(0.7, true, kF | kA, 111, 521));
  c.Deliver(false, Seg(0.8, false, kF | kA, 521, 112));
  c.Deliver(true, Seg(0.9, true, kA, 112, 522));
  EXPECT_EQ(c.history(), "ShADadFf");
  EXPECT_EQ(c.conn_state(), "SF");
  EXPECT_EQ(c.bytes(true), 10u);
  EXPECT_EQ(c.bytes(false), 20u);
  EXPECT_EQ(c.missed_bytes(), 0u);
}

TEST(ZeekTcpTest, SynAnsweredByRstIsREJ) {
  ZeekTcp c(Seg(0.0, true, kS, 100, 0), false);
  c.Deliver(false, Seg(0.1, false, kR | kA, 0, 101));
  EXPECT_EQ(c.history(), "Sr");
  EXPECT_EQ(c.conn_state(), "REJ");
}

TEST(ZeekTcpTest, RstFromOriginatorIsRSTO) {
  ZeekTcp c = Handshake();
  c.Deliver(true, Seg(0.3, true, kR | kA, 101, 501));
  EXPECT_EQ(c.history(), "ShAR");
  EXPECT_EQ(c.conn_state(), "RSTO");
}

TEST(ZeekTcpTest, RstFromResponderIsRSTR) {
  ZeekTcp c = Handshake();
  c.Deliver(false, Seg(0.3, false, kR | kA, 501, 101));
  EXPECT_EQ(c.history(), "ShAr");
  EXPECT_EQ(c.conn_state(), "RSTR");
}

TEST(ZeekTcpTest, UnansweredSynIsS0AndExpiresAfterAttemptDelay) {
  ZeekTcp c(Seg(10.0, true, kS, 100, 0), false);
  EXPECT_EQ(c.history(), "S");
  EXPECT_EQ(c.conn_state(), "S0");
  EXPECT_EQ(c.ExpiresAt(), At(10.0) + 5s);  // tcp_attempt_delay
}

TEST(ZeekTcpTest, EstablishedNotClosedIsS1AndExpiresAfterInactivity) {
  ZeekTcp c = Handshake();
  EXPECT_EQ(c.history(), "ShA");
  EXPECT_EQ(c.conn_state(), "S1");
  EXPECT_EQ(c.ExpiresAt(), At(0.2) + 300s);  // tcp_inactivity_timeout
}

TEST(ZeekTcpTest, OriginatorFinWithSilentResponderIsSH) {
  ZeekTcp c(Seg(0.0, true, kS, 100, 0), false);
  c.Deliver(true, Seg(0.1, true, kF, 101, 0));
  EXPECT_EQ(c.history(), "SF");
  EXPECT_EQ(c.conn_state(), "SH");
  EXPECT_EQ(c.ExpiresAt(), At(0.1) + 5s);  // closed: tcp_close_delay
}

TEST(ZeekTcpTest, ResponderFinWithSilentOriginatorIsSHR) {
  // Mid-stream start from port 80: Zeek makes port 80 the responder.
  const DecodedPacket first = Seg(0.0, false, kF | kA, 500, 101);
  ASSERT_FALSE(ZeekTcp::SenderIsOriginator(first));
  ZeekTcp c(first, true);
  EXPECT_EQ(c.history(), "^f");
  EXPECT_EQ(c.conn_state(), "SHR");
}

TEST(ZeekTcpTest, OnlyOriginatorClosedIsS2AndOnlyResponderClosedIsS3) {
  ZeekTcp s2 = Handshake();
  s2.Deliver(true, Seg(0.3, true, kF | kA, 101, 501));
  EXPECT_EQ(s2.history(), "ShAF");
  EXPECT_EQ(s2.conn_state(), "S2");
  ZeekTcp s3 = Handshake();
  s3.Deliver(false, Seg(0.3, false, kF | kA, 501, 101));
  EXPECT_EQ(s3.history(), "ShAf");
  EXPECT_EQ(s3.conn_state(), "S3");
}

TEST(ZeekTcpTest, SynThenOriginatorRstIsRSTOS0) {
  ZeekTcp c(Seg(0.0, true, kS, 100, 0), false);
  c.Deliver(true, Seg(0.1, true, kR, 101, 0));
  EXPECT_EQ(c.history(), "SR");
  EXPECT_EQ(c.conn_state(), "RSTOS0");
}

TEST(ZeekTcpTest, SynAckThenResponderRstIsRSTRH) {
  ZeekTcp c(Seg(0.0, false, kS | kA, 500, 101), true);
  c.Deliver(false, Seg(0.1, false, kR, 501, 0));
  EXPECT_EQ(c.history(), "^hr");
  EXPECT_EQ(c.conn_state(), "RSTRH");
}

TEST(ZeekTcpTest, MidStreamDataBothWaysIsOTH) {
  const DecodedPacket first = Seg(0.0, true, kA | kP, 1000, 2000, 10);
  ASSERT_TRUE(ZeekTcp::SenderIsOriginator(first));
  ZeekTcp c(first, false);
  c.Deliver(false, Seg(0.1, false, kA | kP, 2000, 1010, 10));
  EXPECT_EQ(c.history(), "Dd");
  EXPECT_EQ(c.conn_state(), "OTH");
}

TEST(ZeekTcpTest, RetransmissionsAddTAtFirstTenthAndHundredth) {
  ZeekTcp c = Handshake();
  c.Deliver(true, Seg(0.3, true, kA | kP, 101, 501, 10));
  double t = 0.4;
  auto retransmit = [&](int n) {
    for (int i = 0; i < n; ++i) c.Deliver(true, Seg(t += 0.001, true, kA | kP, 101, 501, 10));
  };
  retransmit(1);
  EXPECT_EQ(c.history(), "ShADT");
  retransmit(8);  // 9 in all
  EXPECT_EQ(c.history(), "ShADT");
  retransmit(1);  // the 10th
  EXPECT_EQ(c.history(), "ShADTT");
  retransmit(89);  // 99
  EXPECT_EQ(c.history(), "ShADTT");
  retransmit(1);  // the 100th
  EXPECT_EQ(c.history(), "ShADTTT");
  EXPECT_EQ(c.bytes(true), 10u);  // sequence space, not summed payloads
}

TEST(ZeekTcpTest, ZeroWindowAddsWInTheSendersCaseAndRepeatsAtTen) {
  ZeekTcp c = Handshake();
  for (int i = 0; i < 10; ++i) c.Deliver(false, Seg(0.3 + i * 0.01, false, kA, 501, 101, 0, 0));
  EXPECT_EQ(c.history(), "ShAaww");
}

TEST(ZeekTcpTest, ZeroWindowAfterPeersFinIsNotRecorded) {
  ZeekTcp c = Handshake();
  c.Deliver(true, Seg(0.3, true, kF | kA, 101, 501));
  c.Deliver(false, Seg(0.4, false, kA, 501, 102, 0, 0));
  EXPECT_EQ(c.history(), "ShAFa");
}

TEST(ZeekTcpTest, SynFinIsQAndFinRstIsI) {
  ZeekTcp q(Seg(0.0, true, kS | kF, 100, 0), false);
  EXPECT_EQ(q.history(), "Q");
  ZeekTcp i = Handshake();
  i.Deliver(true, Seg(0.3, true, kF | kR | kA, 101, 501));
  EXPECT_EQ(i.history(), "ShAI");
}

TEST(ZeekTcpTest, FinAndRstRepeatOnlyAtANewSequenceNumber) {
  ZeekTcp f = Handshake();
  f.Deliver(true, Seg(0.3, true, kF | kA, 101, 501));
  f.Deliver(true, Seg(0.4, true, kF | kA, 101, 501));  // same FIN again
  EXPECT_EQ(f.history(), "ShAF");
  f.Deliver(true, Seg(0.5, true, kF | kA, 101, 501, 5));  // FIN now after 5 bytes
  EXPECT_EQ(f.history(), "ShAFF");
  ZeekTcp r = Handshake();
  r.Deliver(true, Seg(0.3, true, kR, 101, 0));
  r.Deliver(true, Seg(0.4, true, kR, 101, 0));
  r.Deliver(true, Seg(0.5, true, kR, 300, 0));
  EXPECT_EQ(r.history(), "ShARR");
}

TEST(ZeekTcpTest, SynAtANewSequenceNumberAfterAResetAddsASecondS) {
  ZeekTcp c(Seg(0.0, true, kS, 100, 0), false);
  c.Deliver(true, Seg(0.1, true, kR, 101, 0));
  c.Deliver(true, Seg(0.2, true, kS, 200, 0));
  EXPECT_EQ(c.history(), "SRS");
}

TEST(ZeekTcpTest, SynRetransmittedIsNoReuseButANewIsnIs) {
  ZeekTcp c(Seg(0.0, true, kS, 100, 0), false);
  EXPECT_FALSE(c.IsReuse(true, Seg(1.0, true, kS, 100, 0)));
  EXPECT_TRUE(c.IsReuse(true, Seg(1.0, true, kS, 7000, 0)));
  c.Deliver(true, Seg(1.0, true, kS, 100, 0));
  EXPECT_EQ(c.history(), "S");
}

TEST(ZeekTcpTest, NewSynAfterCloseIsReuse) {
  ZeekTcp c = Handshake();
  c.Deliver(true, Seg(0.3, true, kF | kA, 101, 501));
  c.Deliver(false, Seg(0.4, false, kF | kA, 501, 102));
  c.Deliver(true, Seg(0.5, true, kA, 102, 502));
  EXPECT_EQ(c.conn_state(), "SF");
  EXPECT_TRUE(c.IsReuse(true, Seg(1.0, true, kS, 9000, 0)));
  EXPECT_FALSE(c.IsReuse(true, Seg(1.0, true, kA, 102, 502)));  // only SYNs start anew
  // tcp_close_delay after the last activity when the close completed (0.4);
  // the final ACK comes after both FINs and is no activity for Zeek.
  EXPECT_EQ(c.ExpiresAt(), At(0.4) + 5s);
}

TEST(ZeekTcpTest, SynAckFirstFromServerPortFlipsAtStart) {
  const DecodedPacket first = Seg(0.0, false, kS | kA, 500, 101);
  ASSERT_FALSE(ZeekTcp::SenderIsOriginator(first));
  ZeekTcp c(first, true);
  EXPECT_FALSE(c.Deliver(true, Seg(0.1, true, kA, 101, 501)));
  EXPECT_EQ(c.history(), "^hA");
  EXPECT_EQ(c.conn_state(), "S1");
}

TEST(ZeekTcpTest, SynFromResponderAfterSynAckFlipsMidConnection) {
  // Neither port is a likely server port: the SYN-ACK's sender stays orig.
  DecodedPacket first = Seg(0.0, false, kS | kA, 500, 101);
  first.src_port = 50000;
  ASSERT_TRUE(ZeekTcp::SenderIsOriginator(first));
  ZeekTcp c(first, false);
  DecodedPacket syn = Seg(0.001, true, kS, 100, 0);
  syn.dst_port = 50000;
  ASSERT_FALSE(c.IsReuse(false, syn));
  EXPECT_TRUE(c.Deliver(false, syn));
  EXPECT_EQ(c.history(), "Hs^");
}

/// `p` between other ports than Seg()'s 40000/80.
DecodedPacket Ports(DecodedPacket p, std::uint16_t src, std::uint16_t dst) {
  p.src_port = src;
  p.dst_port = dst;
  return p;
}

TEST(ZeekTcpTest, AckAfterALoneSynAckFlipsAsIfAtTheStart) {
  // Zeek baseline core.tcp.flip-without-syn (http-on-irc-port-missing-syn):
  // the SYN-ACK comes from 80 to 6669, both likely server ports, so it is not
  // flipped at the start; the client's ACK right after it flips the roles
  // (zeek/zeek PR #2191) and the history reads "^hADadFf", SF.
  const DecodedPacket first = Ports(Seg(0.0, false, kS | kA, 500, 101), 80, 6669);
  ASSERT_TRUE(ZeekTcp::SenderIsOriginator(first));
  ZeekTcp c(first, false);
  EXPECT_TRUE(c.Deliver(false, Ports(Seg(0.1, true, kA, 101, 501), 6669, 80)));
  // From here on the client is the originator.
  EXPECT_FALSE(c.Deliver(true, Ports(Seg(0.2, true, kA | kP, 101, 501, 10), 6669, 80)));
  c.Deliver(false, Ports(Seg(0.3, false, kA, 501, 111), 80, 6669));
  c.Deliver(false, Ports(Seg(0.4, false, kA | kP, 501, 111, 20), 80, 6669));
  c.Deliver(true, Ports(Seg(0.5, true, kF | kA, 111, 521), 6669, 80));
  c.Deliver(false, Ports(Seg(0.6, false, kF | kA, 521, 112), 80, 6669));
  EXPECT_EQ(c.history(), "^hADadFf");
  EXPECT_EQ(c.conn_state(), "SF");
  EXPECT_EQ(c.bytes(true), 10u);
  EXPECT_EQ(c.bytes(false), 20u);
}

TEST(ZeekTcpTest, AckFromTheSynAckSenderAlsoFlips) {
  // one-sided-2745.pcap in zeek/zeek PR #5047: only the server (2745) is
  // captured; its ACK after its SYN-ACK flips the connection: "^haf".
  ZeekTcp c(Ports(Seg(0.0, false, kS | kA, 500, 101), 2745, 1433), false);
  EXPECT_TRUE(c.Deliver(true, Ports(Seg(0.1, false, kA, 501, 101), 2745, 1433)));
  EXPECT_FALSE(c.Deliver(false, Ports(Seg(0.2, false, kF | kA, 501, 101), 2745, 1433)));
  EXPECT_EQ(c.history(), "^haf");
}

TEST(ZeekTcpTest, RstAfterALoneSynAckDoesNotFlip) {
  // A stealth scan's SYN-ACK answered by a RST keeps its roles: REJ.
  ZeekTcp c(Ports(Seg(0.0, false, kS | kA, 500, 101), 50000, 60000), false);
  EXPECT_FALSE(c.Deliver(false, Ports(Seg(0.1, true, kR, 101, 0), 60000, 50000)));
  EXPECT_EQ(c.history(), "Hr");
  EXPECT_EQ(c.conn_state(), "REJ");
}

TEST(ZeekTcpTest, AckBeyondTheDataSeenIsAGap) {
  ZeekTcp c = Handshake();
  c.Deliver(true, Seg(0.3, true, kA | kP, 101, 501, 10));
  c.Deliver(false, Seg(0.4, false, kA, 501, 131));  // acks 20 bytes never seen
  EXPECT_EQ(c.history(), "ShADaG");
  EXPECT_EQ(c.missed_bytes(), 20u);
  EXPECT_EQ(c.bytes(true), 30u);  // Zeek's Size(): up to the highest ack
}

TEST(ZeekTcpTest, OutOfOrderDataFilledLaterIsNoGapButIsARetransmissionForZeek) {
  ZeekTcp c = Handshake();
  c.Deliver(true, Seg(0.3, true, kA | kP, 111, 501, 10));
  c.Deliver(true, Seg(0.4, true, kA | kP, 101, 501, 10));
  c.Deliver(false, Seg(0.5, false, kA, 501, 121));
  EXPECT_EQ(c.missed_bytes(), 0u);
  // Zeek's 'T' is data that does not advance the highest sequence number.
  EXPECT_EQ(c.history(), "ShADTa");
}

TEST(ZeekTcpTest, GapOnlyCountsWhileBothSidesAreEstablished) {
  // Client data seen from mid-stream: the endpoints are partial, not clean.
  ZeekTcp c(Seg(0.0, true, kA | kP, 1000, 2000, 10), false);
  c.Deliver(false, Seg(0.1, false, kA, 2000, 1100));
  EXPECT_EQ(c.missed_bytes(), 0u);
  EXPECT_EQ(c.history(), "Da");
}

TEST(ZeekTcpTest, RstAfterBothFinsRevealingUnseenDataAddsAGapAfterTheR) {
  // TCP_Reassembler::Gap records 'G' only while both endpoints are
  // established or closed from established; a RST after both FINs leaves
  // the states CLOSED (UpdateClosedState), and the RST's ack is still given
  // to AckReceived after the state machine: the gap it reveals is a 'G'
  // right after the 'r', and counts in missed_bytes.
  ZeekTcp c = Handshake();
  c.Deliver(true, Seg(0.3, true, kA | kP, 101, 501, 10));
  // 20 bytes at 111 are not captured; the FIN follows them.
  c.Deliver(true, Seg(0.4, true, kF | kA, 131, 501));
  c.Deliver(false, Seg(0.5, false, kF | kA, 501, 111));
  c.Deliver(false, Seg(0.6, false, kR | kA, 502, 132));
  EXPECT_EQ(c.history(), "ShADFfrG");
  EXPECT_EQ(c.missed_bytes(), 20u);
  EXPECT_EQ(c.conn_state(), "SF");
}

TEST(ZeekTcpTest, FinRevealingUnseenDataIsAGapAfterTheF) {
  // A FIN leaves its sender CLOSED with prev_state ESTABLISHED: still clean.
  ZeekTcp c = Handshake();
  c.Deliver(true, Seg(0.3, true, kA | kP, 101, 501, 10));
  c.Deliver(false, Seg(0.4, false, kF | kA, 501, 131));
  EXPECT_EQ(c.history(), "ShADfG");
  EXPECT_EQ(c.missed_bytes(), 20u);
}

TEST(ZeekTcpTest, RstOnAnEstablishedConnectionHidesTheGapItReveals) {
  // The RST moves its sender to RESET before its ack is looked at: not clean.
  ZeekTcp c = Handshake();
  c.Deliver(true, Seg(0.3, true, kA | kP, 101, 501, 10));
  c.Deliver(false, Seg(0.4, false, kR | kA, 501, 131));
  EXPECT_EQ(c.history(), "ShADr");
  EXPECT_EQ(c.missed_bytes(), 0u);
  EXPECT_EQ(c.conn_state(), "RSTR");
}

TEST(ZeekTcpTest, RstJumpingPastUnseenDataIsNoGapButCountsInTheSize) {
  // update_last_seq runs before the state machine: the RST's sequence number
  // (less than TOO_LARGE_SEQ_DELTA ahead) moves last_seq, so Size() counts
  // the bytes it skipped; no ack revealed them, so there is no gap.
  ZeekTcp c = Handshake();
  c.Deliver(true, Seg(0.3, true, kA | kP, 101, 501, 10));
  c.Deliver(true, Seg(0.4, true, kR | kA, 200, 501));
  EXPECT_EQ(c.history(), "ShADR");
  EXPECT_EQ(c.missed_bytes(), 0u);
  EXPECT_EQ(c.bytes(true), 99u);
}

TEST(ZeekTcpTest, TruncatedPayloadIsNotSeenData) {
  ZeekTcp c = Handshake();
  DecodedPacket cut = Seg(0.3, true, kA | kP, 101, 501, 100);
  cut.payload = cut.payload.first(40);  // snap length cut it
  c.Deliver(true, cut);
  c.Deliver(false, Seg(0.4, false, kA, 501, 201));
  EXPECT_EQ(c.missed_bytes(), 100u);
  EXPECT_EQ(c.history(), "ShADaG");
}

TEST(ZeekTcpTest, LaterPacketsAfterBothClosedDoNotExtendTheDuration) {
  ZeekTcp c = Handshake();
  c.Deliver(true, Seg(0.3, true, kF | kA, 101, 501));
  c.Deliver(false, Seg(0.4, false, kF | kA, 501, 102));
  c.Deliver(true, Seg(0.9, true, kA, 102, 502));
  EXPECT_EQ(c.last_time(), At(0.4));
}

}  // namespace
}  // namespace wirecheck::capture
