#pragma once
// One scenario run end to end: a sandbox, the live capture (open before the
// server starts), the server (program or script) until it listens, the
// clients, the server stopped, the capture drained and analysed, the checks.
// A program that misbehaves is a result (failed checks); only the harness's
// own failures (no sandbox, no capture, a bad script address, an interrupt)
// make a HarnessError in the returned run.

#include <ostream>
#include <string>

#include "harness/model/scenario.h"
#include "harness/run/run_options.h"
#include "harness/run/run_plan.h"
#include "reports/report.h"

namespace wirecheck {

/// Warnings (the sandbox's host fallback) go to warnings, one line each.
reports::Run RunScenario(const Scenario& scenario, const std::string& file, const RunOptions& options,
                         const Directories& dirs, std::ostream& warnings);

}  // namespace wirecheck
