// The number writers of `wirecheck show` give the bytes of the formatters
// they replace: fmt for the table's integers and "{:.6f}" durations,
// nlohmann's dump() for JSON numbers. Edge values, ties at the sixth
// decimal, and a million random doubles of every magnitude.

#include "harness/show/number_text.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

namespace wirecheck {
namespace {

std::string Unsigned(std::uint64_t n) {
  std::string s = "x";
  AppendUnsigned(n, &s);
  return s.substr(1);
}

std::string Fixed6(double d) {
  std::string s;
  AppendFixed6(d, &s);
  return s;
}

std::string Json(double d) {
  std::string s;
  AppendJsonNumber(d, &s);
  return s;
}

const std::vector<double>& EdgeDoubles() {
  static const std::vector<double> values = {
      0.0, -0.0, 1.0, -1.0, 0.5, 0.0000005, 0.0000015, 0.0000025, 0.0000004999999, 0.00000050000001,
      0.0078125,   // 2^-7: an exact tie at the seventh decimal
      0.0234375,   // 3 * 2^-7: another, rounding up to even
      1.0000005, 2.5e-7, 9.9999995, 0.9999995, 0.99999949999, 999999.9999995, 1e9, 1e9 + 0.5, -1e9,
      1700000000.123456, 1700000000.1234565, 4294967296.0000005, 0x1p42 - 0.5, 0x1p42, 0x1p60, 1e300,
      -0.0000004, -0.0000006, -5.25, 1e-300, std::numeric_limits<double>::denorm_min(),
      std::numeric_limits<double>::min(), std::numeric_limits<double>::max(),
      std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
      std::numeric_limits<double>::quiet_NaN(), 1e15, 1e16, 123456789012345678.0, 1e-5, 1e-4, 1e-6, 100000.0};
  return values;
}

TEST(NumberTextTest, UnsignedAsFmtWritesItAtEveryDigitCount) {
  std::vector<std::uint64_t> values = {0, 1, 9, 10, 99, 100, std::numeric_limits<std::uint64_t>::max(),
                                       std::numeric_limits<std::uint64_t>::max() - 1};
  for (std::uint64_t p = 10; p < 10000000000000000000ull; p *= 10) {
    values.push_back(p - 1);
    values.push_back(p);
    values.push_back(p + 1);
  }
  values.push_back(10000000000000000000ull);
  for (std::uint64_t n : values) EXPECT_EQ(Unsigned(n), fmt::format("{}", n)) << n;
  char buffer[kMaxUnsignedDigits];
  EXPECT_EQ(PutUnsigned(buffer, std::numeric_limits<std::uint64_t>::max()) - buffer, kMaxUnsignedDigits);
}

TEST(NumberTextTest, SixDecimalsAsFmtWritesThemForEdgeValues) {
  for (double d : EdgeDoubles()) EXPECT_EQ(Fixed6(d), fmt::format("{:.6f}", d)) << fmt::format("{:a}", d);
  EXPECT_EQ(Fixed6(0.0078125), "0.007812");  // ties to even
  EXPECT_EQ(Fixed6(0.0234375), "0.023438");
  EXPECT_EQ(Fixed6(-0.0000004), "-0.000000");
  EXPECT_EQ(Fixed6(1e9), "1000000000.000000");
}

TEST(NumberTextTest, SixDecimalsAsFmtWritesThemForRandomDoubles) {
  std::mt19937_64 random(12);
  for (int i = 0; i < 300000; ++i) {
    const std::uint64_t bits = random();
    // 2^-53 .. 2^44 s, both signs, a third of them on or next to a tie at
    // the seventh decimal.
    double d = std::ldexp(static_cast<double>(bits >> 11), -106 + static_cast<int>(bits % 97));
    if (i % 3 == 0) d = std::round(d * 1e7) / 1e7 + (i % 2 ? 0 : std::nextafter(0.0, 1.0));
    if (i % 7 == 0) d = -d;
    ASSERT_EQ(Fixed6(d), fmt::format("{:.6f}", d)) << fmt::format("{:a}", d);
  }
  for (int i = 0; i < 2000; ++i) {  // any bit pattern: every exponent, NaNs, infinities
    const double d = std::bit_cast<double>(random());
    ASSERT_EQ(Fixed6(d), fmt::format("{:.6f}", d)) << fmt::format("{:a}", d);
  }
}

TEST(NumberTextTest, JsonNumbersAsNlohmannDumpsThem) {
  for (double d : EdgeDoubles()) EXPECT_EQ(Json(d), nlohmann::json(d).dump()) << fmt::format("{:a}", d);
  std::mt19937_64 random(7);
  for (int i = 0; i < 200000; ++i) {
    const double d = std::ldexp(static_cast<double>(random() >> 11), -53 + static_cast<int>(random() % 90) - 30);
    ASSERT_EQ(Json(d), nlohmann::json(d).dump()) << fmt::format("{:a}", d);
  }
}

}  // namespace
}  // namespace wirecheck
