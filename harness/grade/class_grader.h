#pragma once
// A class graded: every submission folder of SUBMISSIONS (or one shard of
// them), each in a worker process of its own (fork; `jobs` at once), its
// files written by the worker (grade_outputs.h), and the gradebook of all
// the class's grades written once they are in. A worker that dies (a bug of
// wirecheck's, an OOM kill) costs only that submission, marked ungraded,
// never the rest of the class. An interrupt (SIGINT, SIGTERM) stops the
// workers, keeps every grade finished so far, and ends the grading.

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "harness/grade/grade_submission.h"
#include "harness/model/assignment.h"
#include "reports/grade.h"

namespace wirecheck {

struct ClassOptions {
  std::string submissions;            // a folder of submission folders
  std::string out;                    // where the files go
  int jobs = 1;                       // workers at once
  std::vector<std::string> only;      // these submissions only; empty: all
  bool resume = false;                // keep grades a previous grading left in `out`
  int shard_index = 1;                // this is shard shard_index of shard_count (1-based)
  int shard_count = 1;
  GradeSettings settings;             // settings.work: made under TMPDIR when empty
};

/// What happened to one submission, as it is known.
struct SubmissionProgress {
  std::string name;
  std::size_t done = 0;               // submissions finished, this one included
  std::size_t total = 0;
  bool resumed = false;               // its earlier grade was kept
  std::string error;                  // ungraded: why
  double earned = 0;
  double possible = 0;
  double seconds = 0;
};

struct ClassResult {
  reports::Gradebook gradebook;       // the graded submissions
  std::vector<std::string> ungraded;  // "name: why", for wirecheck's own failures
  bool interrupted = false;
  std::string error;                  // the class could not be graded at all (no such folder)
};

/// The submission folders of `folder`, sorted, hidden ones left out; the
/// shard's slice (every shard_count-th from shard_index) of those.
std::vector<std::string> ListSubmissions(const std::string& folder, std::string* err);
std::vector<std::string> ShardOf(const std::vector<std::string>& names, int index, int count);

ClassResult GradeClass(const Assignment& assignment, const ClassOptions& options,
                       const std::function<void(const SubmissionProgress&)>& progress);

/// The gradebook of every OUT/<submission>/grade.json in `folders` (the
/// shards' outputs): false with *err when one is unreadable, a submission
/// is in two shards, or their items differ.
/// `*from`, when given, gets each submission's folder (SHARD/<submission>).
bool MergeGrades(const std::vector<std::string>& folders, reports::Gradebook* gradebook, std::string* err,
                 std::map<std::string, std::string>* from = nullptr);

}  // namespace wirecheck
