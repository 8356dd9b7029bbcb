#include "reports/report_target.h"

#include <gtest/gtest.h>

namespace wirecheck::reports {
namespace {

ReportTarget Parsed(std::string_view value) {
  ReportTarget target;
  std::string error;
  EXPECT_TRUE(ParseReportTarget(value, &target, &error)) << value;
  EXPECT_EQ(error, "");
  return target;
}

std::string ErrorOf(std::string_view value) {
  ReportTarget target{"json", "kept.json"};
  std::string error;
  EXPECT_FALSE(ParseReportTarget(value, &target, &error)) << value;
  EXPECT_EQ(target, (ReportTarget{"json", "kept.json"})) << "changed on error: " << value;
  return error;
}

TEST(ReportTargetTest, NameAndPath) {
  EXPECT_EQ(Parsed("junit=out.xml"), (ReportTarget{"junit", "out.xml"}));
  EXPECT_FALSE(Parsed("junit=out.xml").ToStandardOutput());
}

TEST(ReportTargetTest, NameAloneIsStandardOutput) {
  EXPECT_EQ(Parsed("console"), (ReportTarget{"console", "-"}));
  EXPECT_TRUE(Parsed("console").ToStandardOutput());
}

TEST(ReportTargetTest, DashIsStandardOutput) {
  EXPECT_EQ(Parsed("json=-"), (ReportTarget{"json", "-"}));
  EXPECT_TRUE(Parsed("json=-").ToStandardOutput());
}

TEST(ReportTargetTest, PathKeepsEverythingAfterTheFirstEquals) {
  EXPECT_EQ(Parsed("json=reports/a=b.json"), (ReportTarget{"json", "reports/a=b.json"}));
}

TEST(ReportTargetTest, UnknownNameListsTheKnownOnes) {
  EXPECT_EQ(ErrorOf("xml"), "unknown report format 'xml'; known: console, json, junit, html");
  EXPECT_EQ(ErrorOf("xml=out.xml"), "unknown report format 'xml'; known: console, json, junit, html");
}

TEST(ReportTargetTest, MissingName) {
  EXPECT_EQ(ErrorOf("=out.xml"), "missing report format in '=out.xml'; known: console, json, junit, html");
  EXPECT_EQ(ErrorOf(""), "missing report format in ''; known: console, json, junit, html");
}

TEST(ReportTargetTest, EmptyPath) {
  EXPECT_EQ(ErrorOf("junit="), "missing path in 'junit='; use 'junit=-' for standard output");
}

}  // namespace
}  // namespace wirecheck::reports
