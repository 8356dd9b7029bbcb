#include "reports/reporter.h"

namespace wirecheck::reports {

void ReplayReport(const Report& report, Reporter& reporter) {
  reporter.ReportStarted(report.runs.size());
  for (const Run& run : report.runs) {
    reporter.RunStarted(run);
    for (const Check& check : run.checks) reporter.CheckFinished(check);
    reporter.RunFinished(run);
  }
  reporter.ReportFinished(report);
}

}  // namespace wirecheck::reports
