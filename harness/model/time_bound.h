#pragma once
// Judging a measured time against a TimeBound (scenario.h), and the rule
// for its tolerance when the scenario gives none. The times are the
// capture's packet timestamps: stamped by the kernel as each packet passes
// the capture point, in nanoseconds where libpcap gives them (microseconds
// otherwise), so how long a program takes to be scheduled after a packet
// arrives is in them, but no delay of wirecheck's own.
//
// The rule, by which end of the bound is at stake:
// - at_most (an upper bound: a reply within 300 ms) is what a loaded
//   machine can break, since load only makes a program slower. Its default
//   tolerance is 10% of the bound, and never less than 20 ms (a few of the
//   scheduler's time slices with every core busy).
// - at_least (a lower bound: replies 300 ms apart, from the server's own
//   sleep) is not broken by load, since a sleep does not end early. Its
//   default tolerance is 1 ms: a thousand times the timestamps' granularity,
//   for the drift between the clock a program sleeps on and the one the
//   capture stamps with.
// An explicit `tolerance:` replaces both defaults.

#include <string>

#include "harness/model/scenario.h"

namespace wirecheck {

inline constexpr Duration kUpperToleranceFloor = std::chrono::milliseconds(20);
inline constexpr int kUpperTolerancePercent = 10;
inline constexpr Duration kLowerTolerance = std::chrono::milliseconds(1);

/// The slack added to at_most (0 when it is not set).
Duration ToleranceAbove(const TimeBound& bound);
/// The slack taken from at_least (0 when it is not set).
Duration ToleranceBelow(const TimeBound& bound);

enum class TimeVerdict { kWithin, kTooShort, kTooLong };
/// Whether `measured` is inside the bound widened by its tolerances.
TimeVerdict Judge(const TimeBound& bound, Duration measured);

/// A measured time for people: "412.2 ms", "300 ms", "1503 ms", "2.5 ms", "0.04 ms".
std::string MillisecondsText(Duration d);

/// The bound with its tolerances: "at most 300 ms + 30 ms tolerance",
/// "at least 300 ms - 1 ms tolerance", "from 100 ms - 1 ms tolerance to
/// 300 ms + 30 ms tolerance".
std::string TimeBoundText(const TimeBound& bound);

}  // namespace wirecheck
