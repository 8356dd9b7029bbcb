#pragma once
// `wirecheck grade ASSIGNMENT SUBMISSIONS`: a class graded into OUT (one
// folder of files per submission and gradebook.csv), with progress as it
// goes; `wirecheck grade ASSIGNMENT --submission DIR`: one student's own
// folder, the visible checks only, printed; `wirecheck grade --merge -o OUT
// SHARD...`: the shards' grades joined into one gradebook.
//
// Exit codes: 0 every submission was graded (whatever its points; a
// student's own run: full marks); 1 a student's own run lost points; 2 bad
// input (the assignment, an option); 3 some submission could not be graded
// by wirecheck (no sandbox); 130 interrupted (the grades so far are kept).

#include <iosfwd>
#include <cstdint>
#include <string>
#include <vector>

#include "harness/cli/exit_code.h"

namespace wirecheck {

struct GradeOptions {
  std::string assignment;
  std::vector<std::string> inputs;     // the submissions folder; with --merge, the shards' output folders
  std::string submission;              // --submission: one folder, the student's own run
  std::string gradescope_results;      // --submission: also Gradescope's results.json, every item, here
  std::string prairielearn_results;    // --submission: also PrairieLearn's results.json here
  std::string html;                    // --submission: --report html=DIR, the student's page in DIR
  std::string out = "grades";          // -o
  int jobs = 0;                        // -j; 0: the machine's cores
  std::vector<std::string> only;
  bool resume = false;
  std::string shard;                   // "i/N"
  bool merge = false;
  bool keep_copies = false;
  std::uint32_t repeat = 1;            // --repeat: each scenario N times per submission
  bool progress_bar = false;           // stderr is a terminal
  std::string build_dir;               // {build}
  std::string scenarios_dir;           // {scenarios}
};

/// "i/N" with 1 <= i <= N; false with *err.
bool ParseShard(const std::string& text, int* index, int* count, std::string* err);

ExitCode RunGradeCommand(const GradeOptions& options, std::ostream& out, std::ostream& err);

}  // namespace wirecheck
