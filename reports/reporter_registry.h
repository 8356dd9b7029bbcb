#pragma once
// Report formats by name ("console", "json", "junit", "html"), for --report and
// any other place a user names a format. The one list of names: adding a
// format means adding it here.

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "reports/check_text.h"
#include "reports/html_report.h"
#include "reports/json_writer.h"
#include "reports/reporter.h"

namespace wirecheck::reports {

/// What any format may need; each takes the part it reads.
struct ReporterOptions {
  /// Console: ANSI colour. The caller decides (isatty, NO_COLOR, --color).
  bool colour = false;
  /// Console: also the message of every passing check.
  bool verbose = false;
  /// Console and JUnit: evidence text and ladders.
  TextOptions text;
  /// JSON: preview sizes and indentation.
  JsonOptions json;
  /// HTML: where the page goes (its links are relative to it).
  HtmlOptions html;
};

/// The known names, in the order to show them: console, json, junit, html.
const std::vector<std::string_view>& ReporterNames();

/// "console, json, junit, html", for messages.
std::string ReporterNamesText();

bool IsReporterName(std::string_view name);

/// "unknown report format 'xml'; known: console, json, junit, html".
std::string UnknownReporterError(std::string_view name);

/// The reporter for `name`, writing to `out` (which must outlive it); null
/// for an unknown name, with UnknownReporterError in `*error` if given.
std::unique_ptr<Reporter> MakeReporter(std::string_view name, std::ostream& out,
                                       const ReporterOptions& options, std::string* error = nullptr);

}  // namespace wirecheck::reports
