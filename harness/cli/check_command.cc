#include "harness/cli/check_command.h"

#include <ostream>

#include "harness/loader/scenario_loader.h"
#include "harness/loader/scenario_schema.h"
#include "reports/escape.h"

namespace wirecheck {

ExitCode RunCheck(const std::vector<std::string>& files, std::ostream& out, std::ostream& err) {
  if (files.empty()) {
    err << "wirecheck check: no scenario files given\n";
    return ExitCode::kBadInput;
  }
  bool all_valid = true;
  for (const std::string& file : files) {
    const ScenarioLoad load = LoadScenarioFile(file);
    // Escaped: the messages quote the file's own text, and a terminal must
    // not run the escape sequences a stranger's file holds.
    for (const ScenarioError& e : load.errors) {
      err << reports::EscapeControls(ToString(e.where) + ": error: " + e.message) << "\n";
    }
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
