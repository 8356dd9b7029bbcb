#include "reports/repeat.h"

#include <gtest/gtest.h>

#include "tests/reports/sample_report.h"

namespace wirecheck::reports {
namespace {

using namespace std::chrono_literals;
using ReportRun = wirecheck::reports::Run;

Check Made(std::string id, CheckStatus status, double earned = 0, double possible = 0, std::string message = "") {
  Check c;
  c.id = std::move(id);
  c.status = status;
  c.points_earned = earned;
  c.points_possible = possible;
  c.message = message.empty() ? c.id + " message" : message;
  return c;
}

ReportRun RunOf(std::vector<Check> checks, std::chrono::milliseconds duration = 10ms) {
  ReportRun run;
  run.scenario = "s";
  run.duration = duration;
  run.checks = std::move(checks);
  return run;
}

TEST(CombineRepeatedRunsTest, VerdictsSayHowOftenACheckPassed) {
  EXPECT_EQ(RepeatVerdict({5, 5, 0, 0, 0}), "stable-pass");
  EXPECT_EQ(RepeatVerdict({5, 3, 0, 0, 2}), "stable-pass");
  EXPECT_EQ(RepeatVerdict({5, 4, 1, 0, 0}), "flaky");
  EXPECT_EQ(RepeatVerdict({5, 4, 0, 1, 0}), "flaky");
  EXPECT_EQ(RepeatVerdict({5, 0, 5, 0, 0}), "stable-fail");
  EXPECT_EQ(RepeatVerdict({5, 0, 2, 3, 0}), "stable-fail");
  EXPECT_EQ(RepeatVerdict({5, 0, 0, 0, 5}), "not_applicable");
}

TEST(CombineRepeatedRunsTest, AFlakyCheckFailsEarnsNothingAndSaysWhenItFirstFailed) {
  const std::vector<ReportRun> runs = {
      RunOf({Made("a", CheckStatus::kPass, 10, 10), Made("close", CheckStatus::kPass, 20, 20)}),
      RunOf({Made("a", CheckStatus::kPass, 10, 10), Made("close", CheckStatus::kFail, 0, 20, "RST #8")}),
      RunOf({Made("a", CheckStatus::kPass, 10, 10), Made("close", CheckStatus::kPass, 20, 20)}),
  };
  const ReportRun combined = CombineRepeatedRuns(runs);
  EXPECT_EQ(combined.repeats, 3u);
  EXPECT_EQ(combined.duration, 30ms);
  ASSERT_EQ(combined.checks.size(), 2u);
  const Check& a = combined.checks[0];
  EXPECT_EQ(a.status, CheckStatus::kPass);
  EXPECT_EQ(a.message, "a message (passed in all 3 runs)");
  EXPECT_EQ(a.points_earned, 10);
  EXPECT_EQ(a.repeat, (RepeatCounts{3, 3, 0, 0, 0}));
  const Check& close = combined.checks[1];
  EXPECT_EQ(close.status, CheckStatus::kFail);
  EXPECT_EQ(close.message, "flaky: passed in 2 of 3 runs; in run 2: RST #8");
  EXPECT_EQ(close.points_earned, 0);
  EXPECT_EQ(close.points_possible, 20);
  EXPECT_EQ(close.repeat, (RepeatCounts{3, 2, 1, 0, 0}));
}

TEST(CombineRepeatedRunsTest, TheShownRunIsTheFirstInWhichSomethingDidNotPass) {
  std::vector<ReportRun> runs = {RunOf({Made("a", CheckStatus::kPass)}), RunOf({Made("a", CheckStatus::kFail)}),
                           RunOf({Made("a", CheckStatus::kFail)})};
  runs[0].processes.push_back(ProcessSummary{.name = "first"});
  runs[1].processes.push_back(ProcessSummary{.name = "second"});
  runs[1].capture = CaptureStats{8, 0, 1, "x-2.pcap"};
  EXPECT_EQ(ShownRepeat(runs), 1u);
  const ReportRun combined = CombineRepeatedRuns(runs);
  EXPECT_EQ(combined.processes.at(0).name, "second");
  EXPECT_EQ(combined.capture->file, "x-2.pcap");
  EXPECT_EQ(combined.checks[0].message, "flaky: passed in 1 of 3 runs; in run 2: a message");
  runs[1].checks[0].status = CheckStatus::kPass;
  runs[2].checks[0].status = CheckStatus::kPass;
  EXPECT_EQ(ShownRepeat(runs), 0u);  // all passed: the first
}

TEST(CombineRepeatedRunsTest, ACheckNeverPassingFailsAsItDid) {
  const ReportRun combined = CombineRepeatedRuns(
      {RunOf({Made("a", CheckStatus::kFail, 0, 5, "bad")}), RunOf({Made("a", CheckStatus::kFail, 0, 5, "bad")})});
  EXPECT_EQ(combined.checks[0].status, CheckStatus::kFail);
  EXPECT_EQ(combined.checks[0].message, "failed in all 2 runs: bad");
  const ReportRun unsure = CombineRepeatedRuns({RunOf({Made("a", CheckStatus::kInconclusive, 0, 5, "lost")}),
                                          RunOf({Made("a", CheckStatus::kFail, 0, 5, "bad")})});
  EXPECT_EQ(unsure.checks[0].status, CheckStatus::kFail);
  EXPECT_EQ(unsure.checks[0].message, "1 failure and 1 inconclusive run in 2: lost");
}

TEST(CombineRepeatedRunsTest, ACheckARunNeverDecidedCountsAsInconclusiveThere) {
  // ReportRun 1 stopped before its checks; run 2 decided `late`, which passed.
  const ReportRun combined =
      CombineRepeatedRuns({RunOf({Made("early", CheckStatus::kPass)}),
                           RunOf({Made("early", CheckStatus::kPass), Made("late", CheckStatus::kPass, 3, 3)})});
  ASSERT_EQ(combined.checks.size(), 2u);
  EXPECT_EQ(combined.checks[1].id, "late");
  EXPECT_EQ(combined.checks[1].repeat, (RepeatCounts{2, 1, 0, 1, 0}));
  EXPECT_EQ(combined.checks[1].status, CheckStatus::kFail);
  EXPECT_EQ(combined.checks[1].points_earned, 0);
  EXPECT_EQ(combined.checks[1].message, "flaky: passed in 1 of 2 runs; the other runs ended before it could be checked");
}

TEST(CombineRepeatedRunsTest, ChecksOfOneIdAreTalliedByTheirPlace) {
  const ReportRun combined = CombineRepeatedRuns(
      {RunOf({Made("c.script", CheckStatus::kPass), Made("c.script", CheckStatus::kFail)}),
       RunOf({Made("c.script", CheckStatus::kPass), Made("c.script", CheckStatus::kFail)})});
  ASSERT_EQ(combined.checks.size(), 2u);
  EXPECT_EQ(combined.checks[0].status, CheckStatus::kPass);
  EXPECT_EQ(combined.checks[1].status, CheckStatus::kFail);
}

TEST(CombineRepeatedRunsTest, AHarnessErrorInAnyRunIsTheCombinedRuns) {
  std::vector<ReportRun> runs = {RunOf({Made("a", CheckStatus::kPass)}), RunOf({})};
  runs[1].outcome = HarnessError{HarnessErrorKind::kInterrupted, "interrupted"};
  const ReportRun combined = CombineRepeatedRuns(runs);
  ASSERT_NE(combined.harness_error(), nullptr);
  EXPECT_EQ(combined.harness_error()->kind, HarnessErrorKind::kInterrupted);
}

}  // namespace
}  // namespace wirecheck::reports
