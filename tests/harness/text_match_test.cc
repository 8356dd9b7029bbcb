// Specifications of MatchText: each condition of a text match against
// bytes, where the bytes part, and what a head of the bytes can decide.

#include "harness/model/text_match.h"

#include <gtest/gtest.h>

namespace wirecheck {
namespace {

TextMatch Exact(std::string text) {
  TextMatch m;
  m.exact = std::move(text);
  return m;
}

TEST(TextMatchTest, NoConditionMatchesAnything) {
  EXPECT_EQ(MatchText(TextMatch{}, "whatever").verdict, MatchVerdict::kMatch);
  EXPECT_EQ(DescribeTextMatch(TextMatch{}), "anything");
}

TEST(TextMatchTest, ExactMatchesTheWholeTextOnly) {
  EXPECT_EQ(MatchText(Exact("HELLO\n"), "HELLO\n").verdict, MatchVerdict::kMatch);
  EXPECT_EQ(MatchText(Exact(""), "").verdict, MatchVerdict::kMatch);
  EXPECT_EQ(MatchText(Exact(""), "x").verdict, MatchVerdict::kMismatch);
}

TEST(TextMatchTest, ExactNamesTheFirstDifferingByte) {
  const TextMatchResult r = MatchText(Exact("HELLO\n"), "hello\n");
  EXPECT_EQ(r.verdict, MatchVerdict::kMismatch);
  EXPECT_EQ(r.condition, "exact");
  EXPECT_EQ(r.explanation, "differs at byte 0: expected \"H\", got \"h\"");
  ASSERT_TRUE(r.difference);
  EXPECT_EQ(r.difference->offset, 0u);
  EXPECT_EQ(r.difference->expected, "HELLO\n");
  EXPECT_EQ(r.difference->actual, "hello\n");
  EXPECT_EQ(r.length, LengthDifference::kNone);
}

TEST(TextMatchTest, ExactEscapesUnprintableBytes) {
  const TextMatchResult r = MatchText(Exact("A\n"), std::string("A\0", 2));
  EXPECT_EQ(r.explanation, "differs at byte 1: expected \"\\n\", got \"\\x00\"");
}

TEST(TextMatchTest, ExactSaysWhenBytesAreMissing) {
  const TextMatchResult r = MatchText(Exact("HELLO\n"), "HEL");
  EXPECT_EQ(r.explanation, "ended after 3 bytes; expected 6, the rest missing: \"LO\\n\"");
  EXPECT_EQ(r.length, LengthDifference::kShort);
  ASSERT_TRUE(r.difference);
  EXPECT_EQ(r.difference->offset, 3u);
}

TEST(TextMatchTest, ExactSaysWhenBytesAreExtra) {
  const TextMatchResult r = MatchText(Exact("HI\n"), std::string("HI\n\0\0", 5));
  EXPECT_EQ(r.explanation, "2 extra bytes after the expected 3: \"\\x00\\x00\"");
  EXPECT_EQ(r.length, LengthDifference::kExtra);
  EXPECT_EQ(r.difference->actual_length, 5u);
}

TEST(TextMatchTest, ContainsNeedsEveryNeedle) {
  TextMatch m;
  m.contains = {"SECOND", "port 6789"};
  EXPECT_EQ(MatchText(m, "ready on port 6789: SECOND").verdict, MatchVerdict::kMatch);
  const TextMatchResult r = MatchText(m, "SECOND");
  EXPECT_EQ(r.verdict, MatchVerdict::kMismatch);
  EXPECT_EQ(r.explanation, "does not contain \"port 6789\"");
}

TEST(TextMatchTest, RegexIsSearchedNotAnchored) {
  TextMatch m;
  m.regex = "[A-Z]+";
  EXPECT_EQ(MatchText(m, "from SERVER").verdict, MatchVerdict::kMatch);
  m.regex = "^[A-Z ]+\\n$";
  EXPECT_EQ(MatchText(m, "HELLO SOCKETS\n").verdict, MatchVerdict::kMatch);
  const TextMatchResult r = MatchText(m, "hello\n");
  EXPECT_EQ(r.verdict, MatchVerdict::kMismatch);
  EXPECT_EQ(r.explanation, "does not match /^[A-Z ]+\\\\n$/");
}

TEST(TextMatchTest, LinesIgnoreTheFinalNewline) {
  TextMatch m;
  m.lines = std::vector<std::string>{"A", "B"};
  EXPECT_EQ(MatchText(m, "A\nB\n").verdict, MatchVerdict::kMatch);
  EXPECT_EQ(MatchText(m, "A\nB").verdict, MatchVerdict::kMatch);
  EXPECT_EQ(MatchText(m, "A\nB\n\n").verdict, MatchVerdict::kMismatch);
  m.lines = std::vector<std::string>{};
  EXPECT_EQ(MatchText(m, "").verdict, MatchVerdict::kMatch);
}

TEST(TextMatchTest, LinesNameTheFirstDifferingLine) {
  TextMatch m;
  m.lines = std::vector<std::string>{"FROM SERVER: A", "FROM SERVER: B"};
  const TextMatchResult r = MatchText(m, "FROM SERVER: A\nFROM SERVER: b\n");
  EXPECT_EQ(r.explanation, "line 2 differs: expected \"FROM SERVER: B\", got \"FROM SERVER: b\"");
  ASSERT_TRUE(r.difference);
  EXPECT_EQ(r.difference->offset, 28u);
  const TextMatchResult missing = MatchText(m, "FROM SERVER: A\n");
  EXPECT_EQ(missing.explanation, "only 1 of the expected 2 lines; line 2 missing: \"FROM SERVER: B\"");
}

TEST(TextMatchTest, LinesKeepACarriageReturn) {
  TextMatch m;
  m.lines = std::vector<std::string>{"A"};
  EXPECT_EQ(MatchText(m, "A\r\n").verdict, MatchVerdict::kMismatch);
}

TEST(TextMatchTest, AHeadDecidesOnlyWhatItShows) {
  EXPECT_EQ(MatchText(Exact("HELLO\n"), "HEL", false).verdict, MatchVerdict::kUndecided);
  EXPECT_EQ(MatchText(Exact("HELLO\n"), "HEX", false).verdict, MatchVerdict::kMismatch);
  EXPECT_EQ(MatchText(Exact("HI"), "HI!", false).verdict, MatchVerdict::kMismatch);
  TextMatch contains;
  contains.contains = {"EL"};
  EXPECT_EQ(MatchText(contains, "HEL", false).verdict, MatchVerdict::kMatch);
  EXPECT_EQ(MatchText(contains, "H", false).verdict, MatchVerdict::kUndecided);
  TextMatch regex;
  regex.regex = "^H";
  EXPECT_EQ(MatchText(regex, "HEL", false).verdict, MatchVerdict::kUndecided);
  TextMatch lines;
  lines.lines = std::vector<std::string>{"A", "B"};
  EXPECT_EQ(MatchText(lines, "A\nB", false).verdict, MatchVerdict::kUndecided);
  EXPECT_EQ(MatchText(lines, "X\nB", false).verdict, MatchVerdict::kMismatch);
}

// std::regex recursed per byte: a 30 KB line was enough to crash the harness.
TEST(TextMatchTest, ARegexDecidesA30KBLine) {
  TextMatch m;
  m.regex = "^[A-Z ]+\\n$";
  std::string line(30 * 1024, 'A');
  line += "\n";
  EXPECT_EQ(MatchText(m, line).verdict, MatchVerdict::kMatch);
  line[15 * 1024] = 'a';
  EXPECT_EQ(MatchText(m, line).verdict, MatchVerdict::kMismatch);
}

TEST(TextMatchTest, ARegexDecidesA1MBLine) {
  TextMatch m;
  m.regex = "^[A-Z ]+\\n$";
  std::string line(1 << 20, 'Z');
  line += "\n";
  EXPECT_EQ(MatchText(m, line).verdict, MatchVerdict::kMatch);
  line.back() = 'Z';
  const TextMatchResult r = MatchText(m, line);
  EXPECT_EQ(r.verdict, MatchVerdict::kMismatch);
  EXPECT_EQ(r.explanation, "does not match /^[A-Z ]+\\\\n$/");
}

TEST(TextMatchTest, ACatastrophicRegexIsAMismatchNotAHang) {
  TextMatch m;
  m.regex = "(a*)*b";
  EXPECT_EQ(MatchText(m, std::string(100'000, 'a')).verdict, MatchVerdict::kMismatch);
}

TEST(TextMatchTest, ARegexMatchesBytesOutsideAsciiByteForByte) {
  TextMatch m;
  m.regex = "^\\x00\\xff[\\x80-\\xfe]$";
  EXPECT_EQ(MatchText(m, std::string("\x00\xff\x80", 3)).verdict, MatchVerdict::kMatch);
  EXPECT_EQ(MatchText(m, std::string("\x00\xff\xff", 3)).verdict, MatchVerdict::kMismatch);
}

TEST(TextMatchTest, AMismatchWinsOverAnUndecidedCondition) {
  TextMatch m;
  m.exact = "HELLO";
  m.regex = "^H";
  EXPECT_EQ(MatchText(m, "HEX", false).condition, "exact");
}

TEST(TextMatchTest, DescribesEveryCondition) {
  TextMatch m;
  m.exact = "HI\n";
  m.contains = {"H"};
  m.regex = "^H";
  EXPECT_EQ(DescribeTextMatch(m), "\"HI\\n\", containing \"H\", matching /^H/");
}

}  // namespace
}  // namespace wirecheck
