#pragma once
// What the wire does to the packets of each direction, as plain data. The
// scheduler (wire_scheduler.h) applies it; nothing here does I/O.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace wirecheck::wire {

/// The two sides of the wire: host A and host B.
enum class Direction : std::uint8_t { kAToB = 0, kBToA = 1 };
inline constexpr int kDirections = 2;
/// "a->b" or "b->a".
const char* DirectionName(Direction direction);
inline int Index(Direction direction) { return static_cast<int>(direction); }

/// An exact drop, for tests that must not depend on chance: the Nth packet of
/// one direction that matches. Counting is of packets seen on the wire, so a
/// retransmission is one more segment (the first FIN dropped, its
/// retransmission is the second FIN and passes).
struct DropRule {
  enum class Match : std::uint8_t {
    kPacket,                 // any IP packet
    kTcpSegmentWithPayload,  // a TCP segment carrying at least one byte
    kTcpFin,                 // a TCP segment with FIN set
    kTcpSyn,                 // a TCP segment with SYN set (SYN or SYN-ACK)
  };
  Match match = Match::kPacket;
  std::uint64_t occurrence = 1;  // 1-based
};

/// The conditions of one direction. The defaults are a perfect wire.
struct DirectionConditions {
  double loss = 0;  // independent probability of losing each packet, 0..1
  std::vector<DropRule> drops;

  std::chrono::nanoseconds delay{0};
  /// Uniform in [delay - jitter, delay + jitter] (netem's default is normal;
  /// uniform keeps the bound exact), never below 0.
  std::chrono::nanoseconds jitter{0};
  /// False (default): jitter never reorders; a packet leaves no earlier than
  /// the one before it, as netem does with a pfifo child qdisc. True: each
  /// packet leaves at its own time, as netem's default tfifo does ("time
  /// based reordering" since Linux 2.6.15), so a large jitter reorders.
  bool jitter_reorders = false;

  /// Probability that a packet is held back by reorder_delay more than the
  /// others, which overtake it (the others stay FIFO among themselves).
  double reorder = 0;
  std::chrono::nanoseconds reorder_delay{0};

  double duplicate = 0;  // probability that a packet is delivered twice, 0..1

  /// Token bucket: 0 is unlimited. A packet leaves when the bucket holds its
  /// size; with burst 0 every packet waits its own serialisation time
  /// (size / rate), as netem's `rate` does.
  std::uint64_t rate_bytes_per_second = 0;
  std::uint64_t rate_burst_bytes = 0;

  /// Packets larger than this (IP header included) are dropped and counted;
  /// 0 is no limit. The forwarder answers such a packet as a router would
  /// (ICMP "fragmentation needed" / ICMPv6 "packet too big") only when
  /// icmp_too_big is set; otherwise nothing tells the sender (a PMTU black hole).
  std::uint32_t mtu = 0;
  bool icmp_too_big = true;

  /// The most packets and bytes waiting on the wire in this direction
  /// (delayed or rate-limited); one more is dropped ("queue"), like a full
  /// router buffer or netem's `limit`.
  std::size_t queue_packets = 1000;
  std::size_t queue_bytes = 4 << 20;
};

/// The longest this direction holds a packet past its arrival when it does
/// not drop it with no packet leaving in between: delay + jitter +
/// reorder_delay, and with a rate limit one packet's serialisation (the
/// condition's mtu, else the devices' 1500 bytes, over the rate; packets
/// queued behind it leave one after another). A run's captures wait this
/// long beyond their idle rule, so a packet the wire still held when the
/// programs ended is seen when it arrives.
std::chrono::nanoseconds LongestHold(const DirectionConditions& c);

/// Both directions and the seed every random choice comes from: the same
/// seed and the same packets give the same decisions.
struct WireConditions {
  DirectionConditions a_to_b;
  DirectionConditions b_to_a;
  std::uint64_t seed = 1;

  const DirectionConditions& For(Direction direction) const {
    return direction == Direction::kAToB ? a_to_b : b_to_a;
  }
  /// The same conditions both ways.
  static WireConditions Symmetric(const DirectionConditions& both, std::uint64_t seed);
};

/// Empty when the conditions make sense; else what does not, e.g.
/// "a->b: loss 1.5 is not between 0 and 1".
std::string CheckConditions(const WireConditions& conditions);

}  // namespace wirecheck::wire
