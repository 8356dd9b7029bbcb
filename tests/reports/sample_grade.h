#pragma once
// Grades for the grade writers' tests: a submission whose build passed, one
// scenario item that failed with partial points and a hidden one that never
// ran; and a gradebook of such submissions.

#include <chrono>
#include <string>
#include <utility>

#include "reports/grade.h"

namespace wirecheck::reports::testing {

inline GradeItem Item(std::string scenario, std::string check, double earned, double possible,
                      ItemStatus status, std::string output = "",
                      Visibility visibility = Visibility::kVisible) {
  GradeItem item;
  item.name = scenario.empty() ? check : scenario + ": " + check;
  item.scenario = std::move(scenario);
  item.check = std::move(check);
  item.earned = earned;
  item.possible = possible;
  item.status = status;
  item.output = std::move(output);
  item.visibility = visibility;
  return item;
}

/// 1 + 2.5 of 1 + 4 + 3 points.
inline SubmissionGrade SampleGrade() {
  SubmissionGrade g;
  g.submission = "alice";
  g.output = "build: ok\necho five clients: 1 of 2 checks passed\n";
  g.started = std::chrono::system_clock::time_point(std::chrono::milliseconds(1714564800250));
  g.duration = std::chrono::milliseconds(2600);
  g.items = {
      Item("", "build", 1, 1, ItemStatus::kPassed),
      Item("echo five clients", "replies", 2.5, 4, ItemStatus::kFailed,
           "client 3 got \"HELLO\", expected \"hello\"\nhint: echo the bytes as they came"),
      Item("echo five clients", "max_open_at_once", 0, 3, ItemStatus::kNotRun,
           "the run stopped before this check", Visibility::kHidden),
  };
  return g;
}

}  // namespace wirecheck::reports::testing
