#pragma once
// The wire's event loop: reads IP packets from host A's and host B's side
// (a WirePort: TUN device or veth), asks the scheduler what becomes of
// each, and writes each delivered packet to the other side at its time
// (epoll + one timerfd).
// Single-threaded; runs until its stop descriptor becomes readable.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "harness/wire/wire_conditions.h"
#include "harness/wire/wire_port.h"
#include "harness/wire/wire_scheduler.h"

namespace wirecheck::wire {

/// What the loop did per direction (the scheduler counts its decisions).
struct ForwarderCounts {
  std::array<std::uint64_t, kDirections> read{};
  std::array<std::uint64_t, kDirections> written{};        // delivered to the far side
  std::array<std::uint64_t, kDirections> write_failed{};   // the far side's device refused it
  std::array<std::uint64_t, kDirections> too_big_sent{};   // ICMP answers to the sender (mtu drops)
};

/// "Tell me when you hold nothing": a run's captures must not end while the
/// wire still holds a packet (delay, jitter, reordering, a rate limit), so
/// the runner asks before it lets them drain. `asked_fd` becomes readable
/// when someone asks (the loop reads one byte from it); `answer` is then
/// called once the wire holds no packet: none waiting for its time, and
/// none unread on either side (both read until they had nothing, after the
/// last delivery: a host's answer to a packet just written, made in the
/// same write, is read and forwarded first).
struct EmptyQuestion {
  int asked_fd = -1;  // -1: nobody asks
  std::function<void()> answer;
};

class WireForwarder {
 public:
  /// Packets read from `a` travel a->b. `conditions` must pass CheckConditions().
  WireForwarder(std::unique_ptr<WirePort> a, std::unique_ptr<WirePort> b, const WireConditions& conditions);

  /// Forwards until `stop_fd` is readable (an eventfd or pipe the caller
  /// writes); packets still waiting on the wire then are not delivered.
  /// False with *err when the loop itself fails (epoll, timerfd, a read
  /// error of a side).
  bool Run(int stop_fd, std::string* err, const EmptyQuestion& question = {});

  /// Read these once Run has returned (nothing here is shared across threads).
  const WireScheduler& scheduler() const { return scheduler_; }
  const ForwarderCounts& counts() const { return counts_; }
  /// Packets of one direction still waiting when the loop stopped.
  std::size_t undelivered(Direction direction) const;

 private:
  struct Waiting {
    WireTime at;
    std::uint64_t order;  // ties leave in the order they came
    WirePort* to;
    Direction direction;  // of travel, for the counts
    std::vector<std::uint8_t> bytes;
  };
  bool ReadSide(Direction from, std::string* err);
  /// Reads both sides and delivers what is due until a pass reads nothing.
  bool ReadUntilQuiet(std::string* err);
  void Deliver(WireTime now);
  void Enqueue(WireTime at, WirePort* to, Direction direction, std::vector<std::uint8_t> bytes);

  std::array<std::unique_ptr<WirePort>, kDirections> ports_;  // by the side a packet is read from
  WireScheduler scheduler_;
  ForwarderCounts counts_;
  std::vector<Waiting> waiting_;  // a min-heap on (at, order)
  std::uint64_t order_ = 0;
  std::vector<std::uint8_t> buffer_;
};

}  // namespace wirecheck::wire
