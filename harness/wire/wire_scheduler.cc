#include "harness/wire/wire_scheduler.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>

#include "harness/wire/packet_facts.h"

namespace wirecheck::wire {
namespace {

using std::chrono::nanoseconds;

// The random streams of a direction; each draws once per packet.
enum Stream : std::uint64_t { kLossStream, kDelayStream, kReorderStream, kDuplicateStream, kStreams };

std::uint64_t StreamId(Direction direction, Stream stream) {
  return static_cast<std::uint64_t>(Index(direction)) * kStreams + stream;
}

nanoseconds JitteredDelay(const DirectionConditions& c, double draw) {
  const double offset = (2 * draw - 1) * static_cast<double>(c.jitter.count());
  return std::max(nanoseconds(0), c.delay + nanoseconds(std::llround(offset)));
}

// Nanoseconds to send `bytes` at `rate` bytes per second, rounded up.
nanoseconds SendTime(std::uint64_t bytes, std::uint64_t rate) {
  return nanoseconds(static_cast<std::int64_t>((bytes * 1'000'000'000ULL + rate - 1) / rate));
}

std::string Milliseconds(nanoseconds duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f ms", static_cast<double>(duration.count()) / 1e6);
  return text;
}

}  // namespace

const char* DropReasonName(DropReason reason) {
  switch (reason) {
    case DropReason::kLoss: return "loss";
    case DropReason::kRule: return "rule";
    case DropReason::kMtu: return "mtu";
    case DropReason::kQueue: return "queue";
  }
  return "?";
}

WireScheduler::Side::Side(std::uint64_t seed, Direction direction)
    : loss(seed, StreamId(direction, kLossStream)),
      delay(seed, StreamId(direction, kDelayStream)),
      reorder(seed, StreamId(direction, kReorderStream)),
      duplicate(seed, StreamId(direction, kDuplicateStream)) {}

WireScheduler::WireScheduler(const WireConditions& conditions, std::size_t log_limit)
    : conditions_(conditions),
      log_limit_(log_limit),
      sides_{Side(conditions.seed, Direction::kAToB), Side(conditions.seed, Direction::kBToA)} {
  assert(CheckConditions(conditions).empty());
}

std::optional<std::size_t> WireScheduler::MatchRule(std::span<const std::uint8_t> packet,
                                                    const DirectionConditions& c, Side* side) {
  const PacketFacts facts = ReadPacketFacts(packet);
  const std::array<bool, 4> matches = {true, facts.tcp && facts.tcp_payload > 0, facts.tcp && facts.fin,
                                       facts.tcp && facts.syn};
  for (std::size_t kind = 0; kind < matches.size(); ++kind) side->matched[kind] += matches[kind] ? 1 : 0;
  for (std::size_t i = 0; i < c.drops.size(); ++i) {
    const auto kind = static_cast<std::size_t>(c.drops[i].match);
    if (matches[kind] && side->matched[kind] == c.drops[i].occurrence) return i;
  }
  return std::nullopt;
}

// GCRA, the token bucket as one time: `bucket` is when the bucket would be
// full again. A packet leaves once the bucket holds its size; with no burst
// that is after its own serialisation time.
WireTime WireScheduler::LeaveRateLimit(const DirectionConditions& c, Side* side, WireTime ready, std::size_t size) {
  if (c.rate_bytes_per_second == 0) return ready;
  const nanoseconds cost = SendTime(size, c.rate_bytes_per_second);
  const nanoseconds tolerance(
      static_cast<std::int64_t>(c.rate_burst_bytes * 1'000'000'000ULL / c.rate_bytes_per_second));
  const WireTime start = std::max(side->bucket, ready);
  side->bucket = start + cost;
  return std::max(ready, side->bucket - tolerance);
}

WireDecision WireScheduler::Decide(std::span<const std::uint8_t> packet, Direction direction, WireTime arrival) {
  Side& side = sides_[Index(direction)];
  const DirectionConditions& c = conditions_.For(direction);
  assert(arrival >= side.last_arrival);
  side.last_arrival = arrival;
  WireDecision decision;
  decision.direction = direction;
  decision.number = ++side.counts.packets;
  decision.size = packet.size();
  decision.arrival = arrival;
  // Every stream draws for every packet, dropped or not, so one packet's
  // fate never shifts the numbers the packets after it get.
  const double loss_draw = side.loss.Uniform();
  const double delay_draw = side.delay.Uniform();
  const double reorder_draw = side.reorder.Uniform();
  const double duplicate_draw = side.duplicate.Uniform();

  const std::optional<std::size_t> rule = MatchRule(packet, c, &side);
  while (side.pending.size() > 0 && side.pending.top().first <= arrival) {
    side.pending_bytes -= side.pending.top().second;
    side.pending.pop();
  }
  int copies = duplicate_draw < c.duplicate ? 2 : 1;
  auto fits = [&](int n) {
    return side.pending.size() + n <= c.queue_packets && side.pending_bytes + n * packet.size() <= c.queue_bytes;
  };
  if (copies == 2 && !fits(2)) copies = 1;
  if (rule) {
    decision.dropped = DropReason::kRule;
    decision.rule = *rule;
  } else if (c.mtu != 0 && packet.size() > c.mtu) {
    decision.dropped = DropReason::kMtu;
  } else if (loss_draw < c.loss) {
    decision.dropped = DropReason::kLoss;
  } else if (!fits(1)) {
    decision.dropped = DropReason::kQueue;
  }
  if (!decision.dropped) {
    const bool held_back = reorder_draw < c.reorder;
    for (int i = 0; i < copies; ++i) {
      WireTime at = LeaveRateLimit(c, &side, arrival, packet.size()) + JitteredDelay(c, delay_draw);
      if (held_back) {
        at += c.reorder_delay;
      } else if (!c.jitter_reorders) {
        at = std::max(at, side.fifo_floor);
        side.fifo_floor = at;
      }
      decision.deliveries[static_cast<std::size_t>(i)] = at;
      side.pending.emplace(at, packet.size());
      side.pending_bytes += packet.size();
    }
    decision.copies = copies;
  }
  Record(decision);
  return decision;
}

void WireScheduler::Record(const WireDecision& decision) {
  WireCounts& counts = sides_[Index(decision.direction)].counts;
  if (decision.dropped) {
    ++counts.dropped[static_cast<std::size_t>(*decision.dropped)];
  } else {
    counts.deliveries += static_cast<std::uint64_t>(decision.copies);
    if (decision.copies == 2) ++counts.duplicated;
  }
  if (log_.size() < log_limit_) {
    log_.push_back(decision);
  } else {
    ++log_omitted_;
  }
}

std::string DescribeDecision(const WireDecision& decision) {
  std::string text = std::string(DirectionName(decision.direction)) + " #" + std::to_string(decision.number) + " (" +
                     std::to_string(decision.size) + " bytes): ";
  if (decision.dropped) {
    text += "lost on the wire (" + std::string(DropReasonName(*decision.dropped));
    if (*decision.dropped == DropReason::kRule) text += " " + std::to_string(decision.rule + 1);
    return text + ")";
  }
  text += decision.copies == 2 ? "delivered twice, after " : "delivered after ";
  text += Milliseconds(decision.deliveries[0] - decision.arrival);
  if (decision.copies == 2) text += " and " + Milliseconds(decision.deliveries[1] - decision.arrival);
  return text;
}

}  // namespace wirecheck::wire
