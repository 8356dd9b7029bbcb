// The library calls run, verify and grade share (harness/run/scenario_runs.h):
// the events each sends to the reporter, in order, and when. The live run
// needs user + network namespaces (label sandbox; it skips with the reason
// where the kernel refuses them).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "harness/run/run_plan.h"
#include "harness/run/scenario_runs.h"
#include "harness/sandbox/sandbox.h"

namespace wirecheck {
namespace {

using ::testing::ElementsAre;
using Clock = std::chrono::steady_clock;

const std::string kSource = WIRECHECK_SOURCE_DIR;
const std::string kFixtures = kSource + "/tests/fixtures/scenarios/run/";

// Every event as a line, and when it came.
class RecordingReporter : public reports::Reporter {
 public:
  void ReportStarted(std::size_t runs) override { Add("report " + std::to_string(runs)); }
  void RunStarted(const reports::Run& run) override { Add("run " + run.scenario); }
  void CheckFinished(const reports::Check& check) override { Add("check " + check.id); }
  void RunFinished(const reports::Run& run) override {
    Add("end " + run.scenario + " " + std::to_string(run.checks.size()) + " checks");
  }
  void ReportFinished(const reports::Report& report) override {
    Add("report end " + std::to_string(report.runs.size()));
  }
  Clock::time_point When(const std::string& event) const {
    for (std::size_t i = 0; i < events.size(); ++i) {
      if (events[i] == event) return times[i];
    }
    ADD_FAILURE() << "no event " << event;
    return {};
  }
  std::vector<std::string> events;
  std::vector<Clock::time_point> times;

 private:
  void Add(std::string event) {
    events.push_back(std::move(event));
    times.push_back(Clock::now());
  }
};

TEST(ScenarioRunsTest, FileThatDoesNotLoadIsARunWithItsErrors) {
  RecordingReporter events;
  std::ostringstream warnings;
  const reports::Report report =
      RunScenarioFiles({kFixtures + "no-such-file.yaml"}, RunSettings{}, events, warnings);
  EXPECT_THAT(events.events, ElementsAre("report 1", "run " + kFixtures + "no-such-file.yaml",
                                         "end " + kFixtures + "no-such-file.yaml 0 checks", "report end 1"));
  ASSERT_EQ(report.runs.size(), 1u);
  ASSERT_TRUE(report.runs[0].harness_error());
  EXPECT_EQ(report.runs[0].harness_error()->kind, reports::HarnessErrorKind::kBadInput);
}

TEST(ScenarioRunsTest, VerifySendsEveryCheckBetweenRunStartedAndRunFinished) {
  RecordingReporter events;
  std::ostringstream warnings;
  const reports::Run run = VerifyCaptureFile(kSource + "/scenarios/captures/capitalize-tcp.pcap",
                                             kFixtures + "capitalize_capture.yaml", std::nullopt, events, warnings);
  ASSERT_FALSE(run.harness_error());
  ASSERT_EQ(events.events.size(), run.checks.size() + 2);
  EXPECT_EQ(events.events.front(), "run TCP capitalize capture");
  for (std::size_t i = 0; i < run.checks.size(); ++i) EXPECT_EQ(events.events[i + 1], "check " + run.checks[i].id);
  EXPECT_EQ(events.events.back(), "end TCP capitalize capture " + std::to_string(run.checks.size()) + " checks");
  EXPECT_EQ(run.mode, reports::RunMode::kVerify);
}

// Streaming: server.ready is reported when it is decided, before the clients
// run, not with the rest at the end. The client takes 300 ms, so the event
// comes at least that long before the run ends (a lower bound: a loaded
// machine only makes the gap longer).
TEST(RunEventsTest, ServerReadyIsReportedBeforeTheClientsRun) {
  std::string warning, err;
  auto sandbox = Sandbox::Create(SandboxOptions{.allow_host_fallback = false}, &warning, &err);
  if (!sandbox) GTEST_SKIP() << "no sandbox for runs: " << err;
  sandbox->Close();
  RunSettings settings;
  settings.dirs = FindDirectories(
      Directories{std::filesystem::path(WIRECHECK_BINARY).parent_path().string(), kSource + "/scenarios", ""});
  RecordingReporter events;
  std::ostringstream warnings;
  const reports::Report report = RunScenarioFiles({kFixtures + "slow_client.yaml"}, settings, events, warnings);
  ASSERT_EQ(report.runs.size(), 1u);
  ASSERT_FALSE(report.runs[0].harness_error()) << report.runs[0].harness_error()->message;
  ASSERT_GE(events.events.size(), 5u);
  EXPECT_EQ(events.events[0], "report 1");
  EXPECT_EQ(events.events[1], "run Slow client");
  EXPECT_EQ(events.events[2], "check server.ready");
  EXPECT_EQ(events.events.back(), "report end 1");
  const auto gap = events.When("end Slow client " + std::to_string(report.runs[0].checks.size()) + " checks") -
                   events.When("check server.ready");
  EXPECT_GE(gap, std::chrono::milliseconds(300));
  for (const reports::Check& c : report.runs[0].checks) {
    EXPECT_EQ(c.status, reports::CheckStatus::kPass) << c.id << ": " << c.message;
  }
}

}  // namespace
}  // namespace wirecheck
