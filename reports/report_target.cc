#include "reports/report_target.h"

#include "reports/reporter_registry.h"

namespace wirecheck::reports {

bool ParseReportTarget(std::string_view value, ReportTarget* target, std::string* error) {
  const std::size_t equals = value.find('=');
  const std::string_view name = value.substr(0, equals);
  if (name.empty()) {
    *error = "missing report format in '" + std::string(value) + "'; known: " + ReporterNamesText();
    return false;
  }
  if (!IsReporterName(name)) {
    *error = UnknownReporterError(name);
    return false;
  }
  std::string_view path = kStandardOutput;
  if (equals != std::string_view::npos) {
    path = value.substr(equals + 1);
    if (path.empty()) {
      *error = "missing path in '" + std::string(value) + "'; use '" + std::string(name) + "=-' for standard output";
      return false;
    }
  }
  *target = ReportTarget{std::string(name), std::string(path)};
  return true;
}

}  // namespace wirecheck::reports
