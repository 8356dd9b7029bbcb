#pragma once
// Assignment files → the Assignment model (model/assignment.h), as strictly
// as scenarios: every error of the file and of each scenario it names, as
// file:line:column, in one pass. Each scenario file is loaded here, so a
// class is never half graded because of the teacher's typo in the third
// scenario. Nothing throws out of here.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/loader/scenario_error.h"
#include "harness/model/assignment.h"

namespace wirecheck {

/// An assignment when errors is empty; otherwise none.
struct AssignmentLoad {
  std::optional<Assignment> assignment;
  std::vector<ScenarioError> errors;
};

/// Reads and loads path; scenario files are found relative to its folder.
AssignmentLoad LoadAssignmentFile(const std::string& path);

/// Whether path holds an assignment rather than a scenario: a mapping with
/// `assignment` and no `scenario` at its top. False for anything else,
/// unreadable or past the bounds (its load then says why).
bool IsAssignmentFile(const std::string& path);

/// Loads YAML text named `file_name`; scenario files are found relative to
/// file_name's folder.
AssignmentLoad LoadAssignmentText(std::string_view text, const std::string& file_name);

}  // namespace wirecheck
