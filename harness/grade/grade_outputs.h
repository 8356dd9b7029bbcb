#pragma once
// The files `wirecheck grade` writes, each whole or not at all
// (atomic_file.h). Per submission, in OUT/<submission>/:
//   grade.json         wirecheck's own, lossless: --resume and --merge read it
//   results.json       Gradescope's autograder results
//   prairielearn.json  PrairieLearn's external-grading results
//   report.json        the runs, as `wirecheck run --format json` writes them
//   feedback.txt       what the student reads: the points, each lost item's
//                      reason, then the runs as `wirecheck run` prints them
//   report.html        the runs and the grade as a page, <scenario>.pcap beside it
// and for the class OUT/gradebook.csv and OUT/index.html, the class page.

#include <map>
#include <string>
#include <vector>

#include "harness/grade/grade_submission.h"
#include "reports/grade.h"

namespace wirecheck {

bool WriteSubmissionFiles(const std::string& folder, const SubmissionResult& result, std::string* err);

/// `only_visible`: the student's own run: hidden items and their
/// scenarios' runs are left out (visibility other than visible).
void WriteFeedback(std::ostream& out, const SubmissionResult& result, bool only_visible);

/// A student's own run with `--report html=FOLDER`: FOLDER/index.html with
/// the visible items and the runs of the scenarios they belong to, those
/// runs' captures copied beside it. A hidden scenario's run and packets are
/// left out, as from the feedback.
bool WriteStudentPage(const std::string& folder, const SubmissionResult& result, std::string* err);

/// One results file of a submission graded alone (an autograder's run):
/// Gradescope's or PrairieLearn's, every item, as WriteSubmissionFiles does.
bool WriteGradescopeFile(const std::string& path, const SubmissionResult& result, std::string* err);
bool WritePrairieLearnFile(const std::string& path, const SubmissionResult& result, std::string* err);

bool WriteGradebookFile(const std::string& path, const reports::Gradebook& gradebook, std::string* err);

/// The class page (reports/html_class_page.h) at `path`; `ungraded`: "name:
/// why"; `folders`: each submission's folder when not beside the page (a
/// merge: in its shard's), else empty.
bool WriteClassPageFile(const std::string& path, const reports::Gradebook& gradebook,
                        const std::vector<std::string>& ungraded, const std::map<std::string, std::string>& folders,
                        std::string* err);

/// OUT/<submission>/grade.json read back; false with *err when it is
/// missing or not a grade of this format.
bool ReadSubmissionGrade(const std::string& folder, reports::SubmissionGrade* grade, std::string* err);

}  // namespace wirecheck
