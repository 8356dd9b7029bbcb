// Specifications of Pattern: RE2 syntax searched in bytes a program under
// test chose, byte for byte, in linear time; what RE2 refuses, and why.

#include "harness/model/pattern.h"

#include <gtest/gtest.h>

namespace wirecheck {
namespace {

std::unique_ptr<const Pattern> Compiled(std::string_view pattern) {
  std::string err;
  auto p = Pattern::Compile(pattern, &err);
  EXPECT_NE(p, nullptr) << err;
  return p;
}

std::string CompileError(std::string_view pattern) {
  std::string err;
  EXPECT_EQ(Pattern::Compile(pattern, &err), nullptr) << pattern;
  return err;
}

TEST(PatternTest, IsSearchedNotAnchored) {
  EXPECT_TRUE(Compiled("[A-Z]+")->Search("from SERVER"));
  EXPECT_FALSE(Compiled("^[A-Z]+")->Search("from SERVER"));
  EXPECT_TRUE(Compiled("^[A-Z ]+\\n$")->Search("HELLO SOCKETS\n"));
  EXPECT_FALSE(Compiled("^[A-Z ]+\\n$")->Search("hello\n"));
}

TEST(PatternTest, CaretAndDollarAreTheEndsOfAllTheBytes) {
  EXPECT_FALSE(Compiled("^B")->Search("A\nB"));
  EXPECT_FALSE(Compiled("A$")->Search("A\nB"));
  EXPECT_FALSE(Compiled("A$")->Search("A\n"));  // not before a final '\n' either
  EXPECT_TRUE(Compiled("(?m)^B$")->Search("A\nB\nC"));
}

TEST(PatternTest, DotIsAnyByteButNewline) {
  EXPECT_FALSE(Compiled("A.B")->Search("A\nB"));
  EXPECT_TRUE(Compiled("A.B")->Search("A\rB"));
  EXPECT_TRUE(Compiled("(?s)A.B")->Search("A\nB"));
}

TEST(PatternTest, BytesOutsideAsciiAreMatchedByteForByte) {
  const std::string bytes("\x00\x80\xe9\xff", 4);
  EXPECT_TRUE(Compiled("^\\x00\\x80\\xe9\\xff$")->Search(bytes));
  EXPECT_TRUE(Compiled("^....$")->Search(bytes));                      // one character per byte
  EXPECT_TRUE(Compiled("^\\x00[\\x80-\\xff]{3}$")->Search(bytes));
  EXPECT_FALSE(Compiled("[\\x80-\\xff]")->Search("plain ascii"));
  EXPECT_TRUE(Compiled("caf\xc3\xa9")->Search("un caf\xc3\xa9"));  // UTF-8 in a pattern is its bytes
  EXPECT_FALSE(Compiled("caf\\xe9")->Search("caf\xc3\xa9"));          // \xe9 is the byte, not U+00E9
  EXPECT_TRUE(Compiled(std::string_view("A\0B", 3))->Search(std::string_view("xA\0By", 5)));
}

TEST(PatternTest, CatastrophicForABacktrackerIsLinearHere) {
  const std::string as(100'000, 'a');
  EXPECT_FALSE(Compiled("(a*)*b")->Search(as));
  EXPECT_FALSE(Compiled("^(a|aa)+$")->Search(as + "!"));
  EXPECT_TRUE(Compiled("(a*)*b")->Search(as + "b"));
}

TEST(PatternTest, AMegabyteLineIsSearchedWhole) {
  std::string line(1 << 20, 'X');
  line += "\n";
  EXPECT_TRUE(Compiled("^X+\\n$")->Search(line));
  line[line.size() / 2] = 'x';
  EXPECT_FALSE(Compiled("^X+\\n$")->Search(line));
}

TEST(PatternTest, BackreferencesAndLookaroundAreRefusedWithTheReason) {
  EXPECT_EQ(CompileError("(a)\\1"),
            "invalid escape sequence: \\1 (backreferences and lookaround are not supported: "
            "a scenario's regex is RE2 syntax)");
  EXPECT_EQ(CompileError("HELLO(?= WORLD)"),
            "invalid perl operator: (?= (backreferences and lookaround are not supported: "
            "a scenario's regex is RE2 syntax)");
  EXPECT_EQ(CompileError("(?<!x)y"),
            "invalid perl operator: (?< (backreferences and lookaround are not supported: "
            "a scenario's regex is RE2 syntax)");
}

TEST(PatternTest, OtherErrorsAreRe2sOwnMessage) {
  EXPECT_EQ(CompileError("[a-"), "missing ]: [a-");
  EXPECT_EQ(CompileError("^Sh("), "missing ): ^Sh(");
  EXPECT_EQ(CompileError("\\u0041"), "invalid escape sequence: \\u");
}

TEST(PatternTest, BracesThatAreNoRepetitionAreLiteral) {
  EXPECT_TRUE(Compiled("^\\{\"a\": 1\\}$")->Search("{\"a\": 1}"));
  EXPECT_TRUE(Compiled("CLIENT {index}")->Search("CLIENT {index}"));  // a placeholder left unexpanded
  EXPECT_TRUE(Compiled("^[0-9]{2}$")->Search("42"));
}

TEST(PatternTest, IsCompiledOncePerPatternAndKept) {
  const Pattern* first = CompiledPattern("^ShAD");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(CompiledPattern("^ShAD"), first);
  EXPECT_TRUE(first->Search("ShADadfF"));
  EXPECT_EQ(CompiledPattern("(unclosed"), nullptr);
}

}  // namespace
}  // namespace wirecheck
