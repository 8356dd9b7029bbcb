#pragma once
// The report as JUnit XML, the dialect CI servers read (Jenkins, GitLab,
// GitHub actions that publish test results):
//   <testsuites>            the report
//     <testsuite>           one run of a scenario
//       <testcase>          one check
//         <failure>         the check failed (the program missed the expectation)
//         <error>           inconclusive (the harness could not observe it)
//         <skipped>         not applicable
//       <testcase name="harness"><error>   the run ended in a harness error
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
