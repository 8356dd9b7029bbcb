#pragma once
// `wirecheck run SCENARIO... --watch`: for a student iterating on a server.
// The first run prints the whole console report; then wirecheck waits for a
// scenario file or a file of --submission to change (file_watcher.h), runs
// every scenario again, and prints only what changed since the run before
// (reports/report_diff.h), until Ctrl-C (exit 130). A scenario that does
// not load mid-edit is reported and watched like the others. Only the
// console report: a --report file or another --format is refused (the
// files would be rewritten at every save).

#include <ostream>

#include "harness/cli/exit_code.h"
#include "harness/cli/run_options.h"

namespace wirecheck {

ExitCode RunWatch(const RunOptions& options, std::ostream& out, std::ostream& err);

}  // namespace wirecheck
