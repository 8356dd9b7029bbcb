#pragma once
// The wire's decisions, as pure logic: no I/O, no clock. Each packet comes
// in with its direction and arrival time, and leaves dropped (with the
// reason) or delivered at one time, or two for a duplicate. The same
// conditions and seed with the same packets at the same times give the same
// decisions, and the log of them is what reports show as "lost on the wire".

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "harness/wire/wire_conditions.h"
#include "harness/wire/wire_random.h"

namespace wirecheck::wire {

using WireClock = std::chrono::steady_clock;
using WireTime = WireClock::time_point;

enum class DropReason : std::uint8_t { kLoss, kRule, kMtu, kQueue };
inline constexpr int kDropReasons = 4;
/// "loss", "rule", "mtu", "queue".
const char* DropReasonName(DropReason reason);

struct WireDecision {
  Direction direction = Direction::kAToB;
  std::uint64_t number = 0;  // 1-based, counted per direction
  std::size_t size = 0;      // bytes, IP header included
  WireTime arrival{};
  std::optional<DropReason> dropped;
  std::size_t rule = 0;  // with kRule: which of the direction's drop rules
  int copies = 0;        // 0 when dropped, 2 for a duplicate
  std::array<WireTime, 2> deliveries{};

  std::span<const WireTime> delivery_times() const { return {deliveries.data(), static_cast<std::size_t>(copies)}; }
  friend bool operator==(const WireDecision&, const WireDecision&) = default;
};

/// Totals of one direction, kept even past the log's limit.
struct WireCounts {
  std::uint64_t packets = 0;
  std::uint64_t deliveries = 0;  // a duplicate counts twice
  std::uint64_t duplicated = 0;
  std::array<std::uint64_t, kDropReasons> dropped{};
  std::uint64_t Dropped(DropReason reason) const { return dropped[static_cast<std::size_t>(reason)]; }
};

class WireScheduler {
 public:
  /// Decisions past this many are counted but not kept in the log.
  static constexpr std::size_t kDefaultLogLimit = 200'000;

  /// `conditions` must pass CheckConditions().
  explicit WireScheduler(const WireConditions& conditions, std::size_t log_limit = kDefaultLogLimit);

  /// The fate of one packet. Arrivals of one direction come in time order
  /// (a steady clock's readings); every delivery time is at or after arrival.
  WireDecision Decide(std::span<const std::uint8_t> packet, Direction direction, WireTime arrival);

  const std::vector<WireDecision>& log() const { return log_; }
  std::uint64_t log_omitted() const { return log_omitted_; }
  const WireCounts& counts(Direction direction) const { return sides_[Index(direction)].counts; }
  const WireConditions& conditions() const { return conditions_; }

 private:
  // One direction's state: its random streams, counters, and what waits on it.
  struct Side {
    Side(std::uint64_t seed, Direction direction);
    RandomStream loss, delay, reorder, duplicate;
    std::array<std::uint64_t, 4> matched{};  // packets seen per DropRule::Match
    WireTime last_arrival{};
    WireTime fifo_floor{};  // the latest delivery of a packet not held back
    WireTime bucket{};      // token bucket as its theoretical arrival time (GCRA)
    using Pending = std::pair<WireTime, std::size_t>;
    std::priority_queue<Pending, std::vector<Pending>, std::greater<>> pending;
    std::size_t pending_bytes = 0;
    WireCounts counts;
  };

  std::optional<std::size_t> MatchRule(std::span<const std::uint8_t> packet, const DirectionConditions& c, Side* side);
  WireTime LeaveRateLimit(const DirectionConditions& c, Side* side, WireTime ready, std::size_t size);
  void Record(const WireDecision& decision);

  WireConditions conditions_;
  std::size_t log_limit_;
  std::array<Side, kDirections> sides_;
  std::vector<WireDecision> log_;
  std::uint64_t log_omitted_ = 0;
};

/// "a->b #7 (1500 bytes): lost on the wire (loss)", "a->b #8 (52 bytes):
/// delivered after 10.000 ms", "... delivered twice, after 10.000 ms and 10.000 ms".
std::string DescribeDecision(const WireDecision& decision);

}  // namespace wirecheck::wire
