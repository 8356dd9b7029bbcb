#include "reports/console_reporter.h"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/reports/sample_report.h"

namespace wirecheck::reports {
namespace {

TEST(ConsoleReporterTest, StreamsWhatWriteConsolePrintsForTheFinishedReport) {
  for (const bool colour : {false, true}) {
    ConsoleOptions options;
    options.colour = colour;
    options.verbose = true;
    std::ostringstream streamed;
    ConsoleReporter reporter(streamed, options);
    ReplayReport(testing::SampleReport(), reporter);
    std::ostringstream whole;
    WriteConsole(whole, testing::SampleReport(), options);
    EXPECT_EQ(streamed.str(), whole.str()) << "colour " << colour;
  }
}

TEST(ConsoleReporterTest, PrintsAtEachEvent) {
  std::ostringstream out;
  ConsoleReporter reporter(out, ConsoleOptions{});
  reporter.ReportStarted(1);
  EXPECT_EQ(out.str(), "[==========] Running 1 scenario.\n");
  const reports::Run run = testing::LiveRun();
  reporter.RunStarted(run);
  const std::size_t before_check = out.str().size();
  reporter.CheckFinished(run.checks[0]);
  EXPECT_EQ(out.str().substr(before_check),
            "[ RUN      ] connections\n"
            "[       OK ] connections (10/10 points)\n");
}

}  // namespace
}  // namespace wirecheck::reports
