#pragma once
// One run of the HTML report (html_report.h): its section of the page.
// Internal to the HTML writers.

#include <cstddef>
#include <ostream>
#include <string>

#include "reports/html_report.h"
#include "reports/report.h"

namespace wirecheck::reports {

/// "pass", "fail" or "error" (a harness error): the CSS class of a verdict.
std::string_view RunVerdictClass(const Run& run);
/// "passed", "failed: 2 of 9 checks", "could not run: bad input".
std::string RunVerdictText(const Run& run);

/// The run's <section id="r<number>">; every id in it starts "r<number>-".
void WriteRunSection(std::ostream& out, const Run& run, std::size_t number, const HtmlOptions& options);

}  // namespace wirecheck::reports
