#include "reports/reporter_registry.h"

#include <algorithm>

#include "reports/console_reporter.h"
#include "reports/html_reporter.h"
#include "reports/json_reporter.h"
#include "reports/junit_reporter.h"

namespace wirecheck::reports {

const std::vector<std::string_view>& ReporterNames() {
  static const std::vector<std::string_view> kNames = {"console", "json", "junit", "html"};
  return kNames;
}

bool IsReporterName(std::string_view name) {
  const auto& names = ReporterNames();
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string ReporterNamesText() {
  std::string text;
  for (std::string_view name : ReporterNames()) {
    if (!text.empty()) text += ", ";
    text += name;
  }
  return text;
}

std::string UnknownReporterError(std::string_view name) {
  return "unknown report format '" + std::string(name) + "'; known: " + ReporterNamesText();
}

std::unique_ptr<Reporter> MakeReporter(std::string_view name, std::ostream& out,
                                       const ReporterOptions& options, std::string* error) {
  if (name == "console") {
    return std::make_unique<ConsoleReporter>(out, ConsoleOptions{options.colour, options.verbose, options.text});
  }
  if (name == "json") return std::make_unique<JsonReporter>(out, options.json);
  if (name == "junit") return std::make_unique<JunitReporter>(out, JunitOptions{options.text});
  if (name == "html") return std::make_unique<HtmlReporter>(out, options.html);
  if (error != nullptr) *error = UnknownReporterError(name);
  return nullptr;
}

}  // namespace wirecheck::reports
