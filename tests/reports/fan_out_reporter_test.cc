#include "reports/fan_out_reporter.h"

#include <gtest/gtest.h>

#include <memory>
#include <sstream>

#include "reports/console_writer.h"
#include "reports/json_writer.h"
#include "reports/junit_writer.h"
#include "reports/reporter_registry.h"
#include "tests/reports/recording_reporter.h"
#include "tests/reports/sample_report.h"
#include "tests/support/junit_dialect.h"

namespace wirecheck::reports {
namespace {

using testing::RecordingReporter;

TEST(FanOutReporterTest, ForwardsEachEventToEveryReporterInTheOrderAdded) {
  std::vector<std::string> log;
  FanOutReporter fan_out;
  fan_out.Add(std::make_unique<RecordingReporter>("a", &log));
  fan_out.Add(std::make_unique<RecordingReporter>("b", &log));
  EXPECT_EQ(fan_out.size(), 2u);
  ReplayReport(Report{{testing::BadInputRun()}}, fan_out);
  EXPECT_EQ(log, (std::vector<std::string>{
                     "a ReportStarted 1", "b ReportStarted 1",
                     "a RunStarted broken", "b RunStarted broken",
                     "a RunFinished broken", "b RunFinished broken",
                     "a ReportFinished 1", "b ReportFinished 1",
                 }));
}

TEST(FanOutReporterTest, CheckEventsReachEveryReporter) {
  std::vector<std::string> log;
  FanOutReporter fan_out;
  fan_out.Add(std::make_unique<RecordingReporter>("a", &log));
  fan_out.Add(std::make_unique<RecordingReporter>("b", &log));
  fan_out.CheckFinished(testing::LiveRun().checks[1]);
  EXPECT_EQ(log, (std::vector<std::string>{"a CheckFinished every_connection.server_sends",
                                           "b CheckFinished every_connection.server_sends"}));
}

TEST(FanOutReporterTest, WithoutReportersDoesNothing) {
  FanOutReporter fan_out;
  ReplayReport(testing::SampleReport(), fan_out);
  EXPECT_EQ(fan_out.size(), 0u);
}

// --report junit=out.xml --report json=out.json plus the console, from one run.
TEST(FanOutReporterTest, OneRunGivesEachFormatItsWholeReport) {
  const Report report = testing::SampleReport();
  std::ostringstream console, junit, json;
  FanOutReporter fan_out;
  fan_out.Add(MakeReporter("console", console, ReporterOptions{}));
  fan_out.Add(MakeReporter("junit", junit, ReporterOptions{}));
  fan_out.Add(MakeReporter("json", json, ReporterOptions{}));
  ReplayReport(report, fan_out);

  std::ostringstream expected_console, expected_junit, expected_json;
  WriteConsole(expected_console, report, ConsoleOptions{});
  WriteJunit(expected_junit, report, JunitOptions{});
  WriteJson(expected_json, report, JsonOptions{});
  EXPECT_EQ(console.str(), expected_console.str());
  EXPECT_EQ(junit.str(), expected_junit.str());
  EXPECT_EQ(json.str(), expected_json.str());
  EXPECT_EQ(wirecheck::testing::JunitDialectErrors(junit.str()), "");
}

}  // namespace
}  // namespace wirecheck::reports
