#include "reports/prairielearn_results.h"

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

/// nlohmann's parser rejects invalid UTF-8, so parsing also checks that.
json Parsed(const SubmissionGrade& grade) {
  std::ostringstream out;
  WritePrairieLearnResults(grade, out);
  return json::parse(out.str());
}

TEST(PrairieLearnResultsTest, GradableWithTheScoreAsAFractionOfThePoints) {
  const json j = Parsed(SampleGrade());
  EXPECT_EQ(j["gradable"], true);
  ASSERT_TRUE(j["score"].is_number_float());
  EXPECT_EQ(j["score"].get<double>(), 3.5 / 8);
  EXPECT_EQ(j["message"], "3.5 of 8 points");
  EXPECT_EQ(j["output"], "build: ok\necho five clients: 1 of 2 checks passed\n");
}

TEST(PrairieLearnResultsTest, NoPossiblePointsScoresZeroNotNaN) {
  SubmissionGrade g;
  g.items = {Item("s", "ungraded", 0, 0, ItemStatus::kPassed)};
  const json j = Parsed(g);
  ASSERT_TRUE(j["score"].is_number());
  EXPECT_EQ(j["score"].get<double>(), 0.0);
  EXPECT_EQ(j["message"], "0 of 0 points");
  EXPECT_EQ(Parsed(SubmissionGrade{})["score"].get<double>(), 0.0);
}

TEST(PrairieLearnResultsTest, FullMarksInSeventhsScoreExactlyOne) {
  SubmissionGrade g;
  for (int i = 0; i < 7; ++i) g.items.push_back(Item("s", "c", 20.0 / 7, 20.0 / 7, ItemStatus::kPassed));
  EXPECT_EQ(Parsed(g)["score"].get<double>(), 1.0);
}

TEST(PrairieLearnResultsTest, EachItemIsATestWithPointsMaxPointsMessageAndOutput) {
  const json tests = Parsed(SampleGrade())["tests"];
  ASSERT_EQ(tests.size(), 3u);
  const json& replies = tests[1];
  EXPECT_EQ(replies["name"], "echo five clients: replies");
  ASSERT_TRUE(replies["points"].is_number());
  EXPECT_EQ(replies["points"].get<double>(), 2.5);
  EXPECT_EQ(replies["max_points"].get<double>(), 4.0);
  EXPECT_EQ(replies["message"], "failed");
  EXPECT_EQ(replies["output"], "client 3 got \"HELLO\", expected \"hello\"\nhint: echo the bytes as they came");
  EXPECT_FALSE(replies.contains("score"));
  EXPECT_EQ(tests[0]["message"], "passed");
}

// PrairieLearn has no per-test visibility: the harness filters beforehand.
TEST(PrairieLearnResultsTest, AHiddenItemIsKeptAndAnItemThatDidNotRunSaysSo) {
  const json max_open = Parsed(SampleGrade())["tests"][2];
  EXPECT_EQ(max_open["name"], "echo five clients: max_open_at_once");
  EXPECT_EQ(max_open["message"], "did not run");
  EXPECT_EQ(max_open["points"].get<double>(), 0.0);
  EXPECT_FALSE(max_open.contains("visibility"));
}

TEST(PrairieLearnResultsTest, ArbitraryBytesInOutputsStillMakeValidUtf8Json) {
  SubmissionGrade g = SampleGrade();
  g.output = "nul \0 esc \x1b[31m ff \xff end"s;
  g.items[2].output = "\xc3(";  // a lead byte without its continuation
  const json j = Parsed(g);
  EXPECT_EQ(j["output"], "nul \0 esc \x1b[31m ff \xef\xbf\xbd end"s);
  EXPECT_EQ(j["tests"][2]["output"], "\xef\xbf\xbd(");
}

}  // namespace
}  // namespace wirecheck::reports
