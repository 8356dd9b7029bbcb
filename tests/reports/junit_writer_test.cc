#include "reports/junit_writer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/reports/golden.h"
#include "tests/reports/sample_report.h"
#include "tests/reports/xml_check.h"
#include "tests/support/junit_dialect.h"

namespace wirecheck::reports {
namespace {

using testing::SampleReport;
using testing::XmlWellFormedError;

/// Every document a test writes is also checked against the dialect's
/// schema (reports/junit_dialect.xsd), so no test can pass on JUnit a CI
/// server would reject.
std::string Junit(const Report& report) {
  std::ostringstream out;
  WriteJunit(out, report, JunitOptions{});
  EXPECT_EQ(wirecheck::testing::JunitDialectErrors(out.str()), "") << out.str();
  return out.str();
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(JunitWriterTest, MatchesGolden) { testing::ExpectMatchesGolden(Junit(SampleReport()), "junit.xml"); }

TEST(JunitWriterTest, ARunNamesItsSubmissionAsAProperty) {
  Report report = SampleReport();
  report.runs[0].submission = "dave-c-iterative";
  const std::string xml = Junit(report);
  EXPECT_NE(xml.find("<property name=\"submission\" value=\"dave-c-iterative\"/>"), std::string::npos) << xml;
  EXPECT_EQ(Junit(SampleReport()).find("name=\"submission\""), std::string::npos);
}

TEST(JunitWriterTest, IsWellFormed) {
  const std::string xml = Junit(SampleReport());
  EXPECT_EQ(XmlWellFormedError(xml), "") << xml;
}

TEST(JunitWriterTest, TotalsComeFirst) {
  EXPECT_TRUE(Contains(Junit(SampleReport()),
                       "<testsuites name=\"wirecheck\" tests=\"7\" failures=\"2\" errors=\"2\" time="));
}

// junit-10.xsd has no skipped= on <testsuites>; each suite keeps its count.
TEST(JunitWriterTest, SkippedIsCountedPerSuiteOnly) {
  const std::string xml = Junit(SampleReport());
  EXPECT_TRUE(Contains(xml, "<testsuite name=\"UDP capitalize\" tests=\"2\" failures=\"0\" errors=\"0\" skipped=\"1\""));
  EXPECT_FALSE(Contains(xml.substr(0, xml.find("<testsuite ")), "skipped="));
}

TEST(JunitWriterTest, MissedExpectationIsAFailure) {
  const std::string xml = Junit(SampleReport());
  EXPECT_TRUE(Contains(xml, "<failure message=\"the client reset the connection (RST) instead of closing it (FIN)\" type=\"fail\">"));
}

TEST(JunitWriterTest, InconclusiveIsAnErrorNotAFailure) {
  EXPECT_TRUE(Contains(Junit(SampleReport()), "<error message=\"the capture lost 3 packets: cannot tell how many connections were open at once\" type=\"inconclusive\">"));
}

TEST(JunitWriterTest, HarnessErrorIsAnErrorTestcase) {
  const std::string xml = Junit(SampleReport());
  EXPECT_TRUE(Contains(xml, "<testcase name=\"harness\" classname=\"broken\""));
  EXPECT_TRUE(Contains(xml, "type=\"bad_input\"/>"));
  EXPECT_TRUE(Contains(xml, "<testsuite name=\"broken\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\""));
}

TEST(JunitWriterTest, NotApplicableIsSkipped) {
  EXPECT_TRUE(Contains(Junit(SampleReport()),
                       "<skipped message=\"process checks do not apply to a capture taken elsewhere\"/>"));
}

TEST(JunitWriterTest, ControlCharactersAndBadUtf8InTextStayWellFormed) {
  Report report{{testing::LiveRun()}};
  Check& c = report.runs[0].checks[2];
  c.message = std::string("bell \x07, nul ") + '\0' + ", bad \xff, ]]> & <tag> \"q\"";
  c.hint = "form feed \x0c here";
  c.title = "title \x01 with <markup> & \"quotes\"\r\n";
  report.runs[0].scenario = "name with \x1b[31m escape";
  report.runs[0].processes[1].command = "./client '\xc3(' \x7f";
  const std::string xml = Junit(report);
  EXPECT_EQ(XmlWellFormedError(xml), "") << xml;
  EXPECT_TRUE(Contains(xml, "bell \\x07, nul \\x00, bad \\xFF, ]]&gt; &amp; &lt;tag&gt; &quot;q&quot;"));
}

// The golden file masks them; their form is checked here.
TEST(JunitWriterTest, TimesAreSecondsAndTimestampIsUtcWithoutZone) {
  const std::string xml = Junit(SampleReport());
  EXPECT_TRUE(Contains(xml, "time=\"1.234\" timestamp=\"2024-05-01T12:00:00\">"));
  EXPECT_TRUE(Contains(xml, "<testsuites name=\"wirecheck\" tests=\"7\" failures=\"2\" errors=\"2\" time=\"1.250\">"));
}

// junit-10.xsd allows no <properties> in a <testcase>: title and points are
// in the check's <system-out>, after its result.
TEST(JunitWriterTest, CheckTitleAndPointsAreInItsSystemOut) {
  const std::string xml = Junit(SampleReport());
  EXPECT_TRUE(Contains(xml, "classname=\"TCP capitalize, one client\" time=\"0.000\">\n"
                            "      <system-out>title: one connection\npoints: 10/10\n</system-out>\n"
                            "    </testcase>"));
  EXPECT_TRUE(Contains(xml, "</failure>\n      <system-out>title: the server closes first, cleanly\npoints: 0/20\n</system-out>"));
}

TEST(JunitWriterTest, UngradedCheckHasNoPoints) {
  const std::string xml = Junit(Report{{testing::VerifyRun()}});
  EXPECT_TRUE(Contains(xml, "<skipped message=\"process checks do not apply to a capture taken elsewhere\"/>\n"
                            "      <system-out>title: every client exits 0\n</system-out>"));
}

TEST(JunitWriterTest, CheckWithoutTitleOrPointsHasNoSystemOut) {
  Report report{{testing::VerifyRun()}};
  report.runs[0].checks[1].title.clear();
  const std::string xml = Junit(report);
  EXPECT_TRUE(Contains(xml, "elsewhere\"/>\n    </testcase>")) << xml;
}

TEST(JunitWriterTest, EmptyReportIsWellFormed) {
  const std::string xml = Junit(Report{});
  EXPECT_EQ(XmlWellFormedError(xml), "");
  EXPECT_TRUE(Contains(xml, "<testsuites name=\"wirecheck\" tests=\"0\" failures=\"0\" errors=\"0\" time=\"0.000\"/>"));
}

TEST(JunitWriterTest, RunWithoutChecksOrCaptureIsValid) {
  reports::Run run;
  run.scenario = "nothing";
  const std::string xml = Junit(Report{{run}});
  EXPECT_TRUE(Contains(xml, "<testsuite name=\"nothing\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\""));
}

// An interrupted run keeps its checks; the harness testcase comes after them
// and the processes' <system-out> last, as the dialect orders them.
TEST(JunitWriterTest, InterruptedRunKeepsItsChecksBeforeTheHarnessError) {
  reports::Run run = testing::LiveRun();
  run.outcome = HarnessError{HarnessErrorKind::kInterrupted, "SIGINT: stopped the processes, kept the capture"};
  const std::string xml = Junit(Report{{run}});
  const auto harness = xml.find("<testcase name=\"harness\"");
  ASSERT_NE(harness, std::string::npos);
  EXPECT_LT(xml.find("<testcase name=\"max_open_at_once\""), harness);
  EXPECT_LT(harness, xml.rfind("<system-out>server: stopped by wirecheck"));
  EXPECT_TRUE(Contains(xml, "type=\"interrupted\"/>"));
  EXPECT_TRUE(Contains(xml, "tests=\"5\" failures=\"2\" errors=\"2\" skipped=\"0\""));
}

TEST(JunitWriterTest, EnvironmentErrorIsAnErrorTestcase) {
  reports::Run run;
  run.scenario = "needs capture";
  run.outcome = HarnessError{HarnessErrorKind::kEnvironment, "no permission to capture on lo"};
  EXPECT_TRUE(Contains(Junit(Report{{run}}), "<error message=\"no permission to capture on lo\" type=\"environment\"/>"));
}

// libxml2's xmllint, when installed: a second, independent parser.
TEST(JunitWriterTest, XmllintAcceptsIt) {
  if (std::system("command -v xmllint >/dev/null 2>&1") != 0) GTEST_SKIP() << "xmllint not installed";
  Report report = SampleReport();
  report.runs[0].checks[2].message = std::string("ctl \x01\x02 bad \xc3(") + '\0';
  const auto path = std::filesystem::temp_directory_path() / "wirecheck-junit-test.xml";
  std::ofstream(path, std::ios::binary) << Junit(report);
  const std::string command = "xmllint --noout '" + path.string() + "' 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace wirecheck::reports
