#include "reports/reporter.h"

namespace wirecheck::reports {

void ReplayReport(const Report& report, Reporter& reporter) {
  reporter.ReportStarted(report.runs.size());
  for (const Run& run : report.runs) ReplayRun(run, reporter);
  reporter.ReportFinished(report);
}

void ReplayRun(const Run& run, Reporter& reporter) {
  reporter.RunStarted(run);
  for (const Check& check : run.checks) reporter.CheckFinished(check);
  reporter.RunFinished(run);
}

}  // namespace wirecheck::reports
