#pragma once
// One submission's grade as Gradescope's results.json (the autograder
// specification, "Output format": gradescope-autograders.readthedocs.io,
// /en/latest/specs/). The document:
//
//   score              the points earned, exact (it overrides the tests' sum)
//   execution_time     whole seconds, rounded (the spec's example is 136)
//   output             the submission's feedback (SubmissionGrade::output)
//   output_format      "text": the top-level output otherwise defaults to
//                      "simple_format", rendered as HTML, and a compiler's
//                      `std::vector<int>` or a student's `<script>` would be
//                      read as markup; "text" renders none
//   stdout_visibility  "hidden": run_autograder's stdout is for instructors
//   tests              one per item: name, score, max_score, status
//                      ("passed" | "failed"; an item that did not run has
//                      failed), output, visibility (VisibilityName)
//
// No top-level "visibility": each test carries its own. Test outputs keep
// the spec's default format, "text". Text that is not valid UTF-8 is written
// with U+FFFD in its place (as in the JSON report); control bytes are JSON
// escapes (\u001b), so the document is valid UTF-8 JSON whatever a program
// printed. Outputs are written whole: the harness bounds them.

#include <ostream>

#include <nlohmann/json.hpp>

#include "reports/grade.h"

namespace wirecheck::reports {

nlohmann::ordered_json GradescopeResultsJson(const SubmissionGrade& grade);

/// The document, indented by 2, and a final newline.
void WriteGradescopeResults(const SubmissionGrade& grade, std::ostream& out);

}  // namespace wirecheck::reports
