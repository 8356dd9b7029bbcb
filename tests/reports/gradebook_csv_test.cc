#include "reports/gradebook_csv.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "tests/reports/sample_grade.h"

namespace wirecheck::reports {
namespace {

using testing::Item;
using testing::SampleGrade;

SubmissionGrade Named(std::string name, double replies = 4) {
  SubmissionGrade g = SampleGrade();
  g.submission = std::move(name);
  g.items[1].earned = replies;
  return g;
}

Gradebook SampleGradebook(std::vector<SubmissionGrade> submissions) {
  Gradebook book;
  book.assignment = "echo server";
  book.columns = {"build", "echo five clients: replies", "echo five clients: max_open_at_once"};
  book.column_points = {1, 4, 3};
  book.submissions = std::move(submissions);
  return book;
}

std::string Csv(const Gradebook& book) {
  std::ostringstream out;
  WriteGradebookCsv(book, out);
  return out.str();
}

TEST(GradebookCsvTest, HeaderGivesEachMaximumThenOneRowPerSubmissionInOrder) {
  EXPECT_EQ(Csv(SampleGradebook({Named("alice", 2.5), Named("bob")})),
            "submission,build (1),echo five clients: replies (4),"
            "echo five clients: max_open_at_once (3),total (8)\r\n"
            "alice,1,2.5,0,3.5\r\n"
            "bob,1,4,0,5\r\n");
}

TEST(GradebookCsvTest, QuotesANameWithACommaAndGuardsAFormula) {
  EXPECT_EQ(Csv(SampleGradebook({Named("doe, jane"), Named("=HYPERLINK(\"http://x\",\"y\")")})),
            "submission,build (1),echo five clients: replies (4),"
            "echo five clients: max_open_at_once (3),total (8)\r\n"
            "\"doe, jane\",1,4,0,5\r\n"
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",1,4,0,5\r\n");
}

TEST(GradebookCsvTest, GuardsEveryFormulaStartButNotTheMiddleOfAName) {
  Gradebook book;
  book.submissions = {Named("+1"), Named("-2"), Named("@SUM(A1)"), Named("\tcmd"), Named("\rcmd"),
                      Named("a=b")};
  for (SubmissionGrade& s : book.submissions) s.items.clear();
  EXPECT_EQ(Csv(book),
            "submission,total (0)\r\n"
            "'+1,0\r\n"
            "'-2,0\r\n"
            "'@SUM(A1),0\r\n"
            "'\tcmd,0\r\n"
            "\"'\rcmd\",0\r\n"
            "a=b,0\r\n");
}

TEST(GradebookCsvTest, QuotesQuotesAndLineBreaks) {
  Gradebook book;
  book.submissions = {Named("say \"hi\""), Named("two\nlines")};
  for (SubmissionGrade& s : book.submissions) s.items.clear();
  EXPECT_EQ(Csv(book),
            "submission,total (0)\r\n"
            "\"say \"\"hi\"\"\",0\r\n"
            "\"two\nlines\",0\r\n");
}

TEST(GradebookCsvTest, ColumnTitlesAreQuotedAndGuardedLikeNames) {
  Gradebook book;
  book.columns = {"echo: a, b", "-negative"};
  book.column_points = {2, 1};
  EXPECT_EQ(Csv(book), "submission,\"echo: a, b (2)\",'-negative (1),total (3)\r\n");
}

TEST(GradebookCsvTest, PointsAreRoundedForPeopleToTwoDecimals) {
  Gradebook book;
  SubmissionGrade s;
  s.submission = "carol";
  for (int i = 0; i < 7; ++i) {
    const std::string check = "c" + std::to_string(i);
    book.columns.push_back("s: " + check);
    book.column_points.push_back(100.0 / 7);
    s.items.push_back(Item("s", check, 100.0 / 7, 100.0 / 7, ItemStatus::kPassed));
  }
  book.submissions = {s};
  const std::string csv = Csv(book);
  EXPECT_EQ(csv.substr(0, csv.find(',', 12)), "submission,s: c0 (14.29)");
  EXPECT_EQ(csv.substr(csv.find("\r\n") + 2),
            "carol,14.29,14.29,14.29,14.29,14.29,14.29,14.29,100\r\n");
  EXPECT_NE(csv.find(",total (100)\r\n"), std::string::npos);
}

TEST(GradebookCsvTest, AMissingItemIsAnEmptyCellNotAZero) {
  SubmissionGrade partial = Named("dave");
  partial.items.erase(partial.items.begin() + 1);
  EXPECT_EQ(Csv(SampleGradebook({partial})),
            "submission,build (1),echo five clients: replies (4),"
            "echo five clients: max_open_at_once (3),total (8)\r\n"
            "dave,1,,0,1\r\n");
}

TEST(GradebookCsvTest, NoSubmissionsIsTheHeaderAlone) {
  EXPECT_EQ(Csv(SampleGradebook({})),
            "submission,build (1),echo five clients: replies (4),"
            "echo five clients: max_open_at_once (3),total (8)\r\n");
}

}  // namespace
}  // namespace wirecheck::reports
