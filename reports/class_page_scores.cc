#include "reports/class_page_scores.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>
#include <utility>

namespace wirecheck::reports {

namespace {

/// The binary rounding of a sum of items, relative to the bound compared with.
constexpr double kSlack = 1e-9;

double Slack(double bound) { return kSlack * std::max(1.0, std::abs(bound)); }

double TotalPossible(const Gradebook& gradebook) {
  return std::accumulate(gradebook.column_points.begin(), gradebook.column_points.end(), 0.0);
}

/// The bin of a score short of full marks: tenths of the total, rounded down.
std::size_t BinOf(double earned, double possible) {
  assert(possible > 0);
  const double tenths = std::floor(earned * 10 / possible + kSlack);
  return static_cast<std::size_t>(std::clamp(tenths, 0.0, static_cast<double>(ScoreHistogram::kBins - 1)));
}

}  // namespace

bool IsFullMarks(double earned, double possible) { return earned + Slack(possible) >= possible; }

std::string PercentText(double earned, double possible) {
  if (possible <= 0) return "—";
  if (IsFullMarks(earned, possible)) return "100%";
  const double percent = std::floor(earned * 100 / possible + kSlack);
  return std::to_string(static_cast<long long>(std::clamp(percent, 0.0, 99.0))) + "%";
}

ScoreSummary SummarizeScores(const Gradebook& gradebook) {
  ScoreSummary summary;
  summary.possible = TotalPossible(gradebook);
  summary.graded = gradebook.submissions.size();
  if (summary.graded == 0) return summary;

  std::vector<double> scores;
  scores.reserve(summary.graded);
  for (const SubmissionGrade& submission : gradebook.submissions) {
    scores.push_back(submission.earned());
    if (IsFullMarks(scores.back(), summary.possible)) ++summary.full_marks;
  }
  std::sort(scores.begin(), scores.end());
  const std::size_t middle = scores.size() / 2;
  summary.median = scores.size() % 2 == 1 ? scores[middle] : (scores[middle - 1] + scores[middle]) / 2;
  summary.mean = std::accumulate(scores.begin(), scores.end(), 0.0) / static_cast<double>(scores.size());
  summary.min = scores.front();
  summary.max = scores.back();
  return summary;
}

std::size_t ScoreHistogram::largest() const {
  return std::max(full_marks, *std::max_element(bins.begin(), bins.end()));
}

std::size_t ScoreHistogram::total() const { return std::accumulate(bins.begin(), bins.end(), full_marks); }

ScoreHistogram HistogramOfScores(const Gradebook& gradebook) {
  const double possible = TotalPossible(gradebook);
  ScoreHistogram histogram;
  for (const SubmissionGrade& submission : gradebook.submissions) {
    const double earned = submission.earned();
    if (IsFullMarks(earned, possible)) {
      ++histogram.full_marks;
    } else {
      ++histogram.bins[BinOf(earned, possible)];
    }
  }
  return histogram;
}

std::vector<ItemCost> CostsOfItems(const Gradebook& gradebook) {
  assert(gradebook.columns.size() == gradebook.column_points.size());
  std::vector<ItemCost> costs;
  for (std::size_t column = 0; column < gradebook.columns.size(); ++column) {
    ItemCost cost;
    cost.column = column;
    cost.name = gradebook.columns[column];
    cost.possible = gradebook.column_points[column];
    double earned = 0;
    for (const SubmissionGrade& submission : gradebook.submissions) {
      const GradeItem* item = submission.FindItem(cost.name);
      if (item == nullptr) continue;
      if (cost.graded++ == 0) cost.visibility = item->visibility;
      if (item->status != ItemStatus::kPassed) ++cost.lost_by;
      cost.points_lost += std::max(0.0, item->possible - item->earned);
      earned += item->earned;
    }
    if (cost.graded > 0) cost.average_earned = earned / static_cast<double>(cost.graded);
    costs.push_back(std::move(cost));
  }
  std::stable_sort(costs.begin(), costs.end(),
                   [](const ItemCost& a, const ItemCost& b) { return a.lost_by > b.lost_by; });
  return costs;
}

}  // namespace wirecheck::reports
