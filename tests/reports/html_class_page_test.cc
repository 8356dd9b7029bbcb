#include "reports/html_class_page.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "reports/class_page_scores.h"
#include "tests/reports/golden.h"
#include "tests/reports/sample_grade.h"

namespace wirecheck::reports {
namespace {

using testing::Item;
using testing::SampleGrade;

constexpr const char* kReplies = "echo five clients: replies";
constexpr const char* kMaxOpen = "echo five clients: max_open_at_once";

/// SampleGrade (build 1 of 1, replies 2.5 of 4 failed, max_open 0 of 3 not
/// run and hidden) renamed, with the points given.
SubmissionGrade Graded(std::string name, double build, double replies, double max_open) {
  SubmissionGrade g = SampleGrade();
  g.submission = std::move(name);
  const double earned[] = {build, replies, max_open};
  for (std::size_t i = 0; i < g.items.size(); ++i) {
    g.items[i].earned = earned[i];
    g.items[i].status = earned[i] == g.items[i].possible ? ItemStatus::kPassed : ItemStatus::kFailed;
  }
  return g;
}

SubmissionGrade BuildFailed(std::string name, std::string why) {
  SubmissionGrade g = Graded(std::move(name), 0, 0, 0);
  for (GradeItem& item : g.items) item.status = ItemStatus::kNotRun;
  g.build_failure = std::move(why);
  return g;
}

Gradebook EchoGradebook(std::vector<SubmissionGrade> submissions) {
  Gradebook book;
  book.assignment = "echo server";
  book.columns = {"build", kReplies, kMaxOpen};
  book.column_points = {1, 4, 3};
  book.submissions = std::move(submissions);
  return book;
}

/// Five submissions, one of each kind, two named to break a page that does
/// not escape: 3.5, 8, 0 (build failed), 5 and 8 of 8.
Gradebook SampleClass() {
  return EchoGradebook({Graded("alice", 1, 2.5, 0), Graded("bob", 1, 4, 3), BuildFailed("carol", "exit status 2"),
                        Graded("a b&c\"d", 1, 4, 0), Graded("<script>alert(1)</script>", 1, 4, 3)});
}

std::string Page(const Gradebook& book, std::vector<std::string> ungraded = {}) {
  ClassPageInput input;
  input.gradebook = &book;
  input.ungraded = std::move(ungraded);
  std::ostringstream out;
  WriteClassPage(out, input);
  return out.str();
}

/// `text` holds `part`; a failure shows both.
::testing::AssertionResult Contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "no\n  " << part << "\nin\n" << text;
}

/// The text of the section with `id`, from its opening tag to its end.
std::string SectionOf(const std::string& page, const std::string& id) {
  const std::size_t start = page.find("<section id=\"" + id + "\">");
  if (start == std::string::npos) return "";
  return page.substr(start, page.find("</section>", start) - start);
}

// The style sheet is html_text.cc's, shared by every page: masked, so that a
// change to it is not a change to this page (it holds no '<').
TEST(ClassPageTest, MatchesGolden) {
  const std::string page = Page(SampleClass(), {"dave: no Makefile", "erin: <no files>"});
  testing::ExpectMatchesGolden(testing::MaskStyleSheet(page), "class-page.html");
}

TEST(ClassPageTest, SummaryGivesCountsAndScoresOutOfTheTotal) {
  const std::string page = Page(SampleClass(), {"dave: no Makefile"});
  // Sorted: 0, 3.5, 5, 8, 8.
  EXPECT_TRUE(Contains(page,
                       "<p class=\"summary\"><span><b>5</b> graded</span><span><b>1</b> not graded</span>"
                       "<span>mean <b>4.9</b> of 8</span><span>median <b>5</b> of 8</span>"
                       "<span>min <b>0</b> of 8</span><span>max <b>8</b> of 8</span>"
                       "<span><b>2</b> with full marks</span></p>"));
}

TEST(ClassPageTest, NavLinksEverySectionAndEachHasItsId) {
  const std::string page = Page(SampleClass(), {"dave: no Makefile"});
  for (const std::string id : {"distribution", "costly-items", "build-failures", "not-graded", "submissions"}) {
    EXPECT_TRUE(Contains(page, "<a href=\"#" + id + "\">"));
    EXPECT_TRUE(Contains(page, "<section id=\"" + id + "\">"));
  }
}

TEST(ClassPageTest, NotGradedIsOmittedWhenEveryoneWasGraded) {
  const std::string page = Page(SampleClass());
  EXPECT_FALSE(Contains(page, "not-graded"));
  EXPECT_TRUE(Contains(page, "<span><b>0</b> not graded</span>"));
}

TEST(ClassPageTest, NotGradedListsEachLineEscaped) {
  EXPECT_EQ(SectionOf(Page(SampleClass(), {"dave: no Makefile", "erin: <no files>"}), "not-graded"),
            "<section id=\"not-graded\">\n<h2>Not graded</h2>\n<ul>\n<li>dave: no Makefile</li>\n"
            "<li>erin: &lt;no files&gt;</li>\n</ul>\n");
}

TEST(ClassPageTest, BuildFailuresLinkEachSubmissionWithItsReason) {
  Gradebook book = SampleClass();
  book.submissions.push_back(BuildFailed("x y", "make: *** <all> Error 2"));
  EXPECT_EQ(SectionOf(Page(book), "build-failures"),
            "<section id=\"build-failures\">\n<h2>Build failures</h2>\n<ul>\n"
            "<li><a href=\"carol/report.html\">carol</a>: exit status 2</li>\n"
            "<li><a href=\"x%20y/report.html\">x y</a>: make: *** &lt;all&gt; Error 2</li>\n</ul>\n");
}

TEST(ClassPageTest, NoBuildFailedSaysSo) {
  const std::string page = Page(EchoGradebook({Graded("alice", 1, 2.5, 0)}));
  EXPECT_EQ(SectionOf(page, "build-failures"),
            "<section id=\"build-failures\">\n<h2>Build failures</h2>\n<p>No build failed.</p>\n");
}

TEST(ClassPageTest, StudentNamesAreEscapedInTextAndPercentEncodedInLinks) {
  const std::string page = Page(SampleClass());
  EXPECT_FALSE(Contains(page, "<script"));
  EXPECT_TRUE(Contains(page,
                       "<td><a href=\"%3Cscript%3Ealert%281%29%3C%2Fscript%3E/report.html\">"
                       "&lt;script&gt;alert(1)&lt;/script&gt;</a></td>"));
  EXPECT_TRUE(Contains(page, "<td><a href=\"a%20b%26c%22d/report.html\">a b&amp;c&quot;d</a></td>"));
  EXPECT_FALSE(Contains(page, "a b&c"));
}

TEST(ClassPageTest, TitlesAndItemNamesAreEscapedToo) {
  Gradebook book = EchoGradebook({});
  book.assignment = "</title><b>x</b>";
  book.columns[1] = "\"q\" & <i>";
  const std::string page = Page(book);
  EXPECT_TRUE(Contains(page, "<title>&lt;/title&gt;&lt;b&gt;x&lt;/b&gt; — class results</title>"));
  EXPECT_TRUE(Contains(page, "<h1>&lt;/title&gt;&lt;b&gt;x&lt;/b&gt;</h1>"));
  EXPECT_TRUE(Contains(page, "<td>&quot;q&quot; &amp; &lt;i&gt;</td>"));
  EXPECT_FALSE(Contains(page, "<i>"));
  EXPECT_FALSE(Contains(page, "<b>x"));
}

TEST(ClassPageTest, TheLinkTemplateIsFilledAtEachPlaceholderAndEscaped) {
  const Gradebook book = EchoGradebook({Graded("a#b", 1, 4, 3)});
  ClassPageInput input;
  input.gradebook = &book;
  input.submission_link = "../{submission}/{submission}.html?from=class&x=1";
  std::ostringstream out;
  WriteClassPage(out, input);
  EXPECT_TRUE(Contains(out.str(), "<a href=\"../a%23b/a%23b.html?from=class&amp;x=1\">a#b</a>"));
}

TEST(ClassPageTest, SubmissionsAreSortedByNameWithScoreStatusAndOneCellPerItem) {
  const std::string table = SectionOf(
      Page(EchoGradebook({Graded("bob", 1, 4, 3), BuildFailed("carol", "exit 2"), Graded("alice", 1, 2.5, 0)})),
      "submissions");
  const std::size_t alice = table.find(">alice</a>");
  const std::size_t bob = table.find(">bob</a>");
  const std::size_t carol = table.find(">carol</a>");
  ASSERT_NE(alice, std::string::npos);
  EXPECT_LT(alice, bob);
  EXPECT_LT(bob, carol);
  EXPECT_TRUE(Contains(table,
                       "<tr><td><a href=\"alice/report.html\">alice</a></td><td class=\"num\">3.5 / 8</td>"
                       "<td class=\"num\">43%</td><td><span class=\"status fail\">lost points</span></td>"
                       "<td class=\"num pass\" title=\"build: passed, 1 of 1\">1</td>"
                       "<td class=\"num fail\" title=\"echo five clients: replies: failed, 2.5 of 4\">✗ 2.5</td>"
                       "<td class=\"num fail\" title=\"echo five clients: max_open_at_once: failed, 0 of 3\">✗ 0</td>"
                       "</tr>"));
  EXPECT_TRUE(Contains(table,
                       "<td class=\"num\">8 / 8</td><td class=\"num\">100%</td>"
                       "<td><span class=\"status pass\">full marks</span></td>"));
  EXPECT_TRUE(Contains(table,
                       "<td class=\"num\">0 / 8</td><td class=\"num\">0%</td>"
                       "<td><span class=\"status fail\">build failed</span></td>"
                       "<td class=\"num fail\" title=\"build: not run, 0 of 1\">✗ 0</td>"));
}

TEST(ClassPageTest, CostlyItemsComeMostLostFirstAndHiddenOnesAreMarked) {
  // replies lost by 2 (alice, carol), max_open by 3 (alice, carol, a b&c"d), build by 1 (carol).
  const std::string costs = SectionOf(Page(SampleClass()), "costly-items");
  EXPECT_TRUE(Contains(costs,
                       "<tbody>\n"
                       "<tr><td>echo five clients: max_open_at_once <span class=\"muted\">(hidden from students)"
                       "</span></td><td class=\"num\">3</td><td class=\"num\">3</td><td class=\"num\">9</td>"
                       "<td class=\"num\">1.2</td></tr>\n"
                       "<tr><td>echo five clients: replies</td><td class=\"num\">4</td><td class=\"num\">2</td>"
                       "<td class=\"num\">5.5</td><td class=\"num\">2.9</td></tr>\n"
                       "<tr><td>build</td><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">1</td>"
                       "<td class=\"num\">0.8</td></tr>\n</tbody>"));
}

TEST(ClassPageTest, ItemsNobodyLostPointsOnStayLastInColumnOrderAndMuted) {
  const std::vector<ItemCost> costs = CostsOfItems(EchoGradebook({Graded("a", 1, 4, 0), Graded("b", 1, 4, 3)}));
  ASSERT_EQ(costs.size(), 3u);
  EXPECT_EQ(costs[0].name, kMaxOpen);
  EXPECT_EQ(costs[0].lost_by, 1u);
  EXPECT_EQ(costs[0].points_lost, 3.0);
  EXPECT_EQ(costs[0].average_earned, 1.5);
  EXPECT_EQ(costs[0].visibility, Visibility::kHidden);
  EXPECT_EQ(costs[1].name, "build");
  EXPECT_EQ(costs[1].lost_by, 0u);
  EXPECT_EQ(costs[2].name, kReplies);
  EXPECT_EQ(costs[2].column, 1u);
  EXPECT_TRUE(Contains(SectionOf(Page(EchoGradebook({Graded("a", 1, 4, 0)})), "costly-items"),
                       "<tr class=\"muted\"><td>build</td>"));
}

TEST(ClassPageTest, TiesInLostByKeepColumnOrder) {
  const std::vector<ItemCost> costs = CostsOfItems(EchoGradebook({Graded("a", 0, 4, 0), Graded("b", 1, 0, 3)}));
  ASSERT_EQ(costs.size(), 3u);
  EXPECT_EQ(costs[0].name, "build");
  EXPECT_EQ(costs[1].name, kReplies);
  EXPECT_EQ(costs[2].name, kMaxOpen);
}

TEST(ClassPageScoresTest, BinsAreTenthsOfTheTotalAndFullMarksStandsApart) {
  Gradebook book;
  book.columns = {"s: a"};
  book.column_points = {100};
  for (double earned : {0.0, 9.99, 10.0, 29.99, 30.0, 60.0, 69.5, 99.99, 100.0}) {
    SubmissionGrade g;
    g.items = {Item("s", "a", earned, 100, earned == 100 ? ItemStatus::kPassed : ItemStatus::kFailed)};
    book.submissions.push_back(g);
  }
  const ScoreHistogram histogram = HistogramOfScores(book);
  const std::array<std::size_t, ScoreHistogram::kBins> expected{2, 1, 1, 1, 0, 0, 2, 0, 0, 1};
  EXPECT_EQ(histogram.bins, expected);
  EXPECT_EQ(histogram.full_marks, 1u);
  EXPECT_EQ(histogram.total(), 9u);
  EXPECT_EQ(histogram.largest(), 2u);
}

// 100 points shared by 7 checks sum to 99.99999999999999 in binary: full
// marks, as PointsText shows 100; 3 × 0.1 of 1 is 30%, not 29%.
TEST(ClassPageScoresTest, SumsOfItemsThatMissByBinaryRoundingCountAsPeopleReadThem) {
  Gradebook book;
  SubmissionGrade full;
  SubmissionGrade thirty;
  for (int i = 0; i < 7; ++i) {
    book.columns.push_back("s: " + std::to_string(i));
    book.column_points.push_back(100.0 / 7);
    full.items.push_back(Item("s", std::to_string(i), 100.0 / 7, 100.0 / 7, ItemStatus::kPassed));
    thirty.items.push_back(Item("s", std::to_string(i), i < 3 ? 10.0 : 0.0, 100.0 / 7, ItemStatus::kFailed));
  }
  book.submissions = {full, thirty};
  const ScoreHistogram histogram = HistogramOfScores(book);
  EXPECT_EQ(histogram.full_marks, 1u);
  EXPECT_EQ(histogram.bins[3], 1u);
  EXPECT_TRUE(IsFullMarks(full.earned(), 100));
  EXPECT_EQ(PercentText(0.1 + 0.2, 1), "30%");
  EXPECT_EQ(PercentText(99.999, 100), "99%");
  EXPECT_EQ(PercentText(100, 100), "100%");
  EXPECT_EQ(PercentText(0, 8), "0%");
}

TEST(ClassPageScoresTest, AnAssignmentWithoutPointsDividesByNothingAndTakesNothingAway) {
  Gradebook book;
  book.assignment = "nothing to grade";
  SubmissionGrade a;
  a.submission = "a";
  book.submissions = {a, a};
  const ScoreHistogram histogram = HistogramOfScores(book);
  EXPECT_EQ(histogram.full_marks, 2u);
  EXPECT_EQ(histogram.bins, (std::array<std::size_t, ScoreHistogram::kBins>{}));
  EXPECT_EQ(PercentText(0, 0), "—");
  const ScoreSummary summary = SummarizeScores(book);
  EXPECT_EQ(summary.possible, 0.0);
  EXPECT_EQ(summary.full_marks, 2u);
  const std::string page = Page(book);
  EXPECT_FALSE(Contains(page, "<svg"));
  EXPECT_TRUE(Contains(page, "<p>The assignment gives no points: every submission has full marks.</p>"));
  EXPECT_TRUE(Contains(page, "<p>The assignment has no items.</p>"));
  EXPECT_TRUE(Contains(page,
                       "<td class=\"num\">0 / 0</td><td class=\"num\">—</td>"
                       "<td><span class=\"status pass\">full marks</span></td></tr>"));
}

TEST(ClassPageScoresTest, AnEmptyGradebookHasNoScoresAndNoChart) {
  const Gradebook book = EchoGradebook({});
  const ScoreSummary summary = SummarizeScores(book);
  EXPECT_EQ(summary.graded, 0u);
  EXPECT_EQ(summary.possible, 8.0);
  EXPECT_EQ(summary.mean, 0.0);
  EXPECT_EQ(HistogramOfScores(book).largest(), 0u);
  const std::string page = Page(book, {"x: empty folder"});
  EXPECT_FALSE(Contains(page, "<svg"));
  EXPECT_TRUE(Contains(page, "<span><b>0</b> graded</span><span><b>1</b> not graded</span><span>mean <b>—</b></span>"));
  EXPECT_EQ(SectionOf(page, "submissions"),
            "<section id=\"submissions\">\n<h2>Every submission</h2>\n<p>No submission was graded.</p>\n");
  // Every item is listed, with no average to give.
  EXPECT_TRUE(Contains(page,
                       "<tr class=\"muted\"><td>build</td><td class=\"num\">1</td><td class=\"num\">0</td>"
                       "<td class=\"num\">0</td><td class=\"num\">—</td></tr>"));
}

TEST(ClassPageScoresTest, MedianOfAnEvenCountIsTheMeanOfTheMiddleTwo) {
  const ScoreSummary summary = SummarizeScores(
      EchoGradebook({Graded("a", 1, 0, 0), Graded("b", 1, 4, 0), Graded("c", 1, 4, 3), Graded("d", 0, 0, 0)}));
  EXPECT_EQ(summary.median, 3.0);
  EXPECT_EQ(summary.mean, 14.0 / 4);
  EXPECT_EQ(summary.min, 0.0);
  EXPECT_EQ(summary.max, 8.0);
  EXPECT_EQ(summary.full_marks, 1u);
}

TEST(ClassPageChartTest, BarsAreScaledToTheTallestAndSayTheirNumbersInWords) {
  // 3.5 of 8 is 43%, 5 of 8 is 62%: one each; 0 in 0–10%; two with full marks.
  const std::string chart = SectionOf(Page(SampleClass()), "distribution");
  EXPECT_TRUE(
      Contains(chart, "<svg class=\"chart\" role=\"img\" aria-labelledby=\"distribution-title distribution-desc\""));
  // The tallest (2, full marks) is 180 px from the baseline at y=204; a count of 1 is half of it.
  EXPECT_TRUE(Contains(chart,
                       "<g><title>2 submissions scored full marks</title><rect class=\"bar full\" x=\"560\" "
                       "y=\"24\" width=\"40\" height=\"180\"/><text x=\"580\" y=\"19\" text-anchor=\"middle\">2"
                       "</text></g>"));
  EXPECT_TRUE(Contains(chart,
                       "<g><title>1 submission scored 60–70%</title><rect class=\"bar\" x=\"344\" y=\"114\" "
                       "width=\"40\" height=\"90\"/>"));
  EXPECT_TRUE(Contains(chart,
                       "<g><title>0 submissions scored 90–100%, short of full marks</title><rect class=\"bar\" "
                       "x=\"488\" y=\"204\" width=\"40\" height=\"0\"/>"));
  EXPECT_TRUE(Contains(chart,
                       "<desc id=\"distribution-desc\">Scores of 5 submissions as a share of the 8 points "
                       "possible: 1 scored 0–10%; 1 scored 40–50%; 1 scored 60–70%; 2 scored full marks. No other "
                       "range has a submission.</desc>"));
  EXPECT_TRUE(Contains(chart, "<tr><td>40–50%</td><td class=\"num\">1</td></tr>"));
  EXPECT_TRUE(Contains(chart, "<tr><td>full marks</td><td class=\"num\">2</td></tr>"));
}

// 300 submissions of 10 items each, item names of a usual length (33
// characters): the page measured 337,595 bytes, about 1.1 KB a row of which
// 95 bytes an item cell (its title names the item). Bound: 512 KiB, half the
// 1 MB a class page must stay under, so a longer name does not break it.
TEST(ClassPageTest, AClassOf300With10ItemsStaysUnderHalfAMegabyte) {
  Gradebook book;
  book.assignment = "http proxy";
  for (int i = 0; i < 10; ++i) {
    book.columns.push_back("proxy many clients: check_number_" + std::to_string(i));
    book.column_points.push_back(10);
  }
  for (int s = 0; s < 300; ++s) {
    SubmissionGrade g;
    g.submission = "student_" + std::to_string(1000 + s);
    if (s % 17 == 0) g.build_failure = "exit status 2";
    for (int i = 0; i < 10; ++i) {
      const double earned = (s + i) % 3 == 0 ? 10 : (s * i) % 10;
      g.items.push_back(Item("proxy many clients", "check_number_" + std::to_string(i), earned, 10,
                             earned == 10 ? ItemStatus::kPassed : ItemStatus::kFailed));
    }
    book.submissions.push_back(std::move(g));
  }
  const std::string page = Page(book);
  RecordProperty("bytes", static_cast<int>(page.size()));
  EXPECT_LT(page.size(), 512u * 1024) << page.size();
  EXPECT_GT(page.size(), 100u * 1024) << "not every row was written";
  std::size_t rows = 0;
  for (std::size_t at = 0; (at = page.find("<tr><td><a href=\"student_", at)) != std::string::npos; ++at) ++rows;
  EXPECT_EQ(rows, 300u);
}

}  // namespace
}  // namespace wirecheck::reports
