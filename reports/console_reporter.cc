#include "reports/console_reporter.h"

namespace wirecheck::reports {

ConsoleReporter::ConsoleReporter(std::ostream& out, ConsoleOptions options) : writer_(out, options) {}

void ConsoleReporter::ReportStarted(std::size_t runs) { writer_.ReportStarted(runs); }
void ConsoleReporter::RunStarted(const Run& run) { writer_.RunStarted(run); }
void ConsoleReporter::CheckFinished(const Check& check) { writer_.CheckFinished(check); }
void ConsoleReporter::RunFinished(const Run& run) { writer_.RunFinished(run); }
void ConsoleReporter::ReportFinished(const Report& report) { writer_.ReportFinished(report); }

}  // namespace wirecheck::reports
