#include "reports/grade.h"

#include <gtest/gtest.h>

#include "tests/reports/sample_grade.h"

namespace wirecheck::reports {
namespace {

using testing::Item;
using testing::SampleGrade;

TEST(GradeTest, VisibilityNamesAreGradescopes) {
  EXPECT_EQ(VisibilityName(Visibility::kVisible), "visible");
  EXPECT_EQ(VisibilityName(Visibility::kHidden), "hidden");
  EXPECT_EQ(VisibilityName(Visibility::kAfterDueDate), "after_due_date");
  EXPECT_EQ(VisibilityName(Visibility::kAfterPublished), "after_published");
}

TEST(GradeTest, VisibilityReadsBackFromItsNameOnly) {
  EXPECT_EQ(VisibilityFromName("after_published"), Visibility::kAfterPublished);
  EXPECT_EQ(VisibilityFromName("hidden"), Visibility::kHidden);
  EXPECT_EQ(VisibilityFromName("Hidden"), std::nullopt);
  EXPECT_EQ(VisibilityFromName(""), std::nullopt);
}

TEST(GradeTest, ItemStatusNames) {
  EXPECT_EQ(ItemStatusName(ItemStatus::kPassed), "passed");
  EXPECT_EQ(ItemStatusName(ItemStatus::kFailed), "failed");
  EXPECT_EQ(ItemStatusName(ItemStatus::kNotRun), "not_run");
}

TEST(GradeTest, ItemStatusReadsBackFromItsNameOnly) {
  EXPECT_EQ(ItemStatusFromName("not_run"), ItemStatus::kNotRun);
  EXPECT_EQ(ItemStatusFromName("failed"), ItemStatus::kFailed);
  EXPECT_EQ(ItemStatusFromName("not run"), std::nullopt);
}

TEST(GradeTest, EarnedAndPossibleSumTheItems) {
  const SubmissionGrade g = SampleGrade();
  EXPECT_EQ(g.earned(), 3.5);
  EXPECT_EQ(g.possible(), 8.0);
}

// Exact: no rounding to what people read (PointsText does that).
TEST(GradeTest, SumsAreExactDoublesInItemOrder) {
  SubmissionGrade g;
  g.items = {Item("s", "a", 0.1, 0.1, ItemStatus::kPassed), Item("s", "b", 0.2, 0.2, ItemStatus::kPassed)};
  EXPECT_EQ(g.earned(), 0.1 + 0.2);
  EXPECT_NE(g.earned(), 0.3);
  EXPECT_EQ(g.possible(), 0.1 + 0.2);
}

TEST(GradeTest, NoItemsNoPoints) {
  EXPECT_EQ(SubmissionGrade{}.earned(), 0.0);
  EXPECT_EQ(SubmissionGrade{}.possible(), 0.0);
}

TEST(GradeTest, FindsAnItemByItsFullName) {
  const SubmissionGrade g = SampleGrade();
  const GradeItem* item = g.FindItem("echo five clients: replies");
  ASSERT_NE(item, nullptr);
  EXPECT_EQ(item->earned, 2.5);
  EXPECT_EQ(g.FindItem("replies"), nullptr);
}

}  // namespace
}  // namespace wirecheck::reports
