// JsonLine writes what nlohmann::json's dump() writes for the same fields:
// `wirecheck show --format json` changed its writer, not its output.

#include "harness/show/json_line.h"

#include <gtest/gtest.h>

#include <cmath>

#include <nlohmann/json.hpp>

namespace wirecheck {
namespace {

TEST(JsonLineTest, TheSameTextAsNlohmannForEveryKindOfField) {
  std::string line;
  JsonLine j(&line);
  j.Number("ts", 1700000000.123456);
  j.Number("whole", 1.0);
  j.Number("tiny", 1e-06);
  j.Field("uid", "C12");
  j.Field("n", std::uint64_t{18446744073709551615ull});
  j.Field("yes", true);
  j.Null("none");
  j.Begin("side");
  j.Field("text", std::string_view("quote\" back\\ nl\n tab\t \x01 ^h"));
  j.Raw("states", "[\"SYN-SENT\",\"ESTABLISHED\"]");
  j.End();
  j.Begin("open");
  j.Field("x", std::uint64_t{0});
  j.Close();

  nlohmann::ordered_json expected;
  expected["ts"] = 1700000000.123456;
  expected["whole"] = 1.0;
  expected["tiny"] = 1e-06;
  expected["uid"] = "C12";
  expected["n"] = std::uint64_t{18446744073709551615ull};
  expected["yes"] = true;
  expected["none"] = nullptr;
  expected["side"]["text"] = "quote\" back\\ nl\n tab\t \x01 ^h";
  expected["side"]["states"] = {"SYN-SENT", "ESTABLISHED"};
  expected["open"]["x"] = 0;
  EXPECT_EQ(line, expected.dump());
}

TEST(JsonLineTest, ArraysLongStringsAndGrowthAsNlohmannWritesThem) {
  std::string line = "kept before ";
  const std::string long_text(5000, '\x02');  // escaped six times its size: past the first room
  {
    JsonLine j(&line);
    j.BeginArray("states");
    j.ArrayString("SYN-SENT");
    j.ArrayString("ESTABLISHED");
    j.EndArray();
    j.BeginArray("none");
    j.EndArray();
    j.Field("long", long_text);
    j.Number("nan", std::nan(""));
    j.Close();
  }
  nlohmann::ordered_json expected;
  expected["states"] = {"SYN-SENT", "ESTABLISHED"};
  expected["none"] = nlohmann::json::array();
  expected["long"] = long_text;
  expected["nan"] = std::nan("");
  EXPECT_EQ(line, "kept before " + expected.dump());

  std::string text = "x";
  JsonLine::AppendString("a\"b", &text);
  EXPECT_EQ(text, "x\"a\\\"b\"");
}

TEST(JsonLineTest, AnEscapeAtAnyPlaceOfALongStringAsNlohmannWritesIt) {
  // The writer copies eight clean bytes at a time: an escape in every
  // position of a chunk and of the tail, and every byte value 1..127 once.
  for (char special : std::string("\"\\\n\x01\x1f\x7f ~")) {
    for (std::size_t at = 0; at < 27; ++at) {
      std::string text(27, 'a');
      text[at] = special;
      std::string line;
      JsonLine j(&line);
      j.Field("t", text);
      j.Close();
      nlohmann::ordered_json expected;
      expected["t"] = text;
      ASSERT_EQ(line, expected.dump()) << at << " " << int{special};
    }
  }
  std::string all;
  for (int byte = 1; byte < 128; ++byte) all.push_back(static_cast<char>(byte));
  std::string line;
  JsonLine j(&line);
  j.Field("all", all);
  j.Close();
  nlohmann::ordered_json expected;
  expected["all"] = all;
  EXPECT_EQ(line, expected.dump());
}

}  // namespace
}  // namespace wirecheck
