#pragma once
// What a recorded scenario asserts, derived from what the runs showed: every
// value the same in all runs becomes an expectation; a value that varied is
// written as a comment with its spread instead ("max_open_at_once: 2 in 7
// runs, 3 in 3 runs"). Pure: observations in, assertions out; the caller
// proves each assertion on the runs again (record_scenario.h).

#include <string>
#include <vector>

#include "harness/loader/yaml_tree.h"
#include "harness/model/scenario.h"
#include "harness/run/runner.h"

namespace wirecheck {

/// One expectation, where it goes in the file and the check it makes.
struct Assertion {
  /// Keys from the document's root; "[2]" is the third item of a list:
  /// {"clients", "[0]", "wire", "client_sends"}.
  std::vector<std::string> path;
  YamlTree value;
  /// The id of the check it makes ("every_connection.close.first_fin",
  /// "c-client.stdout"), to find its verdict on each run.
  std::string check_id;
};

/// Something observed and not asserted: a comment line written above the
/// entry at `path` ({"expect"}, {"clients", "[1]"}).
struct Omission {
  std::vector<std::string> path;
  std::string text;
};

struct Proposal {
  std::vector<Assertion> assertions;
  std::vector<Omission> omissions;
};

/// The expectations `runs` of `scenario` support (at least one run; each one
/// completed, with its capture analysed).
Proposal ProposeExpectations(const Scenario& scenario, const std::vector<RunObservation>& runs);

/// Payloads and outputs longer than this are not written out (a file is at
/// most 1 MiB): a comment says how long they were.
inline constexpr std::size_t kMaxRecordedBytes = 16 * 1024;

}  // namespace wirecheck
