#include "reports/report.h"

#include <gtest/gtest.h>

#include "reports/exit_status.h"
#include "tests/reports/sample_report.h"

namespace wirecheck::reports {
namespace {

using namespace std::chrono_literals;
using testing::SampleReport;

Check WithStatus(CheckStatus status, double earned = 0, double possible = 0) {
  Check c;
  c.id = "c";
  c.status = status;
  c.points_earned = earned;
  c.points_possible = possible;
  return c;
}

Run RunWith(std::vector<Check> checks) {
  Run run;
  run.checks = std::move(checks);
  return run;
}

Run ErrorRun(HarnessErrorKind kind) {
  Run run;
  run.outcome = HarnessError{kind, "trouble"};
  return run;
}

TEST(ReportTest, CountsEachStatus) {
  const StatusCounts c = CountStatuses(SampleReport());
  EXPECT_EQ(c.pass, 2u);
  EXPECT_EQ(c.fail, 2u);
  EXPECT_EQ(c.inconclusive, 1u);
  EXPECT_EQ(c.not_applicable, 1u);
  EXPECT_EQ(c.total(), 6u);
  EXPECT_EQ(c.of(CheckStatus::kFail), 2u);
}

TEST(ReportTest, SumsPoints) {
  const Points p = SumPoints(SampleReport());
  EXPECT_EQ(p.earned, 15);
  EXPECT_EQ(p.possible, 105);
}

TEST(ReportTest, CountsHarnessErrors) { EXPECT_EQ(CountHarnessErrors(SampleReport()), 1u); }

TEST(ReportTest, StatusNamesAreStable) {
  EXPECT_EQ(CheckStatusName(CheckStatus::kPass), "pass");
  EXPECT_EQ(CheckStatusName(CheckStatus::kFail), "fail");
  EXPECT_EQ(CheckStatusName(CheckStatus::kInconclusive), "inconclusive");
  EXPECT_EQ(CheckStatusName(CheckStatus::kNotApplicable), "not_applicable");
}

TEST(ReportTest, EndpointsOfIpv6AreBracketed) {
  EXPECT_EQ(EndpointText({"127.0.0.1", 6789}), "127.0.0.1:6789");
  EXPECT_EQ(EndpointText({"::1", 6789}), "[::1]:6789");
  EXPECT_EQ(ConversationText({"tcp", {"10.0.0.1", 40000}, {"10.0.0.2", 80}}),
            "tcp 10.0.0.1:40000 -> 10.0.0.2:80");
}

TEST(ReportTest, ProcessEndsInPlainWords) {
  ProcessSummary p;
  p.code = 3;
  EXPECT_EQ(ProcessEndText(p), "exited 3");
  p.end = ProcessEnd::kSignaled;
  p.code = 11;
  EXPECT_EQ(ProcessEndText(p), "killed by signal 11 (SIGSEGV)");
  p.code = 63;
  EXPECT_EQ(ProcessEndText(p), "killed by signal 63");
  p.end = ProcessEnd::kTimedOut;
  EXPECT_EQ(ProcessEndText(p), "timed out");
  p.end = ProcessEnd::kFailedToStart;
  p.detail = "./server: No such file or directory";
  EXPECT_EQ(ProcessEndText(p), "failed to start: ./server: No such file or directory");
  p.end = ProcessEnd::kStoppedByHarness;
  EXPECT_EQ(ProcessEndText(p), "stopped by wirecheck");
}

TEST(ReportTest, LastLinesKeepTheEndWithinALineAndByteLimit) {
  EXPECT_EQ(LastLines("a\nb\nc\n", 2, 100), "b\nc\n");
  EXPECT_EQ(LastLines("a\nb\nc", 2, 100), "b\nc");
  EXPECT_EQ(LastLines("a\nb\nc\n", 10, 100), "a\nb\nc\n");
  EXPECT_EQ(LastLines("", 10, 100), "");
  EXPECT_EQ(LastLines("0123456789\nab\n", 10, 6), "89\nab\n");   // the first line kept cut at its start
  std::string many;
  for (int i = 1; i <= 20; ++i) many += "line " + std::to_string(i) + "\n";
  EXPECT_EQ(LastLines(many),
            "line 11\nline 12\nline 13\nline 14\nline 15\nline 16\nline 17\nline 18\nline 19\nline 20\n");
  EXPECT_EQ(LastLines(std::string(5000, 'x')).size(), 1024u);
}

TEST(ReportTest, IsoTimestampIsUtcWithMilliseconds) {
  EXPECT_EQ(IsoTimestamp(testing::At(1714564800250ms)), "2024-05-01T12:00:00.250Z");
}

TEST(ReportTest, SecondsAreRoundedToMicroseconds) {
  EXPECT_DOUBLE_EQ(Seconds(1234567891ns), 1.234568);
}

TEST(ReportTest, PointsReadAsPeopleWriteThem) {
  EXPECT_EQ(PointsText(10), "10");
  EXPECT_EQ(PointsText(2.5), "2.5");
  EXPECT_EQ(PointsText(0), "0");
  // Rounded for people: 20 points over 7 checks, summed in binary.
  double sum = 0;
  for (int i = 0; i < 7; ++i) sum += 20.0 / 7;
  EXPECT_EQ(PointsText(80 + sum), "100");
  EXPECT_EQ(PointsText(5.0 / 3), "1.67");
  EXPECT_EQ(PointsText(-0.001), "0");
}

TEST(ExitStatusTest, NumbersMatchTheDocumentedExitCodes) {
  EXPECT_EQ(static_cast<int>(ExitStatus::kAllPassed), 0);
  EXPECT_EQ(static_cast<int>(ExitStatus::kCheckFailed), 1);
  EXPECT_EQ(static_cast<int>(ExitStatus::kBadInput), 2);
  EXPECT_EQ(static_cast<int>(ExitStatus::kEnvironment), 3);
  EXPECT_EQ(static_cast<int>(ExitStatus::kInterrupted), 130);
}

TEST(ExitStatusTest, AllPassedOrNotApplicableIsZero) {
  EXPECT_EQ(ExitStatusOf(RunWith({WithStatus(CheckStatus::kPass), WithStatus(CheckStatus::kNotApplicable)})),
            ExitStatus::kAllPassed);
}

TEST(ExitStatusTest, NoRunsAndNoChecksAreZero) {
  EXPECT_EQ(ExitStatusOf(Report{}), ExitStatus::kAllPassed);
  EXPECT_EQ(ExitStatusOf(reports::Run{}), ExitStatus::kAllPassed);
}

TEST(ExitStatusTest, FailedCheckIsOne) {
  EXPECT_EQ(ExitStatusOf(RunWith({WithStatus(CheckStatus::kPass), WithStatus(CheckStatus::kFail)})),
            ExitStatus::kCheckFailed);
}

TEST(ExitStatusTest, InconclusiveIsOneNeverZero) {
  EXPECT_EQ(ExitStatusOf(RunWith({WithStatus(CheckStatus::kInconclusive)})), ExitStatus::kCheckFailed);
}

TEST(ExitStatusTest, HarnessErrorKindsMapToTheirCodes) {
  EXPECT_EQ(ExitStatusOf(ErrorRun(HarnessErrorKind::kBadInput)), ExitStatus::kBadInput);
  EXPECT_EQ(ExitStatusOf(ErrorRun(HarnessErrorKind::kEnvironment)), ExitStatus::kEnvironment);
  EXPECT_EQ(ExitStatusOf(ErrorRun(HarnessErrorKind::kInterrupted)), ExitStatus::kInterrupted);
}

TEST(ExitStatusTest, InterruptedRunWithFailedChecksIsStillInterrupted) {
  reports::Run run = ErrorRun(HarnessErrorKind::kInterrupted);
  run.checks.push_back(WithStatus(CheckStatus::kFail));
  EXPECT_EQ(ExitStatusOf(run), ExitStatus::kInterrupted);
}

TEST(ExitStatusTest, ReportTakesTheWorstRun) {
  const reports::Run failed = RunWith({WithStatus(CheckStatus::kFail)});
  const reports::Run bad = ErrorRun(HarnessErrorKind::kBadInput);
  const reports::Run env = ErrorRun(HarnessErrorKind::kEnvironment);
  const reports::Run stop = ErrorRun(HarnessErrorKind::kInterrupted);
  EXPECT_EQ(ExitStatusOf(Report{{failed, RunWith({})}}), ExitStatus::kCheckFailed);
  EXPECT_EQ(ExitStatusOf(Report{{bad, failed}}), ExitStatus::kBadInput);
  EXPECT_EQ(ExitStatusOf(Report{{bad, env, failed}}), ExitStatus::kEnvironment);
  EXPECT_EQ(ExitStatusOf(Report{{env, stop, bad}}), ExitStatus::kInterrupted);
  EXPECT_EQ(ExitStatusOf(SampleReport()), ExitStatus::kBadInput);
}

TEST(EvidenceTest, EmptyUntilAnythingIsSet) {
  Evidence e;
  EXPECT_TRUE(e.empty());
  e.observed = "5 connections";
  EXPECT_FALSE(e.empty());
}

}  // namespace
}  // namespace wirecheck::reports
