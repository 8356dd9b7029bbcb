#pragma once
// A submission's points, item by item, from the runs of its scenarios: the
// fair part of grading, pure (no I/O) so that it is tested on its own.
//
// An item is one `grading:` entry of one scenario of the assignment. Its
// maximum is the entry's points, fixed before anything runs; the checks of
// the run that carry its name share those points (verify.cc), and what the
// run could not check (it stopped early, the build failed) scores 0 of the
// maximum, with the reason in the item's output. So every submission has
// the same items with the same maxima, whatever happened to it.

#include <optional>
#include <string>
#include <vector>

#include "harness/model/assignment.h"
#include "reports/grade.h"
#include "reports/report.h"

namespace wirecheck {

/// What became of one scenario of the assignment for one submission: its
/// run, or why it did not run ("the build failed").
struct ScenarioOutcome {
  std::optional<reports::Run> run;
  std::string not_run;  // set when run is empty
};

/// The items of every scenario, in assignment order; `outcomes` has one
/// entry per scenario of `assignment`, in the same order.
std::vector<reports::GradeItem> GradeItems(const Assignment& assignment,
                                           const std::vector<ScenarioOutcome>& outcomes);

/// The items with no outcome at all: every item 0 of its maximum, `why` as
/// its output (a submission that could not even be copied).
std::vector<reports::GradeItem> UngradedItems(const Assignment& assignment, const std::string& why);

/// The gradebook's columns: every item's name and maximum, in order.
void GradebookColumns(const Assignment& assignment, std::vector<std::string>* names, std::vector<double>* points);

}  // namespace wirecheck
