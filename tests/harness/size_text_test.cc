#include "harness/model/size_text.h"

#include <gtest/gtest.h>

namespace wirecheck {
namespace {

std::uint64_t Parse(std::string_view text) {
  std::uint64_t size = 0;
  std::string err;
  EXPECT_TRUE(ParseByteSize(text, &size, &err)) << text << ": " << err;
  return size;
}

std::string Error(std::string_view text) {
  std::uint64_t size = 0;
  std::string err;
  EXPECT_FALSE(ParseByteSize(text, &size, &err)) << text;
  return err;
}

TEST(SizeTextTest, ReadsBinaryAndDecimalUnits) {
  EXPECT_EQ(Parse("4096"), 4096u);
  EXPECT_EQ(Parse("10B"), 10u);
  EXPECT_EQ(Parse("64KiB"), 64u << 10);
  EXPECT_EQ(Parse("512MiB"), 512u << 20);
  EXPECT_EQ(Parse("2GiB"), 2ull << 30);
  EXPECT_EQ(Parse("1KB"), 1000u);
  EXPECT_EQ(Parse("3MB"), 3'000'000u);
  EXPECT_EQ(Parse("1GB"), 1'000'000'000u);
}

TEST(SizeTextTest, RejectsNegativeUnknownAndTooLarge) {
  EXPECT_EQ(Error("-1"), "a size cannot be negative: '-1'");
  EXPECT_EQ(Error("big"), "not a size: 'big' (write e.g. 4096, 64KiB, 512MiB, 2GiB)");
  EXPECT_EQ(Error("12XB"), "unknown unit in size '12XB' (units: B, KiB, MiB, GiB, KB, MB, GB)");
  EXPECT_EQ(Error("1.5GiB"), "unknown unit in size '1.5GiB' (units: B, KiB, MiB, GiB, KB, MB, GB)");
  EXPECT_EQ(Error("99999999999999999999"), "size '99999999999999999999' is too large");
  EXPECT_EQ(Error("99999999999GiB"), "size '99999999999GiB' is too large");
}

}  // namespace
}  // namespace wirecheck
