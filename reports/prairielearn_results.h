#pragma once
// One submission's grade as PrairieLearn's external grading results.json
// (prairielearn.readthedocs.io, "External Grading", "Grading results"):
//
//   gradable    true: wirecheck writes this file only for a submission it
//               graded; a build that failed is graded (its items score 0),
//               not "invalid, not gradable", which would give the attempt back
//   score       earned / possible, in [0, 1] as the spec requires; 0 when the
//               assignment has no points
//   message     "<earned> of <possible> points" (PointsText)
//   output      the submission's feedback (SubmissionGrade::output)
//   tests       one per item: name, points, max_points (exact), message
//               ("passed" | "failed" | "did not run": the points alone do not
//               tell a failure from an item that never ran), output
//
// PrairieLearn has no per-test visibility: every item given is written, a
// hidden one too. What students may see is the harness's decision; it
// leaves items out of the SubmissionGrade before calling this.
// Text that is not valid UTF-8 is written with U+FFFD in its place (as in
// the JSON report); control bytes are JSON escapes. Outputs are written
// whole (the spec asks for at most 1 MB): the harness bounds them.

#include <ostream>

#include <nlohmann/json.hpp>

#include "reports/grade.h"

namespace wirecheck::reports {

nlohmann::ordered_json PrairieLearnResultsJson(const SubmissionGrade& grade);

/// The document, indented by 2, and a final newline.
void WritePrairieLearnResults(const SubmissionGrade& grade, std::ostream& out);

}  // namespace wirecheck::reports
