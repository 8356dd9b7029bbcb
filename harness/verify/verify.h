#pragma once
// verify: a scenario's expectations against what a run showed, as report
// checks. Pure: the Scenario, the capture's Trace and the run's facts in,
// reports::Check values out; no I/O, no clock. The same function checks a
// live run (`wirecheck run`) and a capture taken elsewhere (`wirecheck
// verify`), where the facts only a run can observe are absent.
//
// Status rules: pass only on evidence. A fact the capture lost packets of
// (kernel drops, a stream gap, a payload cap) or the run could not observe
// is inconclusive; a failure the lost packets cannot explain (bytes that
// differ where both are known, an RST that was seen) stays a failure.
// Process checks of a foreign capture are not applicable.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "capture/analyzer.h"
#include "harness/model/scenario.h"
#include "harness/verify/run_facts.h"
#include "reports/report.h"

namespace wirecheck {

/// Every expectation of `scenario` checked against `trace`, whose server
/// listened on `server_port` (the port the run used: `{port}`). `run` is
/// nullptr for a capture taken elsewhere. Points come from the scenario's
/// grading: each grading item's points are shared equally by the checks it
/// covers (not-applicable ones left out); a check earns its share only on pass.
std::vector<reports::Check> Verify(const Scenario& scenario, const capture::Trace& trace, int server_port,
                                   const RunFacts* run);

}  // namespace wirecheck
