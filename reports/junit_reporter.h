#pragma once
// The JUnit format as a Reporter: cumulative (its totals come first), the
// whole document written at ReportFinished (WriteJunit), nothing before.

#include <ostream>

#include "reports/junit_writer.h"
#include "reports/reporter.h"

namespace wirecheck::reports {

class JunitReporter : public CumulativeReporter {
 public:
  /// Writes to `out`, which must outlive the reporter.
  JunitReporter(std::ostream& out, JunitOptions options);

  void ReportFinished(const Report& report) override;

 private:
  std::ostream& out_;
  JunitOptions options_;
};

}  // namespace wirecheck::reports
