#pragma once
// The results of one capture_bench run and the text block that shows them
// (meant to be pasted into the README as is).

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/child_phase.h"
#include "bench/synthetic_capture.h"

namespace wirecheck::bench {

/// Targets the analysis is held to (printed as information, not enforced).
inline constexpr double kMaxTimeRatio = 2.0;
inline constexpr double kMaxAnalysisRssMib = 64.0;

/// The runs of one phase; only successful runs are kept.
struct PhaseRuns {
  std::vector<ChildOutcome> runs;
  std::string error;  // the first failure; the phase stops there
  bool ok() const { return error.empty() && !runs.empty(); }
  double median_seconds() const;
  double min_seconds() const;
  double max_seconds() const;
  double peak_rss_mib() const;
};

struct BenchReport {
  std::string file;
  std::uint64_t file_bytes = 0;
  SyntheticCaptureSummary capture;  // all zero when unknown (a kept file without .summary)
  double generate_seconds = -1;     // < 0: an existing file was reused
  int runs = 0;
  double baseline_rss_mib = 0;      // a forked child that does nothing
  PhaseRuns pcap_loop;              // (a)
  PhaseRuns analysis;               // (b)
  /// `wirecheck show` as a user runs it (--wirecheck): a process of its own.
  std::string wirecheck;            // empty: not run
  PhaseRuns show_table;             // (d) show FILE > /dev/null
  PhaseRuns show_json;              // (e) show --format json FILE > /dev/null
  PhaseRuns show_json_file;         // (f) show --format json FILE > a file
  bool tshark_run = false;
  PhaseRuns tshark;                 // (c), one run
  std::string tshark_note;          // why (c) was not run
};

void PrintReport(const BenchReport& report, std::FILE* out);

}  // namespace wirecheck::bench
