#pragma once
// `wirecheck check FILE...` validates scenario files (and assignment files,
// with every scenario they name) without running them;
// `wirecheck schema` prints their JSON Schema (`--assignment`: that of
// assignment files).

#include <iosfwd>
#include <string>
#include <vector>

#include "harness/cli/exit_code.h"
#include "harness/loader/scenario_error.h"

namespace wirecheck {

/// Loads every file. Each error goes to err as "file:line:column: error:
/// message"; each valid file gets one "file: OK: title" line on out.
/// kOk when all are valid, kBadInput when any is not (or none is given).
ExitCode RunCheck(const std::vector<std::string>& files, std::ostream& out, std::ostream& err);

/// Each error as "file:line:column: error: message" on err, control
/// characters escaped (a stranger's file must not drive the terminal).
void PrintLoadErrors(const std::vector<ScenarioError>& errors, std::ostream& err);

/// The scenario format's JSON Schema (or the assignment format's), indented, on out.
ExitCode PrintSchema(std::ostream& out, bool assignment = false);

}  // namespace wirecheck
