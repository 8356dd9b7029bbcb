#include "reports/prairielearn_results.h"

#include <algorithm>

#include "reports/report.h"

namespace wirecheck::reports {

using nlohmann::ordered_json;

namespace {

std::string_view TestMessage(ItemStatus s) {
  switch (s) {
    case ItemStatus::kPassed: return "passed";
    case ItemStatus::kFailed: return "failed";
    case ItemStatus::kNotRun: return "did not run";
  }
  return "";
}

ordered_json TestJson(const GradeItem& item) {
  ordered_json j;
  j["name"] = item.name;
  j["points"] = item.earned;
  j["max_points"] = item.possible;
  j["message"] = TestMessage(item.status);
  j["output"] = item.output;
  return j;
}

/// Sums of earned points never pass the sum of their maxima (each item's
/// earned <= possible, and rounding is monotonic); the clamp keeps a bad
/// item from making a score PrairieLearn would reject.
double ScoreFraction(double earned, double possible) {
  if (possible <= 0) return 0;
  return std::clamp(earned / possible, 0.0, 1.0);
}

}  // namespace

ordered_json PrairieLearnResultsJson(const SubmissionGrade& grade) {
  const double earned = grade.earned();
  const double possible = grade.possible();
  ordered_json j;
  j["gradable"] = true;
  j["score"] = ScoreFraction(earned, possible);
  j["message"] = PointsText(earned) + " of " + PointsText(possible) + " points";
  j["output"] = grade.output;
  ordered_json tests = ordered_json::array();
  for (const GradeItem& item : grade.items) tests.push_back(TestJson(item));
  j["tests"] = tests;
  return j;
}

void WritePrairieLearnResults(const SubmissionGrade& grade, std::ostream& out) {
  out << PrairieLearnResultsJson(grade).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
      << '\n';
}

}  // namespace wirecheck::reports
