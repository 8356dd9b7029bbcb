#pragma once
// The JSON format as a Reporter: cumulative, the whole document written at
// ReportFinished (WriteJson), nothing before.

#include <ostream>

#include "reports/json_writer.h"
#include "reports/reporter.h"

namespace wirecheck::reports {

class JsonReporter : public CumulativeReporter {
 public:
  /// Writes to `out`, which must outlive the reporter.
  JsonReporter(std::ostream& out, JsonOptions options);

  void ReportFinished(const Report& report) override;

 private:
  std::ostream& out_;
  JsonOptions options_;
};

}  // namespace wirecheck::reports
