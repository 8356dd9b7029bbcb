#pragma once
// `--repeat N`: a scenario run N times, each run in its own sandbox as
// always, and reported once, as the N runs combined (reports/repeat.h): a
// check that passed in only some runs is flaky and fails. The runs are not
// reported one by one; the combined run's events go to the reporter when
// the last one ends. The captures of the runs not shown are not kept.

#include <ostream>
#include <string>

#include "harness/model/scenario.h"
#include "harness/run/run_settings.h"
#include "reports/report.h"
#include "reports/reporter.h"

namespace wirecheck {

/// RunScenario settings.repeat times (at least once); stops early on a
/// harness error or an interrupt, whose run is then part of the result.
reports::Run RunRepeatedly(const Scenario& scenario, const std::string& file, const RunSettings& settings,
                           reports::Reporter& events, std::ostream& warnings);

}  // namespace wirecheck
