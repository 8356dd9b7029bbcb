#include "reports/junit_reporter.h"

namespace wirecheck::reports {

JunitReporter::JunitReporter(std::ostream& out, JunitOptions options) : out_(out), options_(options) {}

void JunitReporter::ReportFinished(const Report& report) { WriteJunit(out_, report, options_); }

}  // namespace wirecheck::reports
