#pragma once
// A run's wire in the HTML report (a scenario with `network:`): the hosts,
// the seed that replays it, each direction's packets as the wire counted
// them and as each side's capture saw them (the console's and the JSON
// report's `client_side` / `server_side`), the capture on the client's
// side, and the wire's log of what it dropped. Internal to the HTML writers.

#include <ostream>
#include <string>

#include "reports/html_report.h"
#include "reports/report.h"

namespace wirecheck::reports {

/// Drops listed on the page; the JSON report has them all.
inline constexpr std::size_t kHtmlWireDropsShown = 200;

/// The run's "Wire" section (id "<prefix>wire"); nothing without a wire.
void WriteWireSection(std::ostream& out, const Run& run, const std::string& prefix, const HtmlOptions& options);

}  // namespace wirecheck::reports
