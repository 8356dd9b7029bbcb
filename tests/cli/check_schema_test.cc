// `wirecheck check` and `wirecheck schema` through the real binary.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "tests/support/run_command.h"

namespace wirecheck {
namespace {

const std::string kSource = WIRECHECK_SOURCE_DIR;

TEST(CheckCommandCliTest, EveryBundledExampleIsValid) {
  std::vector<std::string> args{"check"};
  for (const auto& e : std::filesystem::directory_iterator(kSource + "/scenarios/examples")) {
    if (e.path().extension() == ".yaml") args.push_back(e.path().string());
  }
  ASSERT_GT(args.size(), 1u);
  const auto r = testing::RunWirecheck(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
}

TEST(CheckCommandCliTest, InvalidFileIsExitCode2WithFileLineColumn) {
  const std::string bad = kSource + "/tests/fixtures/scenarios/bad_grading.yaml";
  const auto r = testing::RunWirecheck({"check", bad});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(bad + ":8:3: error: 'grading': unknown check 'handshakes' (did you mean "
                             "'handshake'?)"),
            std::string::npos)
      << r.err;
}

TEST(SchemaCommandCliTest, PrintsAJsonSchemaOfTheFormat) {
  const auto r = testing::RunWirecheck({"schema"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto schema = nlohmann::json::parse(r.out);
  EXPECT_TRUE(schema.contains("$schema"));
  EXPECT_TRUE(schema["properties"].contains("server"));
  EXPECT_TRUE(schema["properties"].contains("clients"));
}

}  // namespace
}  // namespace wirecheck
