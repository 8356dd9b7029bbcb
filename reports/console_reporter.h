#pragma once
// The console format as a Reporter: streaming, each event printed at once
// by a ConsoleWriter.

#include <ostream>

#include "reports/console_writer.h"
#include "reports/reporter.h"

namespace wirecheck::reports {

class ConsoleReporter : public Reporter {
 public:
  /// Writes to `out`, which must outlive the reporter.
  ConsoleReporter(std::ostream& out, ConsoleOptions options);

  void ReportStarted(std::size_t runs) override;
  void RunStarted(const Run& run) override;
  void CheckFinished(const Check& check) override;
  void RunFinished(const Run& run) override;
  void ReportFinished(const Report& report) override;

 private:
  ConsoleWriter writer_;
};

}  // namespace wirecheck::reports
