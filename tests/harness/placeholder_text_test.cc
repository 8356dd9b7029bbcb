#include "harness/model/placeholder_text.h"

#include <gtest/gtest.h>

namespace wirecheck {
namespace {

std::string Error(std::string_view text) {
  std::string err;
  EXPECT_FALSE(CheckPlaceholders(text, &err)) << text;
  return err;
}

TEST(PlaceholderTextTest, AcceptsKnownPlaceholdersAndDoubledBraces) {
  std::string err;
  EXPECT_TRUE(CheckPlaceholders("{build}/scenarios/server {port} {host}", &err)) << err;
  EXPECT_TRUE(CheckPlaceholders("{scenarios} {submission} {here} {tmp} {name} {index} {family}", &err)) << err;
  EXPECT_TRUE(CheckPlaceholders("awk '{{print $1}}'", &err)) << err;
  EXPECT_TRUE(CheckPlaceholders("no placeholders", &err)) << err;
}

TEST(PlaceholderTextTest, UnknownPlaceholderSuggestsAKnownOne) {
  EXPECT_EQ(Error("./server {prot}"), "unknown placeholder {prot} (did you mean {port}?)");
  EXPECT_EQ(Error("{submision}"), "unknown placeholder {submision} (did you mean {submission}?)");
  EXPECT_EQ(Error("{x}"), "unknown placeholder {x} (placeholders: see scenarios/README.md)");
}

TEST(PlaceholderTextTest, LoneBracesAreErrors) {
  EXPECT_EQ(Error("{port"), "an unclosed '{': write {{ for a literal brace");
  EXPECT_EQ(Error("port}"), "a lone '}': write }} for a literal brace");
}

TEST(PlaceholderTextTest, ExpandsKnownValuesAndLiteralBraces) {
  const std::map<std::string, std::string> values = {{"port", "6789"}, {"host", "::1"}};
  EXPECT_EQ(ExpandPlaceholders("[{host}]:{port}", values), "[::1]:6789");
  EXPECT_EQ(ExpandPlaceholders("{{port}} {port}", values), "{port} 6789");
  EXPECT_EQ(ExpandPlaceholders("{build}/x", values), "{build}/x");
}

TEST(PlaceholderTextTest, UsedPlaceholdersAreEachNamedOnceAndBracesAreNotOnes) {
  EXPECT_EQ(UsedPlaceholders("cd {submission} && {{x}} {port} {submission}"),
            (std::vector<std::string>{"submission", "port"}));
  EXPECT_TRUE(UsedPlaceholders("no {{placeholders}} here").empty());
}

TEST(PlaceholderTextTest, EveryPlaceholderHasAMeaning) {
  for (const Placeholder& p : Placeholders()) EXPECT_FALSE(p.meaning.empty()) << p.name;
}

}  // namespace
}  // namespace wirecheck
