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

#include "capture/analyzer.h"
#include "harness/model/scenario.h"
#include "harness/run/run_settings.h"
#include "harness/verify/run_facts.h"
#include "reports/report.h"
#include "reports/reporter.h"

namespace wirecheck {

/// What a run handed the verifier: the analysed capture and the facts only
/// the runner observed. `wirecheck record` derives expectations from it.
struct RunObservation {
  capture::Trace trace;
  RunFacts facts;
  int server_port = 0;
};

/// The run's events go to `events` as they happen: RunStarted, each check's
/// CheckFinished as soon as it is decided (server.ready before the clients
/// start, the rest once the capture is analysed), RunFinished. Warnings (the
/// sandbox's host fallback) go to `warnings`, one line each. With `observed`,
/// a run that got as far as its checks also leaves there what they were made
/// from (untouched otherwise).
reports::Run RunScenario(const Scenario& scenario, const std::string& file, const RunSettings& settings,
                         reports::Reporter& events, std::ostream& warnings,
                         RunObservation* observed = nullptr);

}  // namespace wirecheck
