#include "reports/escape.h"

#include <gtest/gtest.h>

#include <string>

namespace wirecheck::reports {
namespace {

using namespace std::string_literals;

TEST(EscapeBytesTest, KeepsPrintableAscii) {
  EXPECT_EQ(EscapeBytes("hello, Sockets! ~{}[]"), "hello, Sockets! ~{}[]");
}

TEST(EscapeBytesTest, NamesNewlineReturnTabBackslashAndQuote) {
  EXPECT_EQ(EscapeBytes("a\nb\rc\td\\e\"f"), R"(a\nb\rc\td\\e\"f)");
}

TEST(EscapeBytesTest, HexEscapesEverythingElse) {
  EXPECT_EQ(EscapeBytes("\0\x01\x1f\x7f\x80\xff"s), R"(\x00\x01\x1f\x7f\x80\xff)");
}

TEST(EscapeBytesTest, Utf8TextIsHexEscapedByteByByte) {
  EXPECT_EQ(EscapeBytes("caf\xc3\xa9"), R"(caf\xc3\xa9)");
}

TEST(EscapeBytesTest, EmptyStaysEmpty) { EXPECT_EQ(EscapeBytes(""), ""); }

TEST(EscapedPreviewTest, ShortInputIsShownWhole) {
  EXPECT_EQ(EscapedPreview("hello\n", 32), R"(hello\n)");
}

TEST(EscapedPreviewTest, ExactlyMaxBytesHasNoMarker) {
  EXPECT_EQ(EscapedPreview("abcd", 4), "abcd");
}

TEST(EscapedPreviewTest, CutCountsBytesNotShown) {
  EXPECT_EQ(EscapedPreview("hello sockets\n", 5), "hello\u2026(+9 bytes)");
}

TEST(EscapedPreviewTest, OneByteNotShownIsSingular) {
  EXPECT_EQ(EscapedPreview("abcde", 4), "abcd\u2026(+1 byte)");
}

TEST(EscapedPreviewTest, CutIsInInputBytesSoEscapesAreNeverSplit) {
  EXPECT_EQ(EscapedPreview("\n\n\n\n", 2), R"(\n\n)" "\u2026(+2 bytes)");
}

TEST(EscapedPreviewTest, TotalLengthCountsBytesTheHarnessDidNotKeep) {
  // A 1460-byte segment of which the harness kept the first 8 bytes.
  EXPECT_EQ(EscapedPreview("GET / HT", 32, 1460), "GET / HT\u2026(+1452 bytes)");
}

TEST(EscapedPreviewTest, TotalLengthSmallerThanBytesIsIgnored) {
  EXPECT_EQ(EscapedPreview("abcdef", 3, 2), "abc\u2026(+3 bytes)");
}

TEST(EscapedPreviewTest, ZeroMaxShowsOnlyTheCount) {
  EXPECT_EQ(EscapedPreview("abc", 0), "\u2026(+3 bytes)");
}

TEST(EscapeControlsTest, KeepsPrintableAsciiAndUtf8) {
  EXPECT_EQ(EscapeControls("TCP \"echo\" \\ caf\xc3\xa9 \xe2\x80\xa6 \xf0\x9f\x98\x80"),
            "TCP \"echo\" \\ caf\xc3\xa9 \xe2\x80\xa6 \xf0\x9f\x98\x80");
}

TEST(EscapeControlsTest, ByLineKeepsTheNewlinesAndEscapesTheRest) {
  EXPECT_EQ(EscapeControlsByLine("a\x1b[31m\nb\tc\n\n\xff\n"), "a\\x1b[31m\nb\\x09c\n\n\\xff\n");
  EXPECT_EQ(EscapeControlsByLine(""), "");
  EXPECT_EQ(EscapeControlsByLine("\n"), "\n");
}

TEST(EscapeControlsTest, HexEscapesEveryControlByte) {
  EXPECT_EQ(EscapeControls("\x1b[2Jclear\x07\0\x7f\t\n"s), R"(\x1b[2Jclear\x07\x00\x7f\x09\x0a)");
}

// U+009B is CSI to a terminal that reads C1 controls: never passed through.
TEST(EscapeControlsTest, HexEscapesC1ControlsWrittenAsUtf8) {
  EXPECT_EQ(EscapeControls("a\xc2\x9b" "2Jb\xc2\x85"), R"(a\xc2\x9b2Jb\xc2\x85)");
}

TEST(EscapeControlsTest, HexEscapesInvalidUtf8ByteByByte) {
  EXPECT_EQ(EscapeControls("\x9b\xff\xc3(\xe2\x82\xed\xa0\x80"), R"(\x9b\xff\xc3(\xe2\x82\xed\xa0\x80)");
}

}  // namespace
}  // namespace wirecheck::reports
