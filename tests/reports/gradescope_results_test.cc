#include "reports/gradescope_results.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "tests/reports/sample_grade.h"

namespace wirecheck::reports {
namespace {

using namespace std::string_literals;
using nlohmann::json;
using testing::Item;
using testing::SampleGrade;

std::string Text(const SubmissionGrade& grade) {
  std::ostringstream out;
  WriteGradescopeResults(grade, out);
  return out.str();
}

/// nlohmann's parser rejects invalid UTF-8, so parsing also checks that.
json Parsed(const SubmissionGrade& grade) { return json::parse(Text(grade)); }

TEST(GradescopeResultsTest, TopLevelHasExactScoreOutputAndHiddenStdout) {
  const json j = Parsed(SampleGrade());
  ASSERT_TRUE(j["score"].is_number_float());
  EXPECT_EQ(j["score"].get<double>(), 3.5);
  EXPECT_EQ(j["output"], "build: ok\necho five clients: 1 of 2 checks passed\n");
  EXPECT_EQ(j["output_format"], "text");
  EXPECT_EQ(j["stdout_visibility"], "hidden");
  EXPECT_FALSE(j.contains("visibility"));
  ASSERT_TRUE(j["tests"].is_array());
  EXPECT_EQ(j["tests"].size(), 3u);
}

TEST(GradescopeResultsTest, ExecutionTimeIsWholeSecondsRounded) {
  SubmissionGrade g = SampleGrade();
  ASSERT_TRUE(Parsed(g)["execution_time"].is_number_integer());
  EXPECT_EQ(Parsed(g)["execution_time"], 3);  // 2.6 s
  g.duration = std::chrono::milliseconds(400);
  EXPECT_EQ(Parsed(g)["execution_time"], 0);
}

TEST(GradescopeResultsTest, EachItemIsATestWithScoresStatusOutputAndVisibility) {
  const json tests = Parsed(SampleGrade())["tests"];
  const json& replies = tests[1];
  EXPECT_EQ(replies["name"], "echo five clients: replies");
  ASSERT_TRUE(replies["score"].is_number());
  EXPECT_EQ(replies["score"].get<double>(), 2.5);
  EXPECT_EQ(replies["max_score"].get<double>(), 4.0);
  EXPECT_EQ(replies["status"], "failed");
  EXPECT_EQ(replies["output"], "client 3 got \"HELLO\", expected \"hello\"\nhint: echo the bytes as they came");
  EXPECT_EQ(replies["visibility"], "visible");
  EXPECT_EQ(tests[0]["name"], "build");
  EXPECT_EQ(tests[0]["status"], "passed");
  EXPECT_EQ(tests[0]["output"], "");
}

TEST(GradescopeResultsTest, AnItemThatDidNotRunFailedAndKeepsItsVisibility) {
  const json max_open = Parsed(SampleGrade())["tests"][2];
  EXPECT_EQ(max_open["status"], "failed");
  EXPECT_EQ(max_open["score"].get<double>(), 0.0);
  EXPECT_EQ(max_open["max_score"].get<double>(), 3.0);
  EXPECT_EQ(max_open["visibility"], "hidden");
}

TEST(GradescopeResultsTest, EveryVisibilityIsWrittenByName) {
  SubmissionGrade g;
  g.items = {Item("s", "a", 0, 1, ItemStatus::kFailed, "", Visibility::kAfterDueDate),
             Item("s", "b", 0, 1, ItemStatus::kFailed, "", Visibility::kAfterPublished)};
  const json j = Parsed(g);
  EXPECT_EQ(j["tests"][0]["visibility"], "after_due_date");
  EXPECT_EQ(j["tests"][1]["visibility"], "after_published");
}

TEST(GradescopeResultsTest, ScoreIsTheExactSumNotARoundedOne) {
  SubmissionGrade g;
  g.items = {Item("s", "a", 0.1, 1, ItemStatus::kFailed), Item("s", "b", 0.2, 1, ItemStatus::kFailed)};
  EXPECT_EQ(Parsed(g)["score"].get<double>(), 0.1 + 0.2);
}

TEST(GradescopeResultsTest, ArbitraryBytesInOutputsStillMakeValidUtf8Json) {
  SubmissionGrade g = SampleGrade();
  g.output = "nul \0 esc \x1b[31m ff \xff end"s;
  g.items[1].output = "\xff\xfe"s;
  const std::string text = Text(g);
  EXPECT_NE(text.find(R"(nul \u0000 esc \u001b[31m ff )"), std::string::npos) << text;
  const json j = json::parse(text);
  EXPECT_EQ(j["output"], "nul \0 esc \x1b[31m ff \xef\xbf\xbd end"s);
  EXPECT_EQ(j["tests"][1]["output"], "\xef\xbf\xbd\xef\xbf\xbd");
}

TEST(GradescopeResultsTest, NoItemsIsAnEmptyTestList) {
  const json j = Parsed(SubmissionGrade{});
  EXPECT_EQ(j["score"].get<double>(), 0.0);
  EXPECT_TRUE(j["tests"].is_array());
  EXPECT_TRUE(j["tests"].empty());
}

}  // namespace
}  // namespace wirecheck::reports
