#pragma once
// What `wirecheck run` and `wirecheck verify` were asked to do: the
// command-line options, plain data, filled by cli.cc.

#include <optional>
#include <string>
#include <vector>

namespace wirecheck {

enum class ReportFormat { kConsole, kJson, kJunit };

struct RunOptions {
  std::vector<std::string> scenarios;   // run: scenario files
  std::string capture;                  // verify: the capture file
  ReportFormat format = ReportFormat::kConsole;
  std::string output;                   // empty: standard output
  std::string keep_pcap;                // run: copy each run's pcap into this directory
  std::string build_dir;                // {build}; empty: the directory of the wirecheck binary
  std::string submission;               // {submission}; empty: the current directory
  std::string scenarios_dir;            // {scenarios}; empty: found from the binary
  std::optional<int> port;              // verify: the server port; default the scenario's
  bool verbose = false;                 // console: also passing checks' messages
  bool no_sandbox = false;              // run: on the host's loopback, no namespaces
};

}  // namespace wirecheck
