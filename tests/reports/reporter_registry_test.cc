#include "reports/reporter_registry.h"

#include <gtest/gtest.h>

#include <sstream>

#include "reports/console_writer.h"
#include "reports/json_writer.h"
#include "reports/junit_writer.h"
#include "tests/reports/sample_report.h"

namespace wirecheck::reports {
namespace {

std::string Written(std::string_view name, const ReporterOptions& options, const Report& report) {
  std::ostringstream out;
  std::unique_ptr<Reporter> reporter = MakeReporter(name, out, options);
  EXPECT_NE(reporter, nullptr) << name;
  if (reporter) ReplayReport(report, *reporter);
  return out.str();
}

TEST(ReporterRegistryTest, KnowsConsoleJsonJunitAndHtml) {
  EXPECT_EQ(ReporterNames(), (std::vector<std::string_view>{"console", "json", "junit", "html"}));
  EXPECT_EQ(ReporterNamesText(), "console, json, junit, html");
  for (std::string_view name : ReporterNames()) {
    EXPECT_TRUE(IsReporterName(name)) << name;
    std::ostringstream out;
    EXPECT_NE(MakeReporter(name, out, ReporterOptions{}), nullptr) << name;
  }
}

TEST(ReporterRegistryTest, UnknownNameGivesNullAndSaysWhichNamesAreKnown) {
  std::ostringstream out;
  std::string error;
  EXPECT_EQ(MakeReporter("xml", out, ReporterOptions{}, &error), nullptr);
  EXPECT_EQ(error, "unknown report format 'xml'; known: console, json, junit, html");
  EXPECT_EQ(MakeReporter("xml", out, ReporterOptions{}), nullptr);
  EXPECT_FALSE(IsReporterName("xml"));
  EXPECT_FALSE(IsReporterName(""));
  EXPECT_FALSE(IsReporterName("JUnit"));  // names are exact
  EXPECT_EQ(out.str(), "");
}

TEST(ReporterRegistryTest, EachNameMakesItsFormat) {
  const Report report = testing::SampleReport();
  std::ostringstream console, json, junit;
  WriteConsole(console, report, ConsoleOptions{});
  WriteJson(json, report, JsonOptions{});
  WriteJunit(junit, report, JunitOptions{});
  EXPECT_EQ(Written("console", ReporterOptions{}, report), console.str());
  EXPECT_EQ(Written("json", ReporterOptions{}, report), json.str());
  EXPECT_EQ(Written("junit", ReporterOptions{}, report), junit.str());
  std::ostringstream html;
  WriteHtmlReport(html, report, HtmlOptions{});
  EXPECT_EQ(Written("html", ReporterOptions{}, report), html.str());
}

TEST(ReporterRegistryTest, OptionsReachTheFormats) {
  const Report report = testing::SampleReport();
  ReporterOptions options;
  options.colour = true;
  options.verbose = true;
  options.text.preview_bytes = 4;
  options.json.indent = -1;
  options.json.preview_bytes = 3;

  std::ostringstream console, json, junit;
  WriteConsole(console, report, ConsoleOptions{true, true, options.text});
  WriteJson(json, report, options.json);
  WriteJunit(junit, report, JunitOptions{options.text});
  EXPECT_EQ(Written("console", options, report), console.str());
  EXPECT_EQ(Written("json", options, report), json.str());
  EXPECT_EQ(Written("junit", options, report), junit.str());
  EXPECT_NE(console.str().find('\033'), std::string::npos);
}

}  // namespace
}  // namespace wirecheck::reports
