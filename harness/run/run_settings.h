#pragma once
// How to run scenarios, as a value of its own: what `wirecheck run` fills
// from its command line and `wirecheck grade` from an assignment. Plain
// data; nothing here knows a command-line option.

#include <optional>
#include <cstdint>
#include <string>

namespace wirecheck {

/// Where {build}, {scenarios} and {submission} point. Empty members are
/// found by FindDirectories (run_plan.h).
struct Directories {
  std::string build;
  std::string scenarios;
  std::string submission;
};

struct RunSettings {
  Directories dirs;         // resolved: see FindDirectories
  std::string keep_pcap;    // copy each run's pcap into this directory; empty: not kept
  /// The capture's kernel ring in bytes, at most INT_MAX (libpcap's int);
  /// 0: sized from the scenario's clients (runner.cc).
  std::uint64_t capture_buffer_bytes = 0;
  bool no_sandbox = false;  // on the host's loopback, no namespaces
  /// The name every report of the run gives the submission (a student's
  /// folder name); empty: none named.
  std::string submission_name;
  /// Each scenario runs this many times and is reported once, its checks
  /// combined (repeated_runs.h); 1: once.
  std::uint32_t repeat = 1;
  /// The wire's seed for a scenario with `network:` (--seed); nullopt: the
  /// scenario's `seed`, else a random one. The report says which was used.
  std::optional<std::uint64_t> seed;
};

}  // namespace wirecheck
