#include "reports/reporter.h"

#include <gtest/gtest.h>

#include "tests/reports/recording_reporter.h"
#include "tests/reports/sample_report.h"

namespace wirecheck::reports {
namespace {

using testing::RecordingReporter;

TEST(ReporterTest, ReplayReportSendsTheEventsOfALiveRunInOrder) {
  std::vector<std::string> log;
  RecordingReporter reporter("r", &log);
  ReplayReport(Report{{testing::VerifyRun(), testing::BadInputRun()}}, reporter);
  EXPECT_EQ(log, (std::vector<std::string>{
                     "r ReportStarted 2",
                     "r RunStarted UDP capitalize",
                     "r CheckFinished every_datagram.reply_to_sender",
                     "r CheckFinished clients.exit",
                     "r RunFinished UDP capitalize",
                     "r RunStarted broken",
                     "r RunFinished broken",
                     "r ReportFinished 2",
                 }));
}

TEST(ReporterTest, ReplayOfAnEmptyReportStartsAndFinishes) {
  std::vector<std::string> log;
  RecordingReporter reporter("r", &log);
  ReplayReport(Report{}, reporter);
  EXPECT_EQ(log, (std::vector<std::string>{"r ReportStarted 0", "r ReportFinished 0"}));
}

}  // namespace
}  // namespace wirecheck::reports
