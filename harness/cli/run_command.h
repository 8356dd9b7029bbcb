#pragma once
// `wirecheck run SCENARIO...` and `wirecheck verify CAPTURE --scenario S`:
// load, run (or analyse the capture), check, and write the report in the
// format asked for. The exit code is the report's (reports/exit_status.h).

#include <iosfwd>

#include "harness/cli/exit_code.h"
#include "harness/run/run_options.h"

namespace wirecheck {

/// The report goes to out (or options.output); errors and warnings to err.
ExitCode RunRunCommand(const RunOptions& options, std::ostream& out, std::ostream& err);
ExitCode RunVerifyCommand(const RunOptions& options, std::ostream& out, std::ostream& err);

}  // namespace wirecheck
