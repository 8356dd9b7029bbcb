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

namespace wirecheck::reports {
namespace {

using testing::SampleReport;
using testing::XmlWellFormedError;

std::string Junit(const Report& report) {
  std::ostringstream out;
  WriteJunit(out, report, JunitOptions{});
  return out.str();
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(JunitWriterTest, MatchesGolden) { testing::ExpectMatchesGolden(Junit(SampleReport()), "junit.xml"); }

TEST(JunitWriterTest, IsWellFormed) {
  const std::string xml = Junit(SampleReport());
  EXPECT_EQ(XmlWellFormedError(xml), "") << xml;
}

TEST(JunitWriterTest, TotalsComeFirst) {
  EXPECT_TRUE(Contains(Junit(SampleReport()),
                       "<testsuites name=\"wirecheck\" tests=\"7\" failures=\"2\" errors=\"2\" skipped=\"1\""));
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
  report.runs[0].scenario = "name with \x1b[31m escape";
  const std::string xml = Junit(report);
  EXPECT_EQ(XmlWellFormedError(xml), "") << xml;
  EXPECT_TRUE(Contains(xml, "bell \\x07, nul \\x00, bad \\xFF, ]]&gt; &amp; &lt;tag&gt; &quot;q&quot;"));
}

// The golden file masks them; their form is checked here.
TEST(JunitWriterTest, TimesAreSecondsAndTimestampIsUtcWithoutZone) {
  const std::string xml = Junit(SampleReport());
  EXPECT_TRUE(Contains(xml, "time=\"1.234\" timestamp=\"2024-05-01T12:00:00\">"));
  EXPECT_TRUE(Contains(xml, "<testsuites name=\"wirecheck\" tests=\"7\" failures=\"2\" errors=\"2\" skipped=\"1\" time=\"1.250\">"));
}

TEST(JunitWriterTest, UngradedCheckHasNoPointProperties) {
  const std::string xml = Junit(Report{{testing::VerifyRun()}});
  EXPECT_TRUE(Contains(xml, "<property name=\"title\" value=\"every client exits 0\"/>\n      </properties>\n      <skipped"));
}

TEST(JunitWriterTest, EmptyReportIsWellFormed) {
  const std::string xml = Junit(Report{});
  EXPECT_EQ(XmlWellFormedError(xml), "");
  EXPECT_TRUE(Contains(xml, "<testsuites name=\"wirecheck\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0.000\"/>"));
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
