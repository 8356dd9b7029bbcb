#pragma once
// wirecheck's own grade.json: one SubmissionGrade, whole, so that shards
// graded apart can be joined later (`wirecheck grade --merge`) into the
// gradebook and the results files as if graded at once.
//
//   {"format": "wirecheck-grade", "format_version": 1,
//    "submission": "alice", "started_ns": <int>, "duration_ns": <int>,
//    "points": {"earned": 12.5, "possible": 20.0},
//    "output": "...",
//    "items": [{"name", "scenario", "check", "earned", "possible",
//               "status" (ItemStatusName), "output",
//               "visibility" (VisibilityName)}, ...]}
//
// Exact: points are doubles written so they read back bit for bit, times
// integer nanoseconds (started_ns since the Unix epoch). "points" holds the
// items' sums for people and tools; the reader ignores it, as it ignores any
// field it does not know (a field is added, never renamed or retyped,
// without raising format_version).
//
// Text is UTF-8. A byte that is not part of valid UTF-8 is written as U+FFFD,
// as in the JSON report: every results file wirecheck writes does the same,
// so a grade read back writes the same results as the grade it came from.
// Control bytes survive (JSON escapes them).

#include <istream>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "reports/grade.h"

namespace wirecheck::reports {

inline constexpr int kGradeJsonFormatVersion = 1;

nlohmann::ordered_json GradeToJson(const SubmissionGrade& grade);

/// The document, indented by 2, and a final newline.
void WriteGradeJson(const SubmissionGrade& grade, std::ostream& out);

/// Reads a document WriteGradeJson wrote. On success fills *out and returns
/// true. Otherwise returns false, leaves *out as it was, and sets *err to one
/// line naming what is wrong and where, without the file's name (the caller
/// knows it): `not JSON: parse error at line 3, column 1: ...`, `not a
/// wirecheck grade ("format" is "wirecheck-report")`, `format_version 2 is
/// not one this wirecheck reads (1)`, `missing "items[1].possible"`,
/// `"items[0].status" is "skipped", not passed, failed or not_run`.
bool ReadGradeJson(std::istream& in, SubmissionGrade* out, std::string* err);

}  // namespace wirecheck::reports
