// `--repeat N` end to end: a scenario built to be flaky is reported flaky
// and fails; every bundled example is stable over 20 runs; grading repeats
// each scenario. Label `run`.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/run_command.h"
#include "tests/support/run_folders.h"

namespace wirecheck {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::RunWirecheck;

const std::string kSource = WIRECHECK_SOURCE_DIR;
const std::string kBuild = fs::path(WIRECHECK_BINARY).parent_path().string();

class RepeatTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string why = testing::WhyNoRunSandbox();
    if (!why.empty()) GTEST_SKIP() << "no sandbox for runs: " << why;
  }
};

const json* FindCheck(const json& run, const std::string& id) {
  for (const json& c : run["checks"]) {
    if (c["id"] == id) return &c;
  }
  return nullptr;
}

// coin_close_server.py closes with a FIN or a RST on a coin toss: 20 runs
// all alike has a chance of 2 in a million.
TEST_F(RepeatTest, ACheckThatPassesInSomeRunsOnlyIsFlakyAndFails) {
  const auto r = RunWirecheck({"run", kSource + "/tests/fixtures/scenarios/flaky/coin_close.yaml", "--build", kBuild,
                               "--repeat", "20", "--format", "json"});
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  const json run = json::parse(r.out)["runs"][0];
  EXPECT_EQ(run["repeats"], 20);
  const json* close = FindCheck(run, "every_connection.close.clean");
  ASSERT_NE(close, nullptr);
  EXPECT_EQ((*close)["status"], "fail");
  EXPECT_EQ((*close)["repeat"]["verdict"], "flaky");
  EXPECT_EQ((*close)["repeat"]["runs"], 20);
  const int passed = (*close)["repeat"]["passed"];
  EXPECT_GT(passed, 0);
  EXPECT_LT(passed, 20);
  EXPECT_EQ((*close)["repeat"]["failed"], 20 - passed);
  EXPECT_EQ((*close)["message"].get<std::string>().rfind("flaky: passed in " + std::to_string(passed) + " of 20 runs; in run ", 0), 0u)
      << (*close)["message"];
  EXPECT_EQ((*close)["points"]["earned"], 0.0);  // a flaky check earns nothing
  // The evidence is the shown run's: the RST it points at is in that run.
  EXPECT_FALSE((*close)["evidence"]["packets"].empty());
  // Everything else is the same in every run.
  for (const json& c : run["checks"]) {
    if (c["id"] == "every_connection.close.clean") continue;
    EXPECT_EQ(c["repeat"]["verdict"], "stable-pass") << c["id"];
    EXPECT_EQ(c["status"], "pass") << c["id"];
  }
  EXPECT_EQ((*FindCheck(run, "every_connection.server_sends"))["points"]["earned"], 10.0);
}

// The bundled examples, each 20 times with both cores' worth of clients:
// not one check may come out both ways.
TEST_F(RepeatTest, EveryExampleIsStableOverTwentyRuns) {
  std::vector<std::string> args = {"run"};
  for (const auto& entry : fs::directory_iterator(kSource + "/scenarios/examples")) {
    if (entry.path().extension() == ".yaml") args.push_back(entry.path().string());
  }
  ASSERT_GE(args.size(), 8u);
  args.insert(args.end(), {"--repeat", "20", "--format", "json"});
  const auto r = RunWirecheck(args);
  // The checks first, then the exit code: a failed check must say which
  // one, its message and the run it failed in, not only "exit 1".
  const json report = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(report.is_discarded()) << "exit " << r.exit_code << ", no JSON report; stderr:\n" << r.err;
  ASSERT_EQ(report["runs"].size(), args.size() - 5) << r.err;
  for (const json& run : report["runs"]) {
    EXPECT_EQ(run["repeats"], 20) << run["scenario"];
    if (run.contains("error")) ADD_FAILURE() << run["scenario"] << ": " << run["error"].dump();
    for (const json& c : run["checks"]) {
      EXPECT_NE(c["repeat"]["verdict"], "flaky") << run["scenario"] << ": " << c["id"] << ": " << c["message"];
      EXPECT_EQ(c["status"], "pass") << run["scenario"] << ": " << c["id"] << ": " << c["message"];
    }
  }
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

// An assignment's author repeats the runs of a submission: a correct one
// keeps every point, each check over 3 runs.
TEST_F(RepeatTest, GradingRepeatsEachScenario) {
  const std::string klass = kSource + "/scenarios/class";
  testing::TestFolder out("wirecheck-repeat-grade");
  const auto r = RunWirecheck({"grade", klass + "/assignment.yaml", klass + "/submissions", "-o",
                               out.path().string(), "--only", "alice-c-fork", "--repeat", "3", "--build", kBuild});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::ifstream in(out.path() / "alice-c-fork" / "report.json");
  const json report = json::parse(in);
  ASSERT_EQ(report["runs"].size(), 3u);
  for (const json& run : report["runs"]) {
    EXPECT_EQ(run["repeats"], 3);
    for (const json& c : run["checks"]) EXPECT_EQ(c["repeat"]["runs"], 3) << c["id"];
  }
  EXPECT_NE(r.out.find("alice-c-fork: 100/100"), std::string::npos) << r.out;
}

TEST(RepeatOptionTest, ZeroOrTooManyRepeatsAreBadInput) {
  for (const char* n : {"0", "1001", "x"}) {
    const auto r = RunWirecheck({"run", kSource + "/scenarios/examples/udp_capitalize.yaml", "--repeat", n});
    EXPECT_EQ(r.exit_code, 2) << n << ": " << r.err;
    EXPECT_NE(r.err.find("--repeat"), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace wirecheck
