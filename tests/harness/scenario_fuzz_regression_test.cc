// Every reproducer scenario_fuzz (and the list: alias bombs, deep
// nesting, huge values, binary junk) found, in tests/fixtures/fuzz/scenario_fuzz/,
// goes through LoadScenarioText as in the fuzz target: errors naming
// file:line:column, never a crash or a hang.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "harness/loader/scenario_loader.h"

namespace wirecheck {
namespace {

const std::filesystem::path kReproducers =
    std::filesystem::path(WIRECHECK_SOURCE_DIR) / "tests/fixtures/fuzz/scenario_fuzz";

ScenarioLoad LoadLikeTheFuzzer(const std::string& name) {
  std::ifstream in(kReproducers / name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return LoadScenarioText(text.str(), name);
}

TEST(ScenarioFuzzRegressionTest, EveryFixedReproducerIsErrorsOrAScenario) {
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kReproducers)) {
    const std::string name = entry.path().filename().string();
    ++files;
    const ScenarioLoad load = LoadLikeTheFuzzer(name);
    EXPECT_NE(load.scenario.has_value(), !load.errors.empty()) << name;
    for (const ScenarioError& error : load.errors) EXPECT_EQ(error.where.file, name);
  }
  EXPECT_GT(files, 0u);
}

// 500 nested flow mappings: yaml-cpp stops them as a syntax error at once,
// but the hint for unquoted placeholders then tried each of the 500 '{' as a
// placeholder, and "did you mean" computed the edit distance of every 2 KB
// candidate to every placeholder name: 14 s under the sanitizers (quadratic
// in the depth). did_you_mean now skips words too long to be near any name,
// and the loader's nesting bound (scenario_bounds) refuses the file first.
TEST(ScenarioFuzzRegressionTest, DeepFlowMappingsAreOneErrorAtOnce) {
  const ScenarioLoad load = LoadLikeTheFuzzer("deep-flow-mappings.yaml");
  EXPECT_FALSE(load.scenario.has_value());
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].where.line, 6);
  EXPECT_NE(load.errors[0].message.find("nested more than 32 levels deep"), std::string::npos)
      << load.errors[0].message;
}

// A `regex:` of 30000 nested groups overflowed the stack of std::regex's
// compiler when the loader checked it (SIGSEGV). Scenario regexes are RE2
// now, which compiles it without recursion: the file loads, and the regex
// is searched like any other.
TEST(ScenarioFuzzRegressionTest, DeeplyNestedRegexGroupsLoadWithoutACrash) {
  const ScenarioLoad load = LoadLikeTheFuzzer("regex-deep-groups.yaml");
  EXPECT_TRUE(load.scenario.has_value());
  EXPECT_TRUE(load.errors.empty());
}

}  // namespace
}  // namespace wirecheck
