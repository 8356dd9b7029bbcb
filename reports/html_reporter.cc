#include "reports/html_reporter.h"

namespace wirecheck::reports {

HtmlReporter::HtmlReporter(std::ostream& out, HtmlOptions options) : out_(out), options_(std::move(options)) {}

void HtmlReporter::ReportFinished(const Report& report) { WriteHtmlReport(out_, report, options_); }

}  // namespace wirecheck::reports
