// The tolerance rule of timing checks (time_bound.h): upper bounds get 10%
// (20 ms at least), lower bounds 1 ms, an explicit tolerance replaces both;
// and the texts the messages use.

#include "harness/model/time_bound.h"

#include <gtest/gtest.h>

namespace wirecheck {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::seconds;

TimeBound AtMost(Duration d) {
  TimeBound b;
  b.at_most = d;
  return b;
}
TimeBound AtLeast(Duration d) {
  TimeBound b;
  b.at_least = d;
  return b;
}

TEST(TimeBoundTest, UpperBoundGetsTenPercentButNeverLessThanTwentyMilliseconds) {
  EXPECT_EQ(ToleranceAbove(AtMost(milliseconds(300))), milliseconds(30));
  EXPECT_EQ(ToleranceAbove(AtMost(seconds(2))), milliseconds(200));
  EXPECT_EQ(ToleranceAbove(AtMost(milliseconds(50))), milliseconds(20));
  EXPECT_EQ(ToleranceAbove(AtMost(Duration::zero())), milliseconds(20));
  EXPECT_EQ(ToleranceBelow(AtMost(milliseconds(300))), Duration::zero());
}

TEST(TimeBoundTest, LowerBoundGetsOneMillisecond) {
  EXPECT_EQ(ToleranceBelow(AtLeast(milliseconds(300))), milliseconds(1));
  EXPECT_EQ(ToleranceBelow(AtLeast(seconds(10))), milliseconds(1));
  EXPECT_EQ(ToleranceAbove(AtLeast(milliseconds(300))), Duration::zero());
}

TEST(TimeBoundTest, ExplicitToleranceReplacesBothDefaults) {
  TimeBound b;
  b.at_least = milliseconds(100);
  b.at_most = milliseconds(300);
  b.tolerance = milliseconds(5);
  EXPECT_EQ(ToleranceBelow(b), milliseconds(5));
  EXPECT_EQ(ToleranceAbove(b), milliseconds(5));
  b.tolerance = Duration::zero();
  EXPECT_EQ(Judge(b, milliseconds(300)), TimeVerdict::kWithin);
  EXPECT_EQ(Judge(b, milliseconds(300) + microseconds(1)), TimeVerdict::kTooLong);
}

TEST(TimeBoundTest, JudgesWithTheToleranceIncluded) {
  const TimeBound upper = AtMost(milliseconds(300));
  EXPECT_EQ(Judge(upper, milliseconds(12)), TimeVerdict::kWithin);
  EXPECT_EQ(Judge(upper, milliseconds(330)), TimeVerdict::kWithin);
  EXPECT_EQ(Judge(upper, milliseconds(330) + microseconds(1)), TimeVerdict::kTooLong);
  EXPECT_EQ(Judge(upper, milliseconds(412)), TimeVerdict::kTooLong);
  const TimeBound lower = AtLeast(milliseconds(300));
  EXPECT_EQ(Judge(lower, milliseconds(299)), TimeVerdict::kWithin);
  EXPECT_EQ(Judge(lower, milliseconds(299) - microseconds(1)), TimeVerdict::kTooShort);
  EXPECT_EQ(Judge(lower, seconds(100)), TimeVerdict::kWithin);
}

TEST(TimeBoundTest, TextsForPeople) {
  EXPECT_EQ(MillisecondsText(milliseconds(412)), "412 ms");
  EXPECT_EQ(MillisecondsText(microseconds(412240)), "412.2 ms");
  EXPECT_EQ(MillisecondsText(microseconds(298960)), "299 ms");
  EXPECT_EQ(MillisecondsText(microseconds(298940)), "298.9 ms");
  EXPECT_EQ(MillisecondsText(microseconds(1503400)), "1503 ms");
  EXPECT_EQ(MillisecondsText(milliseconds(1503)), "1503 ms");
  EXPECT_EQ(MillisecondsText(microseconds(2500)), "2.5 ms");
  EXPECT_EQ(MillisecondsText(microseconds(40)), "0.04 ms");
  EXPECT_EQ(MillisecondsText(Duration::zero()), "0 ms");
  EXPECT_EQ(TimeBoundText(AtMost(milliseconds(300))), "at most 300 ms + 30 ms tolerance");
  EXPECT_EQ(TimeBoundText(AtLeast(milliseconds(300))), "at least 300 ms - 1 ms tolerance");
  TimeBound both;
  both.at_least = milliseconds(100);
  both.at_most = seconds(2);
  EXPECT_EQ(TimeBoundText(both), "from 100 ms - 1 ms tolerance to 2000 ms + 200 ms tolerance");
}

}  // namespace
}  // namespace wirecheck
