#include "harness/cli/check_command.h"

#include <ostream>

#include "harness/loader/assignment_loader.h"
#include "harness/loader/scenario_loader.h"
#include "harness/loader/scenario_schema.h"
#include "reports/escape.h"

namespace wirecheck {

namespace {

// An assignment, with every scenario it names: "FILE: OK: title (3
// scenarios, 100 points)".
bool CheckAssignment(const std::string& file, std::ostream& out, std::ostream& err) {
  const AssignmentLoad load = LoadAssignmentFile(file);
  PrintLoadErrors(load.errors, err);
  if (!load.assignment) return false;
  int points = 0;
  for (const AssignmentScenario& s : load.assignment->scenarios) {
    for (const GradeItem& item : s.scenario.grading.items) points += item.points;
  }
  const std::size_t n = load.assignment->scenarios.size();
  out << reports::EscapeControls(file + ": OK: " + load.assignment->title + " (" + std::to_string(n) + " scenario" +
                                 (n == 1 ? "" : "s") + ", " + std::to_string(points) + " points)")
      << "\n";
  return true;
}

}  // namespace

void PrintLoadErrors(const std::vector<ScenarioError>& errors, std::ostream& err) {
  // Escaped: the messages quote the file's own text, and a terminal must
  // not run the escape sequences a stranger's file holds.
  for (const ScenarioError& e : errors) {
    err << reports::EscapeControls(ToString(e.where) + ": error: " + e.message) << "\n";
  }
}

ExitCode RunCheck(const std::vector<std::string>& files, std::ostream& out, std::ostream& err) {
  if (files.empty()) {
    err << "wirecheck check: no scenario files given\n";
    return ExitCode::kBadInput;
  }
  bool all_valid = true;
  for (const std::string& file : files) {
    if (IsAssignmentFile(file)) {
      all_valid = CheckAssignment(file, out, err) && all_valid;
      continue;
    }
    const ScenarioLoad load = LoadScenarioFile(file);
    PrintLoadErrors(load.errors, err);
    if (load.scenario) {
      out << reports::EscapeControls(file + ": OK: " + load.scenario->title) << "\n";
    } else {
      all_valid = false;
    }
  }
  return all_valid ? ExitCode::kOk : ExitCode::kBadInput;
}

ExitCode PrintSchema(std::ostream& out, bool assignment) {
  out << (assignment ? AssignmentSchema() : ScenarioSchema()).dump(2) << "\n";
  return ExitCode::kOk;
}

}  // namespace wirecheck
