#pragma once
// A recorded scenario, written: the input scenario's programs as they were,
// its expectations replaced by those the runs support (proposal.h), each one
// proven again, with the real verifier, on every run it came from before the
// file is written; one that does not pass on all of them is left out with a
// comment saying where it failed. So the file passes on the runs it was
// recorded from by construction, and says what it does not assert.

#include <cstddef>
#include <string>
#include <vector>

#include "harness/model/scenario.h"
#include "harness/run/runner.h"

namespace wirecheck {

struct RecordInput {
  std::string source_text;  // the input scenario file
  std::string source_file;  // its name, for the header
  const Scenario* scenario = nullptr;
  /// The runs (at least one), or one capture analysed (live = false: no
  /// process and socket facts; the checks are those `wirecheck verify` makes).
  std::vector<RunObservation> runs;
  bool live = true;
  std::string origin;       // "10 runs of x.yaml", "the capture y.pcap"
  std::string output_name;  // the file being written (its name in load errors)
};

struct RecordResult {
  std::string text;  // the scenario file; empty when errors
  std::vector<std::string> errors;
  /// Checks every scenario makes (no_crash, runs_until_stopped, ...) that did
  /// not pass in some run: the recorded file fails there too.
  std::vector<std::string> warnings;
  std::size_t asserted = 0;
  std::size_t left_out = 0;  // comments of values not asserted
};

RecordResult RecordScenario(const RecordInput& in);

}  // namespace wirecheck
