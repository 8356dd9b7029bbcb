#pragma once
// A `--report` value: which format, and where it goes. "junit=out.xml",
// "json=-" (standard output) or "console" (no path: standard output).
// The harness opens the file; reports/ never does.

#include <string>
#include <string_view>

namespace wirecheck::reports {

inline constexpr std::string_view kStandardOutput = "-";

struct ReportTarget {
  std::string format;  // a name from ReporterNames()
  std::string path = std::string(kStandardOutput);

  bool ToStandardOutput() const { return path == kStandardOutput; }
  bool operator==(const ReportTarget&) const = default;
};

/// Parses "NAME=PATH" or "NAME". False, with the reason in `*error`, for an
/// unknown or missing name ("unknown report format 'xml'; known: console,
/// json, junit") or an empty path; `*target` is left as it was then.
bool ParseReportTarget(std::string_view value, ReportTarget* target, std::string* error);

}  // namespace wirecheck::reports
