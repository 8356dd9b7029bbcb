#pragma once
// The process exit status a report stands for. reports/ is a leaf and does
// not include harness/exit_code.h; the numbers are the same, so main() can
// static_cast one to the other (a test pins them).

#include "reports/report.h"

namespace wirecheck::reports {

enum class ExitStatus : int {
  kAllPassed = 0,      // every check passed or did not apply
  kCheckFailed = 1,    // a check failed or was inconclusive
  kBadInput = 2,       // a run's input was bad (scenario, capture file)
  kEnvironment = 3,    // the machine could not do a run (no capture permission, ...)
  kInterrupted = 130,  // SIGINT / SIGTERM stopped a run
};

/// A run: its harness error's kind if it has one, else 1 if any check
/// failed or was inconclusive, else 0 (no checks at all is 0).
ExitStatus ExitStatusOf(const Run& run);

/// A report: the worst of its runs, worst first: interrupted (130),
/// environment (3), bad input (2), a check failed (1), all passed (0).
/// An interrupted report is partial, so it says so above all; an environment
/// failure says nothing could be trusted, above a single bad file. A report
/// without runs is 0.
ExitStatus ExitStatusOf(const Report& report);

}  // namespace wirecheck::reports
