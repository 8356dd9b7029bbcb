// RFC 793 states of both endpoints, from the segments a capture sees.

#include "capture/tcp_state_machine.h"

#include <gtest/gtest.h>

#include <vector>

namespace wirecheck::capture {
namespace {

using S = TcpState;
constexpr Direction kA = Direction::kOrig;
constexpr Direction kB = Direction::kResp;

DecodedPacket Seg(std::uint8_t flags, std::uint32_t seq, std::uint32_t ack, std::uint32_t len = 0) {
  DecodedPacket p;
  p.flags = flags;
  p.seq = seq;
  p.ack = ack;
  p.payload_length = len;
  return p;
}

constexpr std::uint8_t kSyn = tcp_flag::kSyn, kAck = tcp_flag::kAck, kFin = tcp_flag::kFin,
                       kRst = tcp_flag::kRst;

// A: ISN 100, B: ISN 500. Handshake + 5 bytes each way.
void Open(TcpStateMachine& m) {
  m.OnSegment(kA, Seg(kSyn, 100, 0));
  m.OnSegment(kB, Seg(kSyn | kAck, 500, 101));
  m.OnSegment(kA, Seg(kAck, 101, 501));
  m.OnSegment(kA, Seg(kAck, 101, 501, 5));
  m.OnSegment(kB, Seg(kAck, 501, 106, 5));
}

TEST(TcpStateMachineTest, HandshakeEstablishesBothEnds) {
  TcpStateMachine m;
  Open(m);
  EXPECT_EQ(m.path(kA), (std::vector<S>{S::kSynSent, S::kEstablished}));
  EXPECT_EQ(m.path(kB), (std::vector<S>{S::kListen, S::kSynReceived, S::kEstablished}));
}

TEST(TcpStateMachineTest, ActiveCloseGoesThroughTimeWaitPassiveThroughLastAck) {
  TcpStateMachine m;
  Open(m);
  m.OnSegment(kA, Seg(kFin | kAck, 106, 506));   // A closes first
  m.OnSegment(kB, Seg(kAck, 506, 107));          // B acks A's FIN
  m.OnSegment(kB, Seg(kFin | kAck, 506, 107));   // B closes
  m.OnSegment(kA, Seg(kAck, 107, 507));          // A acks B's FIN
  EXPECT_EQ(m.path(kA), (std::vector<S>{S::kSynSent, S::kEstablished, S::kFinWait1,
                                        S::kFinWait2, S::kTimeWait}));
  EXPECT_EQ(m.path(kB), (std::vector<S>{S::kListen, S::kSynReceived, S::kEstablished,
                                        S::kCloseWait, S::kLastAck, S::kClosed}));
  EXPECT_FALSE(m.simultaneous_close());
}

TEST(TcpStateMachineTest, FinAckedTogetherWithPeerFinSkipsFinWait2) {
  TcpStateMachine m;
  Open(m);
  m.OnSegment(kB, Seg(kFin | kAck, 506, 106));   // server closes first
  m.OnSegment(kA, Seg(kFin | kAck, 106, 507));   // client's FIN acks it
  m.OnSegment(kB, Seg(kAck, 507, 107));
  EXPECT_EQ(m.state(kB), S::kTimeWait);
  EXPECT_EQ(m.path(kB).back(), S::kTimeWait);
  EXPECT_EQ(m.path(kA), (std::vector<S>{S::kSynSent, S::kEstablished, S::kCloseWait,
                                        S::kLastAck, S::kClosed}));
}

TEST(TcpStateMachineTest, SimultaneousCloseGoesThroughClosingOnBothSides) {
  TcpStateMachine m;
  Open(m);
  m.OnSegment(kA, Seg(kFin | kAck, 106, 506));
  m.OnSegment(kB, Seg(kFin | kAck, 506, 106));   // sent before A's FIN arrived: acks 106, not 107
  m.OnSegment(kA, Seg(kAck, 107, 507));
  m.OnSegment(kB, Seg(kAck, 507, 107));
  EXPECT_TRUE(m.simultaneous_close());
  const std::vector<S> expected{S::kFinWait1, S::kClosing, S::kTimeWait};
  for (Direction d : {kA, kB}) {
    const auto& path = m.path(d);
    ASSERT_GE(path.size(), 3u);
    EXPECT_EQ(std::vector<S>(path.end() - 3, path.end()), expected) << (d == kA ? "A" : "B");
  }
}

TEST(TcpStateMachineTest, RefusedConnectionLeavesResponderClosed) {
  TcpStateMachine m;
  m.OnSegment(kA, Seg(kSyn, 100, 0));
  m.OnSegment(kB, Seg(kRst | kAck, 0, 101));
  EXPECT_EQ(m.path(kA), (std::vector<S>{S::kSynSent, S::kClosed}));
  EXPECT_EQ(m.path(kB), (std::vector<S>{S::kClosed}));
}

TEST(TcpStateMachineTest, ResetClosesBothEnds) {
  TcpStateMachine m;
  Open(m);
  m.OnSegment(kB, Seg(kRst | kAck, 506, 106));
  EXPECT_EQ(m.state(kA), S::kClosed);
  EXPECT_EQ(m.state(kB), S::kClosed);
}

TEST(TcpStateMachineTest, MidStreamStartInfersEstablished) {
  TcpStateMachine m;
  m.OnSegment(kA, Seg(kAck, 1000, 2000, 10));
  EXPECT_EQ(m.path(kA), (std::vector<S>{S::kEstablished}));
  EXPECT_EQ(m.path(kB), (std::vector<S>{S::kEstablished}));
}

TEST(TcpStateMachineTest, LongPathKeepsEveryStateInOrder) {
  // Past the states kept in place, the path goes on in order.
  TcpStateMachine m;
  std::vector<S> expected;
  for (std::uint32_t i = 0; i < 12; ++i) {
    m.OnSegment(kA, Seg(kSyn, 100 + i, 0));
    m.OnSegment(kA, Seg(kRst, 101 + i, 0));
    expected.push_back(S::kSynSent);
    expected.push_back(S::kClosed);
  }
  EXPECT_EQ(m.path(kA), expected);
  EXPECT_EQ(m.state(kA), S::kClosed);
  m.Swap();
  EXPECT_EQ(m.TakePath(kB), expected);
}

TEST(TcpStateMachineTest, SwapExchangesTheEndpoints) {
  TcpStateMachine m;
  m.OnSegment(kA, Seg(kSyn, 100, 0));
  m.Swap();
  EXPECT_EQ(m.state(kB), S::kSynSent);
  EXPECT_TRUE(m.path(kA).empty());
}

}  // namespace
}  // namespace wirecheck::capture
