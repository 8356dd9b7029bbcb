#pragma once
// What changed between two reports of the same scenarios (`wirecheck run
// --watch` runs them again whenever a file changes and prints only this):
// each check whose status changed, with its new message; a run that could
// not run, or can again; the totals before and after. Pure: two reports in,
// lines out.

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "reports/report.h"

namespace wirecheck::reports {

struct CheckChange {
  std::string scenario;  // the run's scenario name
  std::string check;     // its id
  std::optional<CheckStatus> before;  // none: the check is new (the run did not get that far before)
  std::optional<CheckStatus> after;   // none: the check is gone
  std::string message;   // the check's message now (or before, when gone)
  std::string hint;      // now, for a check that does not pass

  bool operator==(const CheckChange&) const = default;
};

/// Checks matched by run (its file) and by id, in the order of `after`;
/// those gone come last. Checks whose status did not change are left out.
std::vector<CheckChange> DiffReports(const Report& before, const Report& after);

/// The changes as console lines ("[ FIXED   ] ...", "[ BROKEN  ] ..."), each
/// run that now cannot run (or now can), then one line of totals now and
/// before. Text from the programs is escaped (EscapeControls).
void WriteReportDiff(std::ostream& out, const Report& before, const Report& after);

}  // namespace wirecheck::reports
