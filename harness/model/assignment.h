#pragma once
// The assignment model: what `wirecheck grade` builds and runs for every
// submission of a class. Plain data, filled by LoadAssignmentFile()
// (loader/assignment_loader.h); the format is documented in
// scenarios/README.md ("Assignments"). Every scenario it names is loaded
// with it, so an assignment that loads can be graded without another error
// of the teacher's.

#include <optional>
#include <string>
#include <vector>

#include "harness/model/scenario.h"
#include "reports/grade.h"

namespace wirecheck {

/// Run once per submission, in a writable copy of its folder, in a sandbox
/// of its own (no network, the host's system folders read-only). Its
/// command's placeholders: {submission} (the copy), {tmp}.
struct AssignmentBuild {
  Command command;                               // cwd is always the copy
  Duration timeout = std::chrono::minutes(2);    // the whole build, wall clock
  RunLimits run_limits;
  SourceLocation where;
};

struct AssignmentScenario {
  std::string file;        // as written, relative to the assignment's folder
  std::string path;        // the file to load: resolved against the assignment's folder
  std::string name;        // the gradebook's name for it; default the file's stem
  reports::Visibility visibility = reports::Visibility::kVisible;
  Scenario scenario;       // loaded; its `grading:` replaced by the assignment's when given
  SourceLocation where;
};

struct Assignment {
  std::string title;
  std::string description;
  std::optional<AssignmentBuild> build;
  std::vector<AssignmentScenario> scenarios;   // in order, at least one
  SourceLocation where;    // where.file is the assignment file
};

}  // namespace wirecheck
