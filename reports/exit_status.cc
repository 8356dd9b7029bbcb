#include "reports/exit_status.h"

namespace wirecheck::reports {

namespace {

/// Higher is worse (the order documented in the header).
int Severity(ExitStatus s) {
  switch (s) {
    case ExitStatus::kAllPassed: return 0;
    case ExitStatus::kCheckFailed: return 1;
    case ExitStatus::kBadInput: return 2;
    case ExitStatus::kEnvironment: return 3;
    case ExitStatus::kInterrupted: return 4;
  }
  return 0;
}

ExitStatus FromErrorKind(HarnessErrorKind kind) {
  switch (kind) {
    case HarnessErrorKind::kBadInput: return ExitStatus::kBadInput;
    case HarnessErrorKind::kEnvironment: return ExitStatus::kEnvironment;
    case HarnessErrorKind::kInterrupted: return ExitStatus::kInterrupted;
  }
  return ExitStatus::kEnvironment;
}

}  // namespace

ExitStatus ExitStatusOf(const Run& run) {
  if (const HarnessError* e = run.harness_error()) return FromErrorKind(e->kind);
  const StatusCounts counts = CountStatuses(run);
  return counts.fail + counts.inconclusive > 0 ? ExitStatus::kCheckFailed : ExitStatus::kAllPassed;
}

ExitStatus ExitStatusOf(const Report& report) {
  ExitStatus worst = ExitStatus::kAllPassed;
  for (const Run& run : report.runs) {
    const ExitStatus s = ExitStatusOf(run);
    if (Severity(s) > Severity(worst)) worst = s;
  }
  return worst;
}

}  // namespace wirecheck::reports
