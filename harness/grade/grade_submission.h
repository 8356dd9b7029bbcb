#pragma once
// One submission graded: copied to a folder of its own, built once (in a
// sandbox), then every scenario of the assignment run against the copy,
// each in its own sandbox, and its points item by item (grade_items.h). A
// library call: it writes no file and knows no command line; a hang, a
// crash or a flood of the submission costs its own points, never the
// grading.

#include <cstdint>
#include <ostream>
#include <string>

#include "harness/model/assignment.h"
#include "harness/run/run_settings.h"
#include "reports/grade.h"
#include "reports/report.h"

namespace wirecheck {

struct GradeSettings {
  Directories dirs;       // {build} and {scenarios} of every run; {submission} is set per submission
  std::string work;       // an existing folder where copies are made (and removed)
  bool keep_copies = false;
  bool no_sandbox = false;  // tests only: runs on the host's loopback
  std::string keep_pcap;    // copy each run's capture here (<scenario file>.pcap); empty: not kept
  std::uint32_t repeat = 1;  // each scenario runs this many times, its checks combined (--repeat)
};

struct SubmissionResult {
  reports::SubmissionGrade grade;
  reports::Report runs;   // every scenario that ran, in assignment order
  /// wirecheck could not grade it (no sandbox, interrupted): no grade is
  /// given, and the class says so instead of a 0.
  std::string harness_error;
};

/// A fresh folder for submissions' copies under TMPDIR (GradeSettings::work);
/// empty with *err when none can be made.
std::string MakeWorkFolder(std::string* err);

/// `folder`: the submission as handed in; `name`: its gradebook key.
/// Warnings of the runs go to `warnings`.
SubmissionResult GradeSubmission(const Assignment& assignment, const std::string& name, const std::string& folder,
                                 const GradeSettings& settings, std::ostream& warnings);

}  // namespace wirecheck
