#include "harness/model/time_bound.h"

#include <algorithm>
#include <cstdio>

namespace wirecheck {

Duration ToleranceAbove(const TimeBound& bound) {
  if (!bound.at_most) return Duration::zero();
  if (bound.tolerance) return *bound.tolerance;
  return std::max(kUpperToleranceFloor, *bound.at_most * kUpperTolerancePercent / 100);
}

Duration ToleranceBelow(const TimeBound& bound) {
  if (!bound.at_least) return Duration::zero();
  if (bound.tolerance) return *bound.tolerance;
  return kLowerTolerance;
}

TimeVerdict Judge(const TimeBound& bound, Duration measured) {
  if (bound.at_least && measured < *bound.at_least - ToleranceBelow(bound)) return TimeVerdict::kTooShort;
  if (bound.at_most && measured > *bound.at_most + ToleranceAbove(bound)) return TimeVerdict::kTooLong;
  return TimeVerdict::kWithin;
}

std::string MillisecondsText(Duration d) {
  const double ms = std::chrono::duration<double, std::milli>(d).count();
  char text[48];
  // Up to two decimals below 10 ms, one below 1 s (a time near a bound with
  // a 1 ms tolerance is told from it), whole milliseconds from 1 s up; no
  // trailing zeros.
  const double size = ms < 0 ? -ms : ms;
  std::snprintf(text, sizeof text, "%.*f", size >= 1000 ? 0 : size >= 10 ? 1 : 2, ms);
  std::string s = text;
  if (s.find('.') != std::string::npos) {
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s + " ms";
}

namespace {

std::string Below(const TimeBound& b) {
  return MillisecondsText(*b.at_least) + " - " + MillisecondsText(ToleranceBelow(b)) + " tolerance";
}
std::string Above(const TimeBound& b) {
  return MillisecondsText(*b.at_most) + " + " + MillisecondsText(ToleranceAbove(b)) + " tolerance";
}

}  // namespace

std::string TimeBoundText(const TimeBound& bound) {
  if (bound.at_least && bound.at_most) return "from " + Below(bound) + " to " + Above(bound);
  if (bound.at_least) return "at least " + Below(bound);
  if (bound.at_most) return "at most " + Above(bound);
  return "any time";
}

}  // namespace wirecheck
