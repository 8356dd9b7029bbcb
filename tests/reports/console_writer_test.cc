#include "reports/console_writer.h"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/reports/golden.h"
#include "tests/reports/sample_report.h"

namespace wirecheck::reports {
namespace {

using testing::ExpectMatchesGolden;
using testing::SampleReport;

std::string Console(const Report& report, bool colour) {
  std::ostringstream out;
  ConsoleOptions options;
  options.colour = colour;
  WriteConsole(out, report, options);
  return out.str();
}

TEST(ConsoleWriterTest, MatchesGoldenWithoutColour) {
  ExpectMatchesGolden(Console(SampleReport(), false), "console.txt");
}

TEST(ConsoleWriterTest, MatchesGoldenWithColour) {
  ExpectMatchesGolden(Console(SampleReport(), true), "console-colour.txt");
}

TEST(ConsoleWriterTest, NoEscapeSequencesWithoutColour) {
  EXPECT_EQ(Console(SampleReport(), false).find('\033'), std::string::npos);
}

TEST(ConsoleWriterTest, ColourWrapsOnlyTheTag) {
  const std::string out = Console(SampleReport(), true);
  EXPECT_NE(out.find("\033[31m[  FAILED  ]\033[0m every_connection.close (0/20 points)\n"), std::string::npos);
  EXPECT_NE(out.find("\033[32m[       OK ]\033[0m connections (10/10 points)\n"), std::string::npos);
}

TEST(ConsoleWriterTest, PrintsEachCheckAsItFinishes) {
  std::ostringstream out;
  ConsoleWriter writer(out, ConsoleOptions{});
  const reports::Run run = testing::LiveRun();
  writer.RunStarted(run);
  EXPECT_EQ(out.str(), "[----------] TCP capitalize, one client (scenarios/tcp-capitalize.yaml)\n");
  writer.CheckFinished(run.checks[0]);
  EXPECT_EQ(out.str().substr(out.str().find('\n') + 1),
            "[ RUN      ] connections\n"
            "[       OK ] connections (10/10 points)\n");
}

TEST(ConsoleWriterTest, VerboseShowsMessagesOfPassingChecks) {
  std::ostringstream out;
  ConsoleOptions options;
  options.verbose = true;
  ConsoleWriter(out, options).CheckFinished(testing::LiveRun().checks[0]);
  EXPECT_EQ(out.str(),
            "[ RUN      ] connections\n"
            "  1 connection, as expected\n"
            "[       OK ] connections (10/10 points)\n");
}

TEST(ConsoleWriterTest, UngradedCheckHasNoPoints) {
  std::ostringstream out;
  Check c;
  c.id = "server_still_listening";
  c.status = CheckStatus::kPass;
  ConsoleWriter(out, ConsoleOptions{}).CheckFinished(c);
  EXPECT_EQ(out.str(), "[ RUN      ] server_still_listening\n[       OK ] server_still_listening\n");
}

TEST(ConsoleWriterTest, RunDurationInMilliseconds) {
  std::ostringstream out;
  reports::Run run;
  run.scenario = "s";
  run.duration = std::chrono::microseconds(1234567);
  ConsoleWriter(out, ConsoleOptions{}).RunFinished(run);
  EXPECT_EQ(out.str(), "[----------] 0 checks from s (1234 ms total)\n\n");
}

TEST(ConsoleWriterTest, InterruptedRunSaysSo) {
  std::ostringstream out;
  reports::Run run;
  run.scenario = "s";
  run.outcome = HarnessError{HarnessErrorKind::kInterrupted, "SIGINT: stopped the processes, kept the capture"};
  ConsoleWriter(out, ConsoleOptions{}).RunFinished(run);
  EXPECT_EQ(out.str(),
            "[  ERROR   ] interrupted: SIGINT: stopped the processes, kept the capture\n"
            "[----------] 0 checks from s (0 ms total)\n\n");
}

// A title from a scenario file and a program's output can hold escape
// sequences (ESC [ 2 J clears the screen): the console prints them escaped,
// and its own colour codes are the only escapes it writes.
TEST(ConsoleWriterTest, ControlCharactersFromTheScenarioArePrintedEscaped) {
  Report report{{testing::VerifyRun()}};
  report.runs[0].scenario = "\x1b[2Jtitle\x9b";
  report.runs[0].file = "dir\x07/s.yaml";
  report.runs[0].checks[0].message = "line one\nline\x1b]0;two";
  report.runs[0].checks[0].status = CheckStatus::kFail;
  const std::string out = Console(report, false);
  EXPECT_EQ(out.find('\033'), std::string::npos) << out;
  EXPECT_EQ(out.find('\a'), std::string::npos) << out;
  EXPECT_NE(out.find("[----------] \\x1b[2Jtitle\\x9b (dir\\x07/s.yaml)\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  line one\n"), std::string::npos) << out;
  EXPECT_NE(out.find("line\\x1b]0;two"), std::string::npos) << out;
  const std::string coloured = Console(report, true);
  std::string without_colours = coloured;
  for (const char* code : {"\033[32m", "\033[31m", "\033[33m", "\033[0m", "\033[1;31m"}) {
    for (std::size_t at; (at = without_colours.find(code)) != std::string::npos;) {
      without_colours.erase(at, std::string_view(code).size());
    }
  }
  EXPECT_EQ(without_colours.find('\033'), std::string::npos) << coloured;
}

// The server.ready hint says "see the server's output below": under the
// run's checks, each program a failed check judged is shown with the last
// lines of its stderr and stdout.
TEST(ConsoleWriterTest, AFailedProgramIsShownWithTheEndOfItsOutput) {
  reports::Run run;
  run.scenario = "s";
  Check ready;
  ready.id = "server.ready";
  ready.status = CheckStatus::kFail;
  ready.message = "the server exited with code 1 before listening on TCP port 6789";
  ready.evidence.process = "server";
  run.checks.push_back(ready);
  Check crash = ready;
  crash.id = "server.no_crash";
  crash.status = CheckStatus::kPass;   // passed: not named
  run.checks.push_back(crash);
  ProcessSummary server;
  server.name = "server";
  server.end = ProcessEnd::kExited;
  server.code = 1;
  server.stderr_bytes = 33;
  server.stderr_tail = "bind: Address already in use\n\x1b[2J";
  ProcessSummary client;   // ended well, judged by no failed check: not shown
  client.name = "client";
  client.stdout_bytes = 5;
  client.stdout_tail = "hello";
  run.processes = {server, client};
  std::ostringstream out;
  ConsoleWriter(out, ConsoleOptions{}).RunFinished(run);
  EXPECT_EQ(out.str(),
            "  server: exited 1 (failed: server.ready)\n"
            "    stderr (33 bytes):\n"
            "      bind: Address already in use\n"
            "      \\x1b[2J\n"
            "    stdout: nothing\n"
            "[----------] 2 checks from s (0 ms total)\n\n");
}

TEST(ConsoleWriterTest, AFailedProgramsOutputSaysWhenItIsLongerThanShownOrThanWirecheckKeeps) {
  reports::Run run;
  run.scenario = "s";
  Check exit;
  exit.id = "client.exit";
  exit.status = CheckStatus::kFail;
  exit.evidence.process = "client 2";
  run.checks.push_back(exit);
  ProcessSummary client;
  client.name = "client 2";
  client.end = ProcessEnd::kSignaled;
  client.code = 11;
  client.stdout_bytes = 4000;
  client.stdout_tail = "9\n10\n";
  client.stderr_bytes = 3u << 20;
  client.stderr_tail = "x\n";
  client.stderr_tail_cut = true;
  run.processes = {client};
  std::ostringstream out;
  ConsoleWriter(out, ConsoleOptions{}).RunFinished(run);
  EXPECT_EQ(out.str(),
            "  client 2: killed by signal 11 (SIGSEGV) (failed: client.exit)\n"
            "    stderr (3145728 bytes, more than wirecheck keeps), the last lines kept:\n"
            "      x\n"
            "    stdout (4000 bytes), the last 2 lines:\n"
            "      9\n"
            "      10\n"
            "[----------] 1 check from s (0 ms total)\n\n");
}

TEST(ConsoleWriterTest, AllPassedReportHasNoFailureLists) {
  Report report{{testing::VerifyRun()}};
  report.runs[0].checks.pop_back();
  const std::string out = Console(report, false);
  EXPECT_NE(out.find("[  PASSED  ] 1 check.\n[  POINTS  ] 5/5\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("FAILED"), std::string::npos);
  EXPECT_EQ(out.find("ERROR"), std::string::npos);
}

}  // namespace
}  // namespace wirecheck::reports
