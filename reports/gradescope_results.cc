#include "reports/gradescope_results.h"

#include <chrono>
#include <cmath>

namespace wirecheck::reports {

using nlohmann::ordered_json;

namespace {

/// Gradescope marks a test passed or failed; an item that could not run
/// earned nothing, so it failed.
std::string_view GradescopeStatus(ItemStatus s) {
  return s == ItemStatus::kPassed ? "passed" : "failed";
}

ordered_json TestJson(const GradeItem& item) {
  ordered_json j;
  j["name"] = item.name;
  j["score"] = item.earned;
  j["max_score"] = item.possible;
  j["status"] = GradescopeStatus(item.status);
  j["output"] = item.output;
  j["visibility"] = VisibilityName(item.visibility);
  return j;
}

}  // namespace

ordered_json GradescopeResultsJson(const SubmissionGrade& grade) {
  ordered_json j;
  j["score"] = grade.earned();
  j["execution_time"] = std::llround(std::chrono::duration<double>(grade.duration).count());
  j["output"] = grade.output;
  j["output_format"] = "text";
  j["stdout_visibility"] = VisibilityName(Visibility::kHidden);
  ordered_json tests = ordered_json::array();
  for (const GradeItem& item : grade.items) tests.push_back(TestJson(item));
  j["tests"] = tests;
  return j;
}

void WriteGradescopeResults(const SubmissionGrade& grade, std::ostream& out) {
  out << GradescopeResultsJson(grade).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
      << '\n';
}

}  // namespace wirecheck::reports
