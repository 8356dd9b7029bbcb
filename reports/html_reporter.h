#pragma once
// The HTML report as a Reporter: cumulative, the whole page written at
// ReportFinished (WriteHtmlReport). The page goes to the stream it was
// given; the harness puts it at DIR/index.html and the runs' captures
// beside it (`--report html=DIR`).

#include <ostream>

#include "reports/html_report.h"
#include "reports/reporter.h"

namespace wirecheck::reports {

class HtmlReporter : public CumulativeReporter {
 public:
  /// Writes to `out`, which must outlive the reporter.
  HtmlReporter(std::ostream& out, HtmlOptions options);

  void ReportFinished(const Report& report) override;

 private:
  std::ostream& out_;
  HtmlOptions options_;
};

}  // namespace wirecheck::reports
