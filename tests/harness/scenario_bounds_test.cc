// Scenario files from strangers: each hostile file the test makes is refused
// with one error, word for word, at file:line:column; none crashes, hangs or
// takes gigabytes (the limits bound the work, so no time is asserted).

#include "harness/loader/scenario_bounds.h"

#include <gtest/gtest.h>

#include <string>

#include "harness/loader/scenario_loader.h"

namespace wirecheck {
namespace {

using namespace std::string_literals;

constexpr std::string_view kHead = "scenario: x\nserver:\n  run: ./s {port}\n";

std::string ErrorsOf(std::string_view yaml) {
  const ScenarioLoad load = LoadScenarioText(yaml, "s.yaml");
  EXPECT_FALSE(load.scenario.has_value());
  std::string text;
  for (const ScenarioError& e : load.errors) text += ToString(e) + "\n";
  return text;
}

std::string Repeat(std::string_view s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(ScenarioBoundsTest, DeepFlowNestingIsRefusedAtTheLimit) {
  const std::string yaml = "scenario: x\nserver: " + Repeat("{a: ", 100000) + "1" + Repeat("}", 100000) + "\n";
  EXPECT_EQ(ErrorsOf(yaml), "s.yaml:2:133: nested more than 32 levels deep: the most a scenario may nest\n");
}

// Unclosed, the nesting is still what is said, not a syntax error at its end.
TEST(ScenarioBoundsTest, DeepUnclosedNestingIsRefusedAtTheLimit) {
  const std::string yaml = "scenario: x\nserver: " + Repeat("{a: ", 100000) + "\n";
  EXPECT_EQ(ErrorsOf(yaml), "s.yaml:2:133: nested more than 32 levels deep: the most a scenario may nest\n");
}

TEST(ScenarioBoundsTest, DeepBlockSequencesAreRefusedAtTheLimit) {
  const std::string yaml = std::string(kHead) + "clients:\n" + Repeat("- ", 100000) + "x\n";
  EXPECT_EQ(ErrorsOf(yaml), "s.yaml:5:63: nested more than 32 levels deep: the most a scenario may nest\n");
}

// Not billion laughs: many references to one big anchor.
TEST(ScenarioBoundsTest, AliasesCountAsWhatTheyRepeat) {
  const std::string big = "[" + Repeat("1,", 1999) + "1]";
  const std::string yaml = std::string(kHead) + "description: &big " + big + "\nx: [" + Repeat("*big, ", 1000) + "]\n";
  EXPECT_EQ(ErrorsOf(yaml), "s.yaml:5:293: more than 100000 values (aliases counted as what they repeat): the "
                            "most a scenario may hold\n");
}

TEST(ScenarioBoundsTest, AliasesOfABigTextCountItsBytes) {
  const std::string yaml = "scenario: x\nserver:\n  run: ./s\n  stdin: &s \"" + std::string(500000, 'a') +
                           "\"\nclients:\n" + Repeat("- {run: c, stdin: *s}\n", 20);
  EXPECT_EQ(ErrorsOf(yaml), "s.yaml:13:19: more than 4 MiB of text (aliases counted as what they repeat): the "
                            "most a scenario may hold\n");
}

TEST(ScenarioBoundsTest, ClientGroupsPastTheMaximumAreRefused) {
  const std::string yaml = std::string(kHead) + "clients:\n" + Repeat("- {run: c}\n", 1700);
  EXPECT_EQ(ErrorsOf(yaml), "s.yaml:1005:3: more than 1000 client groups: the most a scenario may have\n");
}

TEST(ScenarioBoundsTest, ClientsOverAllGroupsPastTheMaximumAreRefused) {
  const std::string yaml = std::string(kHead) + "clients:\n- {run: c, count: 10000}\n- {run: d, count: 1}\n";
  EXPECT_EQ(ErrorsOf(yaml), "s.yaml:6:3: more than 10000 clients over all groups: the most a scenario may run\n");
}

TEST(ScenarioBoundsTest, FileLargerThanTheMaximumIsRefusedWhereItPassesIt) {
  const std::string yaml = std::string(kHead) + "description: \"" + std::string(2 << 20, 'a') + "\"\n";
  EXPECT_EQ(ErrorsOf(yaml), "s.yaml:4:1048539: the file is larger than 1 MiB, the most a scenario file may hold\n");
}

TEST(ScenarioBoundsTest, NulByteIsNotText) {
  EXPECT_EQ(ErrorsOf("scenario: x\0\nserver:\n  run: ./s\n"s),
            "s.yaml:1:12: a NUL byte: a scenario file is YAML text, not binary data\n");
}

TEST(ScenarioBoundsTest, BinaryJunkIsNotText) {
  std::string junk;
  for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 7919) & 0xff);
  EXPECT_EQ(ErrorsOf(junk), "s.yaml:1:1: a NUL byte: a scenario file is YAML text, not binary data\n");
}

TEST(ScenarioBoundsTest, InvalidUtf8IsRefused) {
  EXPECT_EQ(ErrorsOf("scenario: caf\xe9\nserver:\n  run: ./s\n"),
            "s.yaml:1:14: not UTF-8 text (byte 0xe9): a scenario file is YAML text in UTF-8\n");
}

TEST(ScenarioBoundsTest, RawEscapeCharacterIsRefused) {
  EXPECT_EQ(ErrorsOf("scenario: \x1b[2Jcleared\nserver:\n  run: ./s\n"),
            "s.yaml:1:11: a control character (0x1b): write it as an escape in a double-quoted string, "
            "e.g. \"\\x1b\"\n");
}

TEST(ScenarioBoundsTest, Utf8TextIsWelcome) {
  const ScenarioLoad load = LoadScenarioText("scenario: caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80\nserver:\n  run: ./s\n",
                                             "s.yaml");
  ASSERT_TRUE(load.scenario.has_value());
  EXPECT_EQ(load.scenario->title, "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80");
}

// The did-you-mean of a very long value or placeholder compares nothing.
TEST(ScenarioBoundsTest, LongUnknownChoiceHasNoSuggestion) {
  const std::string yaml = std::string(kHead) + "protocol: " + std::string(500000, 't') + "\n";
  EXPECT_EQ(ErrorsOf(yaml), "s.yaml:4:11: 'protocol': expected one of tcp, udp, got '" + std::string(500000, 't') +
                                "'\n");
}

TEST(ScenarioBoundsTest, LongUnknownPlaceholderHasNoSuggestion) {
  const std::string yaml = "scenario: x\nserver:\n  run: \"{" + std::string(500000, 'p') + "}\"\n";
  EXPECT_EQ(ErrorsOf(yaml), "s.yaml:3:8: 'run': unknown placeholder {" + std::string(500000, 'p') +
                                "} (placeholders: see scenarios/README.md)\n");
}

// A line of braces was once read again for each of its braces.
TEST(ScenarioBoundsTest, LongLineOfBracesInASyntaxErrorIsOnePass) {
  const std::string yaml = "scenario: x\nserver: " + Repeat("{", 20) + Repeat("}", 40) + Repeat("{a} ", 100000) + "\n";
  const std::string errors = ErrorsOf(yaml);
  EXPECT_EQ(errors.rfind("s.yaml:2:", 0), 0u) << errors;
  EXPECT_NE(errors.find("YAML syntax error"), std::string::npos) << errors;
}

TEST(ScenarioBoundsTest, ErrorsPastTheMaximumAreCounted) {
  std::string yaml(kHead);
  for (int i = 0; i < 5000; ++i) yaml += "bogus" + std::to_string(i) + ": 1\n";
  const ScenarioLoad load = LoadScenarioText(yaml, "s.yaml");
  ASSERT_EQ(load.errors.size(), 101u);
  EXPECT_EQ(ToString(load.errors[0]), "s.yaml:4:1: unknown key 'bogus0' in scenario");
  EXPECT_EQ(ToString(load.errors[99]), "s.yaml:103:1: unknown key 'bogus99' in scenario");
  EXPECT_EQ(ToString(load.errors[100]), "s.yaml: 4900 more errors not shown");
}

TEST(ScenarioBoundsTest, SizesPastTheirMaximumAreRefused) {
  EXPECT_EQ(ErrorsOf(std::string(kHead) + "  limits: {output: 8589934592GiB, file_size: 17GiB, address_space: 1025GiB}\n"),
            "s.yaml:4:20: 'output': '8589934592GiB' is more than the maximum, 256MiB\n"
            "s.yaml:4:46: 'file_size': '17GiB' is more than the maximum, 16GiB\n"
            "s.yaml:4:68: 'address_space': '1025GiB' is more than the maximum, 1024GiB\n");
}

TEST(ScenarioBoundsTest, SizesAtTheirMaximumAreAccepted) {
  const ScenarioLoad load =
      LoadScenarioText(std::string(kHead) + "  limits: {output: 256MiB, file_size: 16GiB, address_space: 1024GiB}\n",
                       "s.yaml");
  ASSERT_TRUE(load.scenario.has_value());
  EXPECT_EQ(load.scenario->server.command->limits.output, 256u << 20);
}

TEST(ScenarioBoundsTest, DurationsPastTheMaximumAreRefused) {
  EXPECT_EQ(ErrorsOf(std::string(kHead) + "  timeout: 24h1s\n  limits: {cpu: 100000h}\ntimeout: 25h\n"),
            "s.yaml:4:12: 'timeout': '24h1s' is longer than the maximum, 24h\n"
            "s.yaml:5:17: 'cpu': '100000h' is longer than the maximum, 24h\n"
            "s.yaml:6:10: 'timeout': '25h' is longer than the maximum, 24h\n");
}

TEST(ScenarioBoundsTest, LocationOfByteCountsCharacters) {
  const SourceLocation where = LocationOfByte("ab\ncaf\xc3\xa9x", 8, "f");
  EXPECT_EQ(ToString(where), "f:2:5");
}

}  // namespace
}  // namespace wirecheck
