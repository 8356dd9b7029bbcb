#pragma once
// One scenario run end to end: a sandbox, the live capture (open before the
// server starts), the server (program or script) until it listens, the
// clients, the server stopped, the capture drained and analysed, the checks.
// A program that misbehaves is a result (failed checks); only the harness's
// own failures (no sandbox, no capture, a bad script address, an interrupt)
// make a HarnessError in the returned run. A library call: `run` and
// `grade` share it; it knows nothing of a command line.

#include <ostream>
#include <string>

#include "harness/model/scenario.h"
#include "harness/run/run_settings.h"
#include "reports/report.h"
#include "reports/reporter.h"

namespace wirecheck {

/// The run's events go to `events` as they happen: RunStarted, each check's
/// CheckFinished as soon as it is decided (server.ready before the clients
/// start, the rest once the capture is analysed), RunFinished. Warnings (the
/// sandbox's host fallback) go to `warnings`, one line each.
reports::Run RunScenario(const Scenario& scenario, const std::string& file, const RunSettings& settings,
                         reports::Reporter& events, std::ostream& warnings);

}  // namespace wirecheck
