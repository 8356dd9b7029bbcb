// byte_pattern: the patterns `wirecheck record` writes where bytes differ
// from run to run. Every pattern is compiled with the scenarios' own RE2
// wrapper and must match every sample it was made from.

#include "harness/record/byte_pattern.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/model/pattern.h"

namespace wirecheck {
namespace {

bool Matches(const std::string& pattern, std::string_view bytes) {
  std::string err;
  const auto compiled = Pattern::Compile(pattern, &err);
  EXPECT_NE(compiled, nullptr) << pattern << ": " << err;
  return compiled && compiled->Search(bytes);
}

TEST(BytePatternTest, QuoteRegexMatchesExactlyTheBytes) {
  const std::string bytes = std::string("a.b*c[d]\\e(f)|g?h+{2}^$\n\r\t", 26) + std::string("\0\x7f\x80\xff", 4);
  const std::string quoted = QuoteRegex(bytes);
  EXPECT_EQ(quoted.find('\n'), std::string::npos);
  EXPECT_TRUE(Matches("^" + quoted + "$", bytes));
  EXPECT_FALSE(Matches("^" + quoted + "$", "a.b*c"));
  EXPECT_FALSE(Matches("^" + QuoteRegex("a.c") + "$", "abc"));  // the dot is a dot
  EXPECT_EQ(QuoteRegex("hi\n"), "hi\\n");
}

TEST(BytePatternTest, TwoLinesGiveTheirClassesBetweenWhatTheyShare) {
  EXPECT_EQ(CommonPattern({"hello sockets\n", "second client\n"}), "^[ a-z]+\\n$");
  EXPECT_EQ(CommonPattern({"HELLO SOCKETS\n", "SECOND CLIENT\n"}), "^[ A-Z]+\\n$");
  EXPECT_EQ(CommonPattern({"port 41234\n", "port 5\n"}), "^port [0-9]+\\n$");
}

TEST(BytePatternTest, OneValueOrEqualValuesGiveTheValueAnchored) {
  EXPECT_EQ(CommonPattern({"x+y"}), "^x\\+y$");
  EXPECT_EQ(CommonPattern({"same", "same"}), "^same$");
  EXPECT_EQ(CommonPattern({}), "");
}

TEST(BytePatternTest, AnEmptyMiddleMakesTheClassOptional) {
  const std::string p = CommonPattern({"ab", "aXYb"});
  EXPECT_EQ(p, "^a[A-Z]*b$");
  EXPECT_TRUE(Matches(p, "ab"));
  EXPECT_TRUE(Matches(p, "aXYb"));
}

TEST(BytePatternTest, ManyDifferentBytesGiveAnyByte) {
  std::string a, b;
  for (int c = 0; c < 40; ++c) a += static_cast<char>(0x80 + c);
  b = "\x01";
  const std::string p = CommonPattern({a, b});
  EXPECT_EQ(p, "^(?s:.)+$");
  EXPECT_TRUE(Matches(p, a));
  EXPECT_TRUE(Matches(p, b));
}

// Whatever the samples, the pattern matches each of them and is anchored.
TEST(BytePatternTest, EveryPatternMatchesEverySample) {
  const std::vector<std::vector<std::string>> sets = {
      {"GET / HTTP/1.0\r\n\r\n", "GET /index.html HTTP/1.0\r\n\r\n"},
      {std::string("\0\0\x01", 3), std::string("\0\x02", 2)},
      {"]-^\\", "[a-b]"},
      {"", "x"},
      {"abc", "abcabc", "c"},
  };
  for (const auto& samples : sets) {
    std::vector<std::string_view> views(samples.begin(), samples.end());
    const std::string p = CommonPattern(views);
    ASSERT_EQ(p.front(), '^') << p;
    ASSERT_EQ(p.back(), '$') << p;
    for (const std::string& s : samples) EXPECT_TRUE(Matches(p, s)) << p << " on " << s;
  }
}

}  // namespace
}  // namespace wirecheck
