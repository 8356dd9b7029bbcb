// Specifications of the frozen form of a TCP conversation (frozen_tcp.h,
// state_packer.h): a conversation frozen and thawed, at its close or after
// any packet, goes on exactly as one never frozen: late packets give the
// same Zeek history, conn_state and every other field.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "capture/analyzer.h"
#include "capture/decoder.h"
#include "capture/memory_source.h"
#include "capture/state_packer.h"
#include "capture/tcp_conversation.h"
#include "tests/support/link_framing.h"
#include "tests/support/packet_builder.h"

namespace wirecheck::capture {
namespace {

using wirecheck::testing::TcpPacket;

constexpr std::uint8_t kS = tcp_flag::kSyn, kA = tcp_flag::kAck, kF = tcp_flag::kFin,
                       kR = tcp_flag::kRst, kP = tcp_flag::kPsh;
constexpr std::uint32_t kC = 1001, kSv = 5001;  // each side's first data byte

TcpPacket FromClient(double t, std::uint8_t flags, std::uint32_t seq, std::uint32_t ack) {
  return TcpPacket().From("10.0.0.1", 40000).To("10.0.0.2", 80).Flags(flags).Seq(seq).Ack(ack).At(t);
}
TcpPacket FromServer(double t, std::uint8_t flags, std::uint32_t seq, std::uint32_t ack) {
  return TcpPacket().From("10.0.0.2", 80).To("10.0.0.1", 40000).Flags(flags).Seq(seq).Ack(ack).At(t);
}

/// A whole exchange that ends closed (both FINs acknowledged) at packet 8.
std::vector<TcpPacket> ClosedExchange() {
  return {
      FromClient(0.0, kS, kC - 1, 0).Mss(1460).SackPermitted().Timestamps(7, 0).WindowScale(7),
      FromServer(0.1, kS | kA, kSv - 1, kC).Mss(1400).WindowScale(9),
      FromClient(0.2, kA, kC, kSv),
      FromClient(0.3, kP | kA, kC, kSv).Payload("ping"),
      FromServer(0.4, kP | kA, kSv, kC + 4).Payload("pong"),
      FromClient(0.5, kF | kA, kC + 4, kSv + 4),
      FromServer(0.6, kF | kA, kSv + 4, kC + 5),
      FromClient(0.7, kA, kC + 5, kSv + 5),
  };
}

/// Feeds `packets` to one conversation and returns its result. After each
/// packet i (0-based) for which freeze(i, conversation) is true, the
/// conversation is frozen and replaced by its thawed self, which must pack
/// to the same bytes again.
Conversation Feed(const std::vector<TcpPacket>& packets, const AnalyzerOptions& options,
                 const std::function<bool(std::size_t, const TcpConversation&)>& freeze) {
  std::optional<TcpConversation> conv;
  std::vector<std::uint8_t> scratch, again;
  for (std::size_t i = 0; i < packets.size(); ++i) {
    const OwnedPacket owned = packets[i].Build();
    const RawPacket raw = testing::AsRawPacket(owned);
    DecodedPacket p;
    EXPECT_EQ(Decode(raw, &p), DecodeResult::kOk);
    p.number = i + 1;
    p.ts = raw.ts;
    if (!conv) {
      conv.emplace(1, p, options);
    } else {
      conv->Add(p);
    }
    if (!freeze(i, *conv)) continue;
    const FrozenTcp frozen = conv->Freeze(&scratch);
    conv.emplace(frozen, options);
    const FrozenTcp refrozen = conv->Freeze(&again);
    EXPECT_TRUE(std::ranges::equal(frozen.bytes(), refrozen.bytes())) << "after packet " << i + 1;
    EXPECT_EQ(frozen.ExpiresAt(), refrozen.ExpiresAt());
  }
  return conv->Finish();
}

bool Never(std::size_t, const TcpConversation&) { return false; }
bool Always(std::size_t, const TcpConversation&) { return true; }
bool WhenClosed(std::size_t, const TcpConversation& c) { return c.Finished(); }

void ExpectSame(const Conversation& frozen, const Conversation& plain) {
  EXPECT_EQ(frozen.history, plain.history);
  EXPECT_EQ(frozen.conn_state, plain.conn_state);
  EXPECT_EQ(frozen.zeek_last_ts, plain.zeek_last_ts);
  EXPECT_EQ(frozen.dir[0].packets, plain.dir[0].packets);
  EXPECT_EQ(frozen.dir[1].packets, plain.dir[1].packets);
  EXPECT_EQ(frozen.dir[1].states, plain.dir[1].states);
  EXPECT_TRUE(frozen == plain) << "a field differs";
}

TEST(FrozenTcpTest, LatePacketsAfterTheCloseGiveWhatTheyGaveUnfrozen) {
  std::vector<TcpPacket> packets = ClosedExchange();
  packets.push_back(FromServer(1.0, kF | kA, kSv + 4, kC + 5));  // retransmitted FIN
  packets.push_back(FromClient(1.5, kP | kA, kC + 5, kSv + 5).Payload("late"));
  packets.push_back(FromClient(2.0, kR, kC + 9, 0));
  const AnalyzerOptions options;
  const Conversation plain = Feed(packets, options, Never);
  const Conversation frozen = Feed(packets, options, WhenClosed);
  // The late packets changed the result: freezing must not have lost them.
  EXPECT_NE(plain.history, Feed(ClosedExchange(), options, Never).history);
  EXPECT_EQ(plain.dir[0].packets, 7u);
  ExpectSame(frozen, plain);
}

TEST(FrozenTcpTest, FreezingAfterEveryPacketChangesNothing) {
  // Reordered, lost, retransmitted and overlapping data on both sides, so
  // that held segments, gaps, kept bytes and records are all in the state.
  const std::vector<TcpPacket> packets = {
      FromClient(0.0, kS, kC - 1, 0).Mss(1460).Timestamps(7, 0),
      FromServer(0.1, kS | kA, kSv - 1, kC).Mss(1400),
      FromClient(0.2, kA, kC, kSv),
      FromClient(0.3, kP | kA, kC + 4, kSv).Payload("BBBB"),   // before its hole
      FromClient(0.31, kP | kA, kC + 12, kSv).Payload("DDDD"), // a hole never filled
      FromClient(0.32, kP | kA, kC, kSv).Payload("AAAA"),       // fills the first hole
      FromClient(0.33, kP | kA, kC + 2, kSv).Payload("AABB"),   // overlap
      FromServer(0.4, kA, kSv, kC + 16),                        // acks past the hole
      FromServer(0.5, kP | kA, kSv, kC + 16).Payload("pong"),
      FromServer(0.6, kP | kA, kSv, kC + 16).Payload("pong"),   // retransmission
      FromServer(0.7, kA, kSv + 4, kC + 16).Window(0),
      FromServer(0.75, kA, kSv + 4, kC + 16).Window(0),       // no second 'w' until the 10th
      FromClient(0.8, kF | kA, kC + 16, kSv + 4),
      FromServer(0.9, kF | kA, kSv + 4, kC + 17),
      FromClient(1.0, kA, kC + 17, kSv + 5),
      FromServer(3.0, kR | kA, kSv + 5, kC + 17),
  };
  AnalyzerOptions options;
  options.payload_cap = 6;          // some bytes kept, some cut
  options.packet_record_cap = 10;   // some records kept, the rest counted
  const Conversation plain = Feed(packets, options, Never);
  EXPECT_FALSE(plain.from(Direction::kOrig).gaps.empty());
  EXPECT_TRUE(plain.packets_truncated);
  ExpectSame(Feed(packets, options, Always), plain);
}

TEST(FrozenTcpTest, AnalyzerAnalysesAPacketAfterTheCloseExactly) {
  // Through the analyzer: the connection is frozen at packet 8 (closed);
  // the server's retransmitted FIN 0.2 s later thaws it and counts in it.
  std::vector<TcpPacket> packets = ClosedExchange();
  packets.push_back(FromServer(0.8, kF | kA, kSv + 4, kC + 5));
  std::vector<OwnedPacket> owned;
  for (const TcpPacket& p : packets) owned.push_back(p.Build());
  MemorySource source(owned);
  const Trace trace = AnalyzeSource(source);
  ASSERT_EQ(trace.conversations.size(), 1u);
  const Conversation& c = trace.conversations[0];
  EXPECT_EQ(c.history, Feed(packets, AnalyzerOptions{}, Never).history);
  EXPECT_EQ(c.from(Direction::kResp).packets, 4u);
  EXPECT_EQ(c.conn_state, "SF");
  EXPECT_EQ(trace.stats.late_packets, 0u);
}

TEST(StatePackerTest, NumbersAndTimesComeBackAsPacked) {
  using std::chrono::nanoseconds;
  const Timestamp base{1'700'000'000'123'456'000};
  const std::vector<Timestamp> times = {
      Timestamp{}, Timestamp::max(), base, base + nanoseconds(5'000'000'000),
      base - nanoseconds(1), base + nanoseconds(1'234'567), Timestamp{-5},
      Timestamp{1}, Timestamp::min(), Timestamp::max() - nanoseconds(1)};
  const std::vector<std::uint64_t> numbers = {0, 1, 127, 128, 1u << 31, ~std::uint64_t{0}};
  std::vector<std::uint8_t> room;
  StatePacker out(&room, base);
  for (Timestamp t : times) out.Time(t);
  for (std::uint64_t n : numbers) out.Unsigned(n);
  out.Signed(std::numeric_limits<std::int64_t>::min());
  out.Seq(5, 0xfffffff0u);  // across the wrap
  out.Bytes("text");
  const std::vector<std::uint8_t> packed(out.packed().begin(), out.packed().end());
  StateUnpacker in(packed, base);
  for (Timestamp t : times) EXPECT_EQ(in.Time(), t);
  for (std::uint64_t n : numbers) EXPECT_EQ(in.Unsigned(), n);
  EXPECT_EQ(in.Signed(), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(in.Seq(0xfffffff0u), 5u);
  EXPECT_EQ(in.String(), "text");
  EXPECT_TRUE(in.AtEnd());
}

TEST(StatePackerTest, SmallValuesTakeAByte) {
  const Timestamp base{1'000'000'000};
  std::vector<std::uint8_t> room;
  StatePacker out(&room, base);
  out.Unsigned(5);
  out.Time(Timestamp::max());
  out.Time(base + std::chrono::microseconds(10));
  out.Seq(1000, 999);
  EXPECT_EQ(out.packed().size(), 4u);
}

}  // namespace
}  // namespace wirecheck::capture
