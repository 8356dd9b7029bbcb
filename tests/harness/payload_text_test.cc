#include "harness/model/payload_text.h"

#include <gtest/gtest.h>

namespace wirecheck {
namespace {

std::string Text(std::string_view text) {
  std::string bytes, err;
  EXPECT_TRUE(ParseEscapedText(text, &bytes, &err)) << text << ": " << err;
  return bytes;
}

std::string TextError(std::string_view text) {
  std::string bytes, err;
  EXPECT_FALSE(ParseEscapedText(text, &bytes, &err)) << text;
  return err;
}

std::string Hex(std::string_view hex) {
  std::string bytes, err;
  EXPECT_TRUE(ParseHexBytes(hex, &bytes, &err)) << hex << ": " << err;
  return bytes;
}

std::string HexError(std::string_view hex) {
  std::string bytes, err;
  EXPECT_FALSE(ParseHexBytes(hex, &bytes, &err)) << hex;
  return err;
}

TEST(PayloadTextTest, PlainTextIsItsOwnBytes) { EXPECT_EQ(Text("hello sockets"), "hello sockets"); }

TEST(PayloadTextTest, ReadsTheCEscapes) {
  EXPECT_EQ(Text(R"(a\nb\r\n\tc)"), "a\nb\r\n\tc");
  EXPECT_EQ(Text(R"(back\\slash \"q\" \'s\')"), "back\\slash \"q\" 's'");
  EXPECT_EQ(Text(R"(\x41\x0a\xFf)"), "A\n\xff");
  EXPECT_EQ(Text(R"(nul\0byte)"), std::string("nul\0byte", 8));
}

TEST(PayloadTextTest, RejectsUnknownAndUnfinishedEscapes) {
  EXPECT_EQ(TextError(R"(bad \q)"), R"(unknown escape \q (escapes: \n \r \t \0 \\ \" \' \xHH))");
  EXPECT_EQ(TextError(R"(\x4)"), R"(\x needs two hex digits, as in \x0a)");
  EXPECT_EQ(TextError(R"(\xg0)"), R"(\x needs two hex digits, as in \x0a)");
  EXPECT_EQ(TextError("end\\"), R"(a backslash at the end of the text: write \\ for a backslash)");
}

TEST(PayloadTextTest, ReadsHexWithOrWithoutSeparators) {
  EXPECT_EQ(Hex("de ad be ef"), "\xde\xad\xbe\xef");
  EXPECT_EQ(Hex("DEADbeef"), "\xde\xad\xbe\xef");
  EXPECT_EQ(Hex("de:ad\n be\tef"), "\xde\xad\xbe\xef");
  EXPECT_EQ(Hex(""), "");
}

TEST(PayloadTextTest, RejectsOddAndNonHexDigits) {
  EXPECT_EQ(HexError("de a"), "an odd number of hex digits");
  EXPECT_EQ(HexError("d ead"), "hex digits come in pairs: a lone digit before a separator");
  EXPECT_EQ(HexError("zz"), "not a hex digit: 'z'");
}

TEST(PayloadTextTest, EscapedBytesReadBackTheSame) {
  constexpr char kRaw[] = "line\r\n\t\"q\\\0\x7f\xff ok";
  const std::string bytes(kRaw, sizeof kRaw - 1);
  EXPECT_EQ(EscapeBytes(bytes), R"(line\r\n\t\"q\\\0\x7f\xff ok)");
  EXPECT_EQ(Text(EscapeBytes(bytes)), bytes);
}

}  // namespace
}  // namespace wirecheck
