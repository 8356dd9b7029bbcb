// `wirecheck check` and `wirecheck schema`, as library calls.

#include "harness/cli/check_command.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace wirecheck {
namespace {

const std::string kSource = WIRECHECK_SOURCE_DIR;
const std::string kGood = kSource + "/scenarios/examples/tcp_capitalize_ipv6.yaml";
const std::string kBad = kSource + "/tests/fixtures/scenarios/protocol_mismatch.yaml";

TEST(CheckCommandTest, ValidFilesPrintOneOkLineEachAndExitZero) {
  std::ostringstream out, err;
  EXPECT_EQ(RunCheck({kGood}, out, err), ExitCode::kOk);
  EXPECT_EQ(out.str(), kGood + ": OK: TCP capitalize over IPv6\n");
  EXPECT_EQ(err.str(), "");
}

TEST(CheckCommandTest, ErrorsOfEveryFileArePrintedAndExitIsTwo) {
  std::ostringstream out, err;
  EXPECT_EQ(RunCheck({kBad, kGood}, out, err), ExitCode::kBadInput);
  EXPECT_EQ(out.str(), kGood + ": OK: TCP capitalize over IPv6\n");
  EXPECT_EQ(err.str(),
            kBad + ":7:5: error: 'wire' applies to tcp only; this scenario's protocol is udp\n" +
            kBad + ":9:9: error: 'connect' applies to tcp only; this scenario's protocol is udp\n" +
            kBad + ":13:3: error: 'connections' applies to tcp only; this scenario's protocol is udp\n" +
            kBad + ":14:3: error: 'every_connection' applies to tcp only; this scenario's protocol is udp\n");
}

// An assignment is checked with every scenario it names; a scenario's own
// error keeps its file.
TEST(CheckCommandTest, AnAssignmentIsCheckedWithItsScenarios) {
  std::ostringstream out, err;
  const std::string assignment = kSource + "/scenarios/class/assignment.yaml";
  EXPECT_EQ(RunCheck({assignment}, out, err), ExitCode::kOk);
  EXPECT_EQ(out.str(), assignment + ": OK: TCP capitalize server (3 scenarios, 100 points)\n");
  EXPECT_EQ(err.str(), "");
}

TEST(CheckCommandTest, TheAssignmentSchemaIsPrintedOnRequest) {
  std::ostringstream out;
  EXPECT_EQ(PrintSchema(out, true), ExitCode::kOk);
  EXPECT_EQ(nlohmann::json::parse(out.str())["title"], "wirecheck assignment");
}

TEST(CheckCommandTest, NoFilesIsBadInput) {
  std::ostringstream out, err;
  EXPECT_EQ(RunCheck({}, out, err), ExitCode::kBadInput);
  EXPECT_EQ(err.str(), "wirecheck check: no scenario files given\n");
}

TEST(CheckCommandTest, SchemaIsPrintedAsJson) {
  std::ostringstream out;
  EXPECT_EQ(PrintSchema(out), ExitCode::kOk);
  const auto schema = nlohmann::json::parse(out.str());
  EXPECT_EQ(schema["title"], "wirecheck scenario");
}

}  // namespace
}  // namespace wirecheck
