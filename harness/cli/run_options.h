#pragma once
// What `wirecheck run` and `wirecheck verify` were asked to do: the
// command-line options, plain data, filled by cli.cc. The run itself takes
// RunSettings (harness/run/run_settings.h), never this.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/run/run_settings.h"
#include "reports/report_target.h"

namespace wirecheck {

struct RunOptions {
  std::vector<std::string> scenarios;   // run: scenario files
  std::string capture;                  // verify: the capture file
  std::string format = "console";       // the main report's format (reports/reporter_registry.h)
  std::string output;                   // the main report's file; empty: standard output
  std::vector<std::string> reports;     // --report NAME[=PATH]: more reports of the same run
  std::string keep_pcap;                // run: copy each run's pcap into this directory
  std::uint64_t capture_buffer = 0;     // run: the capture's kernel ring in bytes; 0: sized by the run
  std::string build_dir;                // {build}; empty: the directory of the wirecheck binary
  std::string submission;               // {submission}; empty: the current directory
  std::string scenarios_dir;            // {scenarios}; empty: found from the binary
  std::optional<int> port;              // verify: the server port; default the scenario's
  bool verbose = false;                 // console: also passing checks' messages
  bool no_sandbox = false;              // run: on the host's loopback, no namespaces
  std::uint32_t repeat = 1;             // run: each scenario this many times, checks combined
  bool watch = false;                   // run: again whenever a scenario or the submission changes
  std::optional<std::uint64_t> seed;    // run: the wire's seed (network:); default the scenario's, else random
};

/// Every report asked for: the main one (--format to --output or standard
/// output) first, then each --report, already validated by the parser.
std::vector<reports::ReportTarget> ReportTargets(const RunOptions& options);

/// The run's settings: the directories resolved (FindDirectories).
RunSettings SettingsOf(const RunOptions& options);

}  // namespace wirecheck
