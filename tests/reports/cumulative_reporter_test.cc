// JSON and JUnit need the finished report: they write nothing until
// ReportFinished, and then exactly what WriteJson / WriteJunit write.
#include <gtest/gtest.h>

#include <sstream>

#include "reports/json_reporter.h"
#include "reports/junit_reporter.h"
#include "tests/reports/sample_report.h"
#include "tests/support/junit_dialect.h"

namespace wirecheck::reports {
namespace {

/// Every event but ReportFinished, as a live run sends them.
void SendAllButReportFinished(const Report& report, Reporter& reporter) {
  reporter.ReportStarted(report.runs.size());
  for (const Run& run : report.runs) {
    reporter.RunStarted(run);
    for (const Check& check : run.checks) reporter.CheckFinished(check);
    reporter.RunFinished(run);
  }
}

TEST(JsonReporterTest, WritesNothingBeforeReportFinishedThenTheWholeDocument) {
  const Report report = testing::SampleReport();
  std::ostringstream out;
  JsonReporter reporter(out, JsonOptions{});
  SendAllButReportFinished(report, reporter);
  EXPECT_EQ(out.str(), "");
  reporter.ReportFinished(report);
  std::ostringstream whole;
  WriteJson(whole, report, JsonOptions{});
  EXPECT_EQ(out.str(), whole.str());
}

TEST(JunitReporterTest, WritesNothingBeforeReportFinishedThenTheWholeDocument) {
  const Report report = testing::SampleReport();
  std::ostringstream out;
  JunitReporter reporter(out, JunitOptions{});
  SendAllButReportFinished(report, reporter);
  EXPECT_EQ(out.str(), "");
  reporter.ReportFinished(report);
  std::ostringstream whole;
  WriteJunit(whole, report, JunitOptions{});
  EXPECT_EQ(out.str(), whole.str());
  EXPECT_EQ(wirecheck::testing::JunitDialectErrors(out.str()), "");
}

}  // namespace
}  // namespace wirecheck::reports
