#pragma once
// The numbers the class page shows, taken from a Gradebook: how the total
// scores spread (a summary and a histogram) and what each item cost the
// class. No HTML here: the page's tests check the words, these the numbers.
//
// A score is a submission's earned points out of the assignment's total (the
// sum of Gradebook::column_points). Sums of items carry binary rounding
// (20 points shared by 7 checks sum to 99.99999999999994), so comparisons
// with a bound allow a relative slack of 1e-9: such a sum is full marks and
// 30 of 100 lands in the 30–40% bin, as a person reading PointsText expects.

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "reports/grade.h"

namespace wirecheck::reports {

/// Nothing lost: `earned` reaches `possible` (within the slack). True for 0
/// of 0: an assignment without points takes none away.
bool IsFullMarks(double earned, double possible);

/// Whole percent, rounded down, so that a score short of full marks never
/// reads "100%" and every score reads as its histogram bin: "68%". "—" when
/// `possible` is 0 (no share to give).
std::string PercentText(double earned, double possible);

struct ScoreSummary {
  std::size_t graded = 0;
  double possible = 0;  // the assignment's total
  /// Of the graded submissions' totals; all 0 when none was graded.
  double mean = 0;
  double median = 0;  // of an even count, the mean of the middle two
  double min = 0;
  double max = 0;
  std::size_t full_marks = 0;
};

ScoreSummary SummarizeScores(const Gradebook& gradebook);

/// The graded submissions by score: bins[i] counts the scores from i*10% up
/// to, not including, (i+1)*10% of the total; the last bin stops short of
/// full marks, which `full_marks` counts apart. Every submission is counted
/// once.
struct ScoreHistogram {
  static constexpr std::size_t kBins = 10;
  std::array<std::size_t, kBins> bins{};
  std::size_t full_marks = 0;

  /// The tallest bar's count, full marks included; 0 when nothing was graded.
  std::size_t largest() const;
  std::size_t total() const;
};

ScoreHistogram HistogramOfScores(const Gradebook& gradebook);

/// What one item (a column) cost the class.
struct ItemCost {
  std::size_t column = 0;  // its index in Gradebook::columns
  std::string name;
  double possible = 0;  // its maximum
  /// Submissions whose item failed or did not run.
  std::size_t lost_by = 0;
  /// Across the class: the sum of each submission's possible − earned.
  double points_lost = 0;
  /// Over the submissions that have the item (every one, unless a bug
  /// upstream left one out); 0 when none has it.
  double average_earned = 0;
  std::size_t graded = 0;  // submissions that have the item
  /// As the first submission that has the item gives it (the assignment
  /// fixes it for all); visible when none has it.
  Visibility visibility = Visibility::kVisible;
};

/// Every column, the item most submissions lost points on first, ties in
/// column order: what to teach again comes first. Items nobody lost points
/// on come last, in column order.
std::vector<ItemCost> CostsOfItems(const Gradebook& gradebook);

}  // namespace wirecheck::reports
