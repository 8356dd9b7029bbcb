#include "reports/percent_encoding.h"

#include <gtest/gtest.h>

#include <string>

namespace wirecheck::reports {
namespace {

TEST(PercentEncodingTest, KeepsTheUnreservedCharacters) { EXPECT_EQ(PercentEncode("AZaz09-._~"), "AZaz09-._~"); }

TEST(PercentEncodingTest, EncodesEveryOtherByteAsUpperCaseHex) {
  EXPECT_EQ(PercentEncode("a b&c\"d"), "a%20b%26c%22d");
  EXPECT_EQ(PercentEncode("../x?y#z%"), "..%2Fx%3Fy%23z%25");
  EXPECT_EQ(PercentEncode("<'>+"), "%3C%27%3E%2B");
}

TEST(PercentEncodingTest, EncodesUtf8ByteByByteAndControlBytesToo) {
  EXPECT_EQ(PercentEncode("é"), "%C3%A9");
  EXPECT_EQ(PercentEncode(std::string("\0\n\x7f\xff", 4)), "%00%0A%7F%FF");
  EXPECT_EQ(PercentEncode(""), "");
}

}  // namespace
}  // namespace wirecheck::reports
