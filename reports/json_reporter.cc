#include "reports/json_reporter.h"

namespace wirecheck::reports {

JsonReporter::JsonReporter(std::ostream& out, JsonOptions options) : out_(out), options_(options) {}

void JsonReporter::ReportFinished(const Report& report) { WriteJson(out_, report, options_); }

}  // namespace wirecheck::reports
