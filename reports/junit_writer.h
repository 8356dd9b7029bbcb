#pragma once
// The report as JUnit XML, the dialect CI servers read (Jenkins, GitLab,
// GitHub actions that publish test results). It keeps to what the xunit
// plugin's junit-10.xsd allows; reports/junit_dialect.xsd states it exactly
// and docs/reports.md ("JUnit dialect") in words:
//   <testsuites>            the report (no skipped= here: junit-10 has none)
//     <testsuite>           one run of a scenario
//       <properties>        file, mode, points, capture
//       <testcase>          one check
//         <failure>         the check failed (the program missed the expectation)
//         <error>           inconclusive (the harness could not observe it)
//         <skipped>         not applicable
//         <system-out>      the check's title and points (no <properties> in a testcase)
//       <testcase name="harness"><error>   the run ended in a harness error
//       <system-out>        the run's processes
// Needs the finished report: the totals come first in the document.

#include <ostream>

#include "reports/check_text.h"
#include "reports/report.h"

namespace wirecheck::reports {

struct JunitOptions {
  TextOptions text;  // the failure body: evidence and ladder as the console shows them
};

void WriteJunit(std::ostream& out, const Report& report, const JunitOptions& options);

}  // namespace wirecheck::reports
