#include "harness/wire/wire_conditions.h"

#include <sstream>

namespace wirecheck::wire {
namespace {

std::string CheckProbability(const char* name, double value) {
  if (value >= 0 && value <= 1) return {};
  std::ostringstream text;
  text << name << " " << value << " is not between 0 and 1";
  return text.str();
}

std::string CheckDirection(const DirectionConditions& c) {
  for (const auto& [name, value] :
       {std::pair{"loss", c.loss}, std::pair{"reorder", c.reorder}, std::pair{"duplicate", c.duplicate}}) {
    if (std::string why = CheckProbability(name, value); !why.empty()) return why;
  }
  if (c.delay.count() < 0) return "delay is negative";
  if (c.jitter.count() < 0) return "jitter is negative";
  if (c.reorder_delay.count() < 0) return "reorder_delay is negative";
  if (c.reorder > 0 && c.reorder_delay.count() == 0) return "reorder needs a reorder_delay above 0";
  for (const DropRule& rule : c.drops) {
    if (rule.occurrence == 0) return "a drop rule's occurrence counts from 1";
  }
  if (c.mtu != 0 && c.mtu < 68) return "mtu " + std::to_string(c.mtu) + " is below IPv4's minimum of 68";
  if (c.queue_packets == 0 || c.queue_bytes == 0) return "the queue must hold at least one packet";
  return {};
}

}  // namespace

const char* DirectionName(Direction direction) { return direction == Direction::kAToB ? "a->b" : "b->a"; }

WireConditions WireConditions::Symmetric(const DirectionConditions& both, std::uint64_t seed) {
  return WireConditions{both, both, seed};
}

std::chrono::nanoseconds LongestHold(const DirectionConditions& c) {
  std::chrono::nanoseconds hold = c.delay + c.jitter + c.reorder_delay;
  if (c.rate_bytes_per_second > 0) {
    hold += std::chrono::nanoseconds(static_cast<std::int64_t>(
        static_cast<double>(c.mtu != 0 ? c.mtu : 1500) * 1e9 / static_cast<double>(c.rate_bytes_per_second)));
  }
  return hold;
}

std::string CheckConditions(const WireConditions& conditions) {
  for (Direction direction : {Direction::kAToB, Direction::kBToA}) {
    std::string why = CheckDirection(conditions.For(direction));
    if (!why.empty()) return std::string(DirectionName(direction)) + ": " + why;
  }
  return {};
}

}  // namespace wirecheck::wire
