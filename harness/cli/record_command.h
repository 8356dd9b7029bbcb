#pragma once
// `wirecheck record SCENARIO [--runs N]`: run a scenario's programs N times
// and write the scenario with the expectations that held in every run
// (harness/record/). `--from-pcap FILE`: the expectations a capture supports.

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "harness/cli/exit_code.h"
#include "harness/cli/run_options.h"

namespace wirecheck {

struct RecordOptions {
  std::string scenario;       // the scenario whose programs run (its expectations are replaced)
  std::string from_pcap;      // record from this capture instead of runs
  std::uint32_t runs = 5;
  std::string output;         // the recorded scenario; empty: standard output
  std::optional<int> port;    // --from-pcap: the server port; default the scenario's
  RunOptions run;             // --build, --submission, --scenarios, --no-sandbox, --capture-buffer
};

/// The scenario to out (or --output), progress and warnings to err. Exit 0
/// when written; 1 when a run did not get as far as its checks (its server
/// never got ready, ...): nothing is recorded from a broken run; 2 bad
/// input; 3 environment; 130 interrupted.
ExitCode RunRecordCommand(const RecordOptions& options, std::ostream& out, std::ostream& err);

}  // namespace wirecheck
