#include "harness/model/duration_text.h"

#include <gtest/gtest.h>

namespace wirecheck {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

Duration Parse(std::string_view text) {
  Duration d{};
  std::string err;
  EXPECT_TRUE(ParseDuration(text, &d, &err)) << text << ": " << err;
  return d;
}

std::string Error(std::string_view text) {
  Duration d{};
  std::string err;
  EXPECT_FALSE(ParseDuration(text, &d, &err)) << text;
  return err;
}

TEST(DurationTextTest, ReadsEveryUnit) {
  EXPECT_EQ(Parse("5ns"), Duration(5));
  EXPECT_EQ(Parse("7us"), std::chrono::microseconds(7));
  EXPECT_EQ(Parse("250ms"), milliseconds(250));
  EXPECT_EQ(Parse("2s"), seconds(2));
  EXPECT_EQ(Parse("3m"), std::chrono::minutes(3));
  EXPECT_EQ(Parse("1h"), std::chrono::hours(1));
}

TEST(DurationTextTest, MsIsMillisecondsNotMinutesThenSeconds) { EXPECT_EQ(Parse("1ms"), milliseconds(1)); }

TEST(DurationTextTest, ReadsFractionsAndSumsParts) {
  EXPECT_EQ(Parse("1.5s"), milliseconds(1500));
  EXPECT_EQ(Parse("0.25s"), milliseconds(250));
  EXPECT_EQ(Parse("1m30s"), seconds(90));
  EXPECT_EQ(Parse("1s500ms"), milliseconds(1500));
  EXPECT_EQ(Parse("0s"), Duration(0));
}

TEST(DurationTextTest, ANumberWithoutUnitSuggestsOne) {
  EXPECT_EQ(Error("10"), "'10' has no unit: write 10s or 10ms");
  EXPECT_EQ(Error("1.5"), "'1.5' has no unit: write 1.5s or 1.5ms");
  EXPECT_EQ(Error("1s5"), "'1s5' has no unit: write 5s or 5ms");
}

TEST(DurationTextTest, RejectsNegativeEmptyAndUnknownUnits) {
  EXPECT_EQ(Error("-5s"), "a duration cannot be negative: '-5s'");
  EXPECT_EQ(Error(""), "an empty duration: write e.g. 250ms or 2s");
  EXPECT_EQ(Error("2x"), "unknown unit in duration '2x' (units: ns, us, ms, s, m, h)");
  EXPECT_EQ(Error("2 s"), "unknown unit in duration '2 s' (units: ns, us, ms, s, m, h)");
  EXPECT_EQ(Error("s"), "not a duration: 's' (write e.g. 250ms, 2s, 1m30s)");
  EXPECT_EQ(Error("1e9h"), "unknown unit in duration '1e9h' (units: ns, us, ms, s, m, h)");
  EXPECT_EQ(Error("9999999999h"), "duration '9999999999h' is too long");
}

TEST(DurationTextTest, FormatsTheShortestExactText) {
  EXPECT_EQ(FormatDuration(milliseconds(250)), "250ms");
  EXPECT_EQ(FormatDuration(seconds(2)), "2s");
  EXPECT_EQ(FormatDuration(seconds(90)), "1m30s");
  EXPECT_EQ(FormatDuration(milliseconds(1500)), "1500ms");
  EXPECT_EQ(FormatDuration(std::chrono::microseconds(3)), "3us");
  EXPECT_EQ(FormatDuration(Duration(0)), "0s");
  EXPECT_EQ(FormatDuration(std::chrono::hours(2)), "2h");
}

TEST(DurationTextTest, FormattedTextParsesBack) {
  for (Duration d : {Duration(1), Duration(milliseconds(1)), Duration(seconds(61)), Duration(milliseconds(3601500))}) {
    EXPECT_EQ(Parse(FormatDuration(d)), d);
  }
}

}  // namespace
}  // namespace wirecheck
