#pragma once
// `wirecheck run SCENARIO...` and `wirecheck verify CAPTURE --scenario S`:
// the library calls of harness/run/ (scenario_runs.h) with the reports asked
// for (--format/--output and every --report) from the same run. The exit
// code is the report's (reports/exit_status.h).

#include <iosfwd>

#include "harness/cli/exit_code.h"
#include "harness/cli/run_options.h"

namespace wirecheck {

/// Reports to out ("-") or their files; errors and warnings to err.
ExitCode RunRunCommand(const RunOptions& options, std::ostream& out, std::ostream& err);
ExitCode RunVerifyCommand(const RunOptions& options, std::ostream& out, std::ostream& err);

}  // namespace wirecheck
