// The wire's scheduler: pure decisions from conditions, a seed and packets.

#include "harness/wire/wire_scheduler.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "capture/decoded_packet.h"
#include "tests/support/packet_builder.h"

namespace wirecheck::wire {
namespace {

using namespace std::chrono_literals;
using testing::TcpPacket;
using testing::UdpPacket;

const WireTime kStart{};  // the steady clock's epoch; only differences matter

std::vector<std::uint8_t> Udp(std::size_t payload = 100) {
  return UdpPacket().From("192.0.2.1", 40000).To("192.0.2.2", 7).Payload(std::string(payload, 'x')).IpBytes();
}

std::vector<std::uint8_t> Tcp(std::uint8_t flags, std::string_view payload = "") {
  return TcpPacket().From("192.0.2.1", 40000).To("192.0.2.2", 80).Flags(flags).Payload(payload).IpBytes();
}

// Decides `count` identical UDP packets a->b, one per millisecond.
WireScheduler Feed(const WireConditions& conditions, int count) {
  WireScheduler scheduler(conditions);
  const std::vector<std::uint8_t> packet = Udp();
  for (int i = 0; i < count; ++i) scheduler.Decide(packet, Direction::kAToB, kStart + i * 1ms);
  return scheduler;
}

std::vector<std::uint64_t> Dropped(const WireScheduler& scheduler) {
  std::vector<std::uint64_t> numbers;
  for (const WireDecision& d : scheduler.log()) {
    if (d.dropped) numbers.push_back(d.number);
  }
  return numbers;
}

DirectionConditions Loss(double rate) {
  DirectionConditions c;
  c.loss = rate;
  return c;
}

TEST(WireSchedulerTest, SameSeedGivesTheSameDecisionLog) {
  DirectionConditions c = Loss(0.3);
  c.delay = 5ms;
  c.jitter = 4ms;
  c.duplicate = 0.1;
  c.reorder = 0.1;
  c.reorder_delay = 20ms;
  const WireConditions conditions = WireConditions::Symmetric(c, 42);
  WireScheduler first = Feed(conditions, 1000);
  WireScheduler second = Feed(conditions, 1000);
  ASSERT_EQ(first.log().size(), 1000u);
  EXPECT_EQ(first.log(), second.log());
}

TEST(WireSchedulerTest, AnotherSeedDropsOtherPackets) {
  const std::vector<std::uint64_t> seed1 = Dropped(Feed(WireConditions::Symmetric(Loss(0.3), 1), 1000));
  const std::vector<std::uint64_t> seed2 = Dropped(Feed(WireConditions::Symmetric(Loss(0.3), 2), 1000));
  EXPECT_FALSE(seed1.empty());
  EXPECT_NE(seed1, seed2);
}

TEST(WireSchedulerTest, LossRateIsTheSeedsExactCountWithinFiveSigma) {
  const int n = 10'000;
  const double p = 0.3;
  const WireScheduler scheduler = Feed(WireConditions::Symmetric(Loss(p), 1), n);
  const std::uint64_t lost = scheduler.counts(Direction::kAToB).Dropped(DropReason::kLoss);
  // The count is fixed by the seed (the generator is ours, the same with
  // every compiler); a change of it changes every replayed run.
  EXPECT_EQ(lost, 2975u);
  const double sigma = std::sqrt(n * p * (1 - p));
  EXPECT_LE(std::fabs(static_cast<double>(lost) - n * p), 5 * sigma);
  EXPECT_EQ(scheduler.counts(Direction::kAToB).deliveries, n - lost);
}

TEST(WireSchedulerTest, DirectionsDrawFromTheirOwnStreams) {
  WireScheduler scheduler(WireConditions::Symmetric(Loss(0.5), 7));
  const std::vector<std::uint8_t> packet = Udp();
  std::vector<bool> a, b;
  for (int i = 0; i < 64; ++i) {
    a.push_back(scheduler.Decide(packet, Direction::kAToB, kStart).dropped.has_value());
    b.push_back(scheduler.Decide(packet, Direction::kBToA, kStart).dropped.has_value());
  }
  EXPECT_NE(a, b);
}

TEST(WireSchedulerTest, DropTheFirstFinDropsExactlyThatPacket) {
  DirectionConditions c;
  c.drops.push_back({DropRule::Match::kTcpFin, 1});
  WireScheduler scheduler(WireConditions{c, {}, 1});
  const std::uint8_t ack = capture::tcp_flag::kAck;
  const std::uint8_t fin = capture::tcp_flag::kFin | ack;
  const std::vector<std::vector<std::uint8_t>> packets = {
      Tcp(capture::tcp_flag::kSyn), Tcp(ack), Tcp(ack, "hello"), Tcp(fin), Tcp(fin), Tcp(ack)};
  std::vector<bool> dropped;
  for (const auto& packet : packets) dropped.push_back(scheduler.Decide(packet, Direction::kAToB, kStart).dropped.has_value());
  EXPECT_EQ(dropped, (std::vector<bool>{false, false, false, true, false, false}));
  EXPECT_EQ(scheduler.log()[3].dropped, DropReason::kRule);
  EXPECT_EQ(DescribeDecision(scheduler.log()[3]), "a->b #4 (40 bytes): lost on the wire (rule 1)");
  // The other direction has its own count and no rule.
  EXPECT_FALSE(scheduler.Decide(Tcp(fin), Direction::kBToA, kStart).dropped);
}

TEST(WireSchedulerTest, DropTheSecondSegmentWithPayloadCountsOnlyDataSegments) {
  DirectionConditions c;
  c.drops.push_back({DropRule::Match::kTcpSegmentWithPayload, 2});
  WireScheduler scheduler(WireConditions{c, {}, 1});
  const std::uint8_t ack = capture::tcp_flag::kAck;
  for (const auto& packet : {Tcp(ack, "one"), Tcp(ack), Tcp(ack), Tcp(ack, "two"), Tcp(ack, "three")}) {
    scheduler.Decide(packet, Direction::kAToB, kStart);
  }
  EXPECT_EQ(Dropped(scheduler), (std::vector<std::uint64_t>{4}));
}

TEST(WireSchedulerTest, DropTheNthPacketOverall) {
  DirectionConditions c;
  c.drops.push_back({DropRule::Match::kPacket, 3});
  c.drops.push_back({DropRule::Match::kPacket, 5});
  EXPECT_EQ(Dropped(Feed(WireConditions{c, {}, 1}, 10)), (std::vector<std::uint64_t>{3, 5}));
}

TEST(WireSchedulerTest, DelayAndJitterStayWithinTheirBoundsAndInOrder) {
  DirectionConditions c;
  c.delay = 10ms;
  c.jitter = 8ms;
  const WireScheduler scheduler = Feed(WireConditions{c, {}, 3}, 2000);
  WireTime previous{};
  bool varied = false;
  for (const WireDecision& d : scheduler.log()) {
    ASSERT_EQ(d.copies, 1);
    const auto delay = d.deliveries[0] - d.arrival;
    EXPECT_GE(delay, 2ms);
    // Held behind the one before (FIFO), so it may exceed delay + jitter
    // only by waiting for it.
    EXPECT_TRUE(delay <= 18ms || d.deliveries[0] == previous) << DescribeDecision(d);
    EXPECT_GE(d.deliveries[0], previous) << "reordered without `jitter_reorders`: " << DescribeDecision(d);
    varied = varied || delay != 10ms;
    previous = d.deliveries[0];
  }
  EXPECT_TRUE(varied);
}

TEST(WireSchedulerTest, JitterReordersOnlyWhenAsked) {
  DirectionConditions c;
  c.delay = 10ms;
  c.jitter = 8ms;
  c.jitter_reorders = true;
  const WireScheduler scheduler = Feed(WireConditions{c, {}, 3}, 2000);
  int overtaken = 0;
  WireTime latest{};
  for (const WireDecision& d : scheduler.log()) {
    const auto delay = d.deliveries[0] - d.arrival;
    EXPECT_GE(delay, 2ms);
    EXPECT_LE(delay, 18ms);
    if (d.deliveries[0] < latest) ++overtaken;
    latest = std::max(latest, d.deliveries[0]);
  }
  EXPECT_GT(overtaken, 0);
}

TEST(WireSchedulerTest, ReorderHoldsSomePacketsBackAndTheOthersStayInOrder) {
  DirectionConditions c;
  c.delay = 1ms;
  c.reorder = 0.25;
  c.reorder_delay = 5ms;
  const WireScheduler scheduler = Feed(WireConditions{c, {}, 9}, 400);
  int held = 0;
  WireTime previous_in_order{};
  for (const WireDecision& d : scheduler.log()) {
    const auto delay = d.deliveries[0] - d.arrival;
    if (delay == 6ms) {
      ++held;
    } else {
      EXPECT_EQ(delay, 1ms);
      EXPECT_GT(d.deliveries[0], previous_in_order);
      previous_in_order = d.deliveries[0];
    }
  }
  // The seed's count (100 expected of 400).
  EXPECT_EQ(held, 100);
}

TEST(WireSchedulerTest, WithoutConditionsEveryPacketLeavesAtOnceInOrder) {
  const WireScheduler scheduler = Feed(WireConditions{}, 100);
  for (const WireDecision& d : scheduler.log()) {
    ASSERT_EQ(d.copies, 1);
    EXPECT_EQ(d.deliveries[0], d.arrival);
  }
  EXPECT_EQ(scheduler.counts(Direction::kAToB).deliveries, 100u);
}

TEST(WireSchedulerTest, DuplicatesAreDeliveredTwice) {
  DirectionConditions c;
  c.duplicate = 0.5;
  c.delay = 2ms;
  const WireScheduler scheduler = Feed(WireConditions{c, {}, 5}, 1000);
  const WireCounts& counts = scheduler.counts(Direction::kAToB);
  EXPECT_EQ(counts.duplicated, 525u);
  EXPECT_EQ(counts.deliveries, 1000 + counts.duplicated);
  for (const WireDecision& d : scheduler.log()) {
    if (d.copies != 2) continue;
    EXPECT_EQ(d.deliveries[0] - d.arrival, 2ms);
    EXPECT_EQ(d.deliveries[1], d.deliveries[0]);
    EXPECT_TRUE(DescribeDecision(d).ends_with("): delivered twice, after 2.000 ms and 2.000 ms")) << DescribeDecision(d);
  }
}

TEST(WireSchedulerTest, RateLimitSpacesPacketsByTheirSendTime) {
  DirectionConditions c;
  c.rate_bytes_per_second = 1'000'000;  // 1000 bytes take exactly 1 ms
  WireScheduler scheduler(WireConditions{c, {}, 1});
  const std::vector<std::uint8_t> packet = Udp(1000 - 28);
  ASSERT_EQ(packet.size(), 1000u);
  for (int i = 0; i < 5; ++i) scheduler.Decide(packet, Direction::kAToB, kStart);
  // An idle link later: the bucket is empty again, one send time.
  scheduler.Decide(packet, Direction::kAToB, kStart + 100ms);
  std::vector<std::chrono::nanoseconds> at;
  for (const WireDecision& d : scheduler.log()) at.push_back(d.deliveries[0] - kStart);
  EXPECT_EQ(at, (std::vector<std::chrono::nanoseconds>{1ms, 2ms, 3ms, 4ms, 5ms, 101ms}));
}

TEST(WireSchedulerTest, RateLimitBurstLetsTheBucketsBytesThroughAtOnce) {
  DirectionConditions c;
  c.rate_bytes_per_second = 1'000'000;
  c.rate_burst_bytes = 3000;
  WireScheduler scheduler(WireConditions{c, {}, 1});
  const std::vector<std::uint8_t> packet = Udp(1000 - 28);
  for (int i = 0; i < 6; ++i) scheduler.Decide(packet, Direction::kAToB, kStart);
  std::vector<std::chrono::nanoseconds> at;
  for (const WireDecision& d : scheduler.log()) at.push_back(d.deliveries[0] - kStart);
  EXPECT_EQ(at, (std::vector<std::chrono::nanoseconds>{0ms, 0ms, 0ms, 1ms, 2ms, 3ms}));
}

TEST(WireSchedulerTest, RateLimitRoundsAnOddSendTimeUp) {
  DirectionConditions c;
  c.rate_bytes_per_second = 3;  // 1 byte: 333,333,333.3 ns
  WireScheduler scheduler(WireConditions{c, {}, 1});
  const std::vector<std::uint8_t> packet = Udp(1);  // 29 bytes
  EXPECT_EQ(scheduler.Decide(packet, Direction::kAToB, kStart).deliveries[0] - kStart,
            std::chrono::nanoseconds(9'666'666'667));
}

TEST(WireSchedulerTest, PacketsAboveTheMtuAreDropped) {
  DirectionConditions c;
  c.mtu = 1280;
  WireScheduler scheduler(WireConditions{c, {}, 1});
  EXPECT_FALSE(scheduler.Decide(Udp(1280 - 28), Direction::kAToB, kStart).dropped);
  const WireDecision big = scheduler.Decide(Udp(1281 - 28), Direction::kAToB, kStart);
  EXPECT_EQ(big.dropped, DropReason::kMtu);
  EXPECT_EQ(DescribeDecision(big), "a->b #2 (1281 bytes): lost on the wire (mtu)");
  EXPECT_EQ(scheduler.counts(Direction::kAToB).Dropped(DropReason::kMtu), 1u);
}

TEST(WireSchedulerTest, AFullQueueDropsAndDrainsWithTime) {
  DirectionConditions c;
  c.delay = 10ms;
  c.queue_packets = 3;
  WireScheduler scheduler(WireConditions{c, {}, 1});
  const std::vector<std::uint8_t> packet = Udp();
  std::vector<bool> dropped;
  for (int i = 0; i < 5; ++i) dropped.push_back(scheduler.Decide(packet, Direction::kAToB, kStart).dropped.has_value());
  // At 10 ms the first three have left: room again.
  dropped.push_back(scheduler.Decide(packet, Direction::kAToB, kStart + 10ms).dropped.has_value());
  EXPECT_EQ(dropped, (std::vector<bool>{false, false, false, true, true, false}));
  EXPECT_EQ(scheduler.log()[3].dropped, DropReason::kQueue);
}

TEST(WireSchedulerTest, QueueBytesBoundTheQueueToo) {
  DirectionConditions c;
  c.delay = 10ms;
  c.queue_bytes = 250;
  WireScheduler scheduler(WireConditions{c, {}, 1});
  const std::vector<std::uint8_t> packet = Udp();  // 128 bytes
  EXPECT_FALSE(scheduler.Decide(packet, Direction::kAToB, kStart).dropped);
  EXPECT_EQ(scheduler.Decide(packet, Direction::kAToB, kStart).dropped, DropReason::kQueue);
}

TEST(WireSchedulerTest, TheLogKeepsItsLimitAndCountsTheRest) {
  WireScheduler scheduler(WireConditions{}, 10);
  const std::vector<std::uint8_t> packet = Udp();
  for (int i = 0; i < 25; ++i) scheduler.Decide(packet, Direction::kBToA, kStart);
  EXPECT_EQ(scheduler.log().size(), 10u);
  EXPECT_EQ(scheduler.log_omitted(), 15u);
  EXPECT_EQ(scheduler.counts(Direction::kBToA).packets, 25u);
}

TEST(WireConditionsTest, NonsenseIsRefusedWithTheDirection) {
  WireConditions conditions;
  conditions.b_to_a.loss = 1.5;
  EXPECT_EQ(CheckConditions(conditions), "b->a: loss 1.5 is not between 0 and 1");
  conditions = {};
  conditions.a_to_b.reorder = 0.1;
  EXPECT_EQ(CheckConditions(conditions), "a->b: reorder needs a reorder_delay above 0");
  conditions = {};
  conditions.a_to_b.mtu = 20;
  EXPECT_EQ(CheckConditions(conditions), "a->b: mtu 20 is below IPv4's minimum of 68");
  EXPECT_EQ(CheckConditions(WireConditions{}), "");
}

// How long a run's captures wait for a packet the wire still holds: the
// delays add up; a rate limit adds one packet's serialisation (the mtu's,
// else 1500 bytes), not its whole queue's.
TEST(WireConditionsTest, LongestHoldAddsTheDelaysAndOnePacketsSerialisation) {
  DirectionConditions c;
  EXPECT_EQ(LongestHold(c), 0ns);
  c.delay = 100ms;
  c.jitter = 20ms;
  c.reorder = 0.1;
  c.reorder_delay = 30ms;
  EXPECT_EQ(LongestHold(c), 150ms);
  c.rate_bytes_per_second = 150'000;  // 1500 bytes: 10 ms
  EXPECT_EQ(LongestHold(c), 160ms);
  c.mtu = 600;  // 4 ms
  EXPECT_EQ(LongestHold(c), 154ms);
}

}  // namespace
}  // namespace wirecheck::wire
