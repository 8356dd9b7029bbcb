#pragma once
// A scenario run N times (`--repeat N`) as one run of the report: each check
// over the N runs, so a scenario author sees a racy check before a class
// does. A check that passed in every run passes; one that passed in some
// runs only is flaky and FAILS, never passes (its message says how often it
// passed and what went wrong the first time it did not); one that passed in
// none fails as it did. Points are earned only as the worst run earned them.
//
// The shown run is the first run in which some check did not pass (else the
// first run): its programs, capture, conversations and each check's
// evidence, so the packets a check points at are in the capture it links.

#include <vector>

#include "reports/report.h"

namespace wirecheck::reports {

/// `runs` (at least one) of the same scenario, in the order they ran. A
/// harness error in any of them is the combined run's (the first one: an
/// interrupt, a missing sandbox), since the repetitions cannot be trusted.
Run CombineRepeatedRuns(const std::vector<Run>& runs);

/// The run CombineRepeatedRuns shows: its index in `runs`.
std::size_t ShownRepeat(const std::vector<Run>& runs);

}  // namespace wirecheck::reports
