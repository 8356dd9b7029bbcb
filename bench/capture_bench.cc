// capture_bench: how fast and how small is the capture/ pipeline on a large
// synthetic capture, compared with a bare libpcap read loop (and, if asked,
// with tshark)? Run by hand (scripts/bench), never as a timed test.
// Exit status: 0 when every phase ran (targets missed or not), 1 when
// something failed, 2 on a bad command line.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench/bench_report.h"
#include "bench/capture_phases.h"
#include "bench/child_phase.h"
#include "bench/synthetic_capture.h"

namespace wirecheck::bench {
namespace {

enum ExitCode { kExitOk = 0, kExitError = 1, kExitUsage = 2 };

struct BenchOptions {
  SyntheticCaptureOptions capture;
  std::string file = "/tmp/wirecheck_capture_bench.pcap";
  bool keep = false;
  int runs = 3;
  bool with_tshark = false;
  std::string wirecheck;  // the binary whose `show` is timed; empty: not timed
};

const char kUsage[] =
    "usage: capture_bench [--packets N] [--connections N] [--file PATH] [--keep]\n"
    "                     [--gap-us N] [--runs N] [--with-tshark] [--help]\n"
    "  --packets N      at least N packets in the synthetic capture (default 1000000)\n"
    "  --connections N  at least N TCP connections in it (default 100000)\n"
    "  --file PATH      where the capture goes (default /tmp/wirecheck_capture_bench.pcap)\n"
    "  --keep           reuse PATH if it exists (with PATH.summary), and keep both\n"
    "                   afterwards; without it PATH is regenerated and deleted at the end\n"
    "  --gap-us N       mean microseconds between packets (default 10: the file spans\n"
    "                   seconds, so Zeek's 5 s / 60 s timers hold conversations long)\n"
    "  --runs N         runs per phase, median reported (default 3)\n"
    "  --with-tshark    also time `tshark -q -z conv,tcp -r PATH` once (slow)\n"
    "  --wirecheck BIN  also time `BIN show PATH` (table, then JSON) as a user runs it:\n"
    "                   a process of its own, output to /dev/null and (JSON) to a file\n";

/// Returns false (with *error) on a bad command line.
bool ParseArgs(int argc, char** argv, BenchOptions* options, std::string* error) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto number = [&](std::uint64_t* out) {
      if (i + 1 >= argc) return false;
      char* end = nullptr;
      *out = std::strtoull(argv[++i], &end, 10);
      return *end == '\0' && *out > 0;
    };
    std::uint64_t n = 0;
    bool ok = true;
    if (arg == "--packets") {
      ok = number(&options->capture.min_packets);
    } else if (arg == "--connections") {
      ok = number(&options->capture.min_tcp_connections);
    } else if (arg == "--gap-us") {
      ok = number(&n) && n <= 10'000'000;
      options->capture.mean_gap_us = static_cast<std::uint32_t>(n);
    } else if (arg == "--runs") {
      ok = number(&n) && n <= 99;
      options->runs = static_cast<int>(n);
    } else if (arg == "--file" && i + 1 < argc) {
      options->file = argv[++i];
    } else if (arg == "--keep") {
      options->keep = true;
    } else if (arg == "--wirecheck" && i + 1 < argc) {
      options->wirecheck = argv[++i];
    } else if (arg == "--with-tshark") {
      options->with_tshark = true;
    } else {
      ok = false;
    }
    if (!ok) {
      *error = "capture_bench: bad or incomplete argument '" + arg + "'";
      return false;
    }
  }
  return true;
}

std::uint64_t FileSize(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

/// Generates the capture unless --keep finds one. The summary stays all zero
/// for a kept file whose .summary side file is missing.
bool PrepareCapture(const BenchOptions& options, BenchReport* report, std::string* error) {
  if (options.keep && FileSize(options.file) > 0) {
    if (!LoadSummary(options.file, &report->capture)) report->capture = {};
    return true;
  }
  std::printf("generating %s ...\n", options.file.c_str());
  std::fflush(stdout);
  const auto start = std::chrono::steady_clock::now();
  if (!WriteSyntheticCapture(options.file, options.capture, &report->capture, error)) return false;
  report->generate_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (options.keep) SaveSummary(options.file, report->capture);
  return true;
}

/// Reads the file once so that every phase finds it in the page cache.
void WarmPageCache(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return;
  std::vector<char> buffer(1 << 20);
  while (::read(fd, buffer.data(), buffer.size()) > 0) {
  }
  ::close(fd);
}

/// Runs body once more for phase unless the phase already failed.
void RunOnce(PhaseRuns* phase, const std::function<PhaseResult()>& body) {
  if (!phase->error.empty()) return;
  std::fflush(stdout);
  ChildOutcome outcome = RunInChild(body);
  if (!outcome.ok()) {
    phase->error = outcome.error;
    return;
  }
  phase->runs.push_back(outcome);
}

void RunCommandOnce(PhaseRuns* phase, const std::vector<std::string>& argv, const std::string& output) {
  if (!phase->error.empty()) return;
  std::fflush(stdout);
  ChildOutcome outcome = RunCommandInChild(argv, output);
  if (!outcome.ok()) {
    phase->error = argv[0] + ": " + outcome.error;
    return;
  }
  phase->runs.push_back(outcome);
}

// (d), (e), (f): `wirecheck show` as its own process, as a user runs it.
void RunShowCommands(const BenchOptions& options, BenchReport* report) {
  if (options.wirecheck.empty()) return;
  const std::string& bin = options.wirecheck;
  const std::string out = options.file + ".json";
  std::printf(" (d)");
  RunCommandOnce(&report->show_table, {bin, "show", options.file}, "/dev/null");
  std::printf(" (e)");
  RunCommandOnce(&report->show_json, {bin, "show", "--format", "json", options.file}, "/dev/null");
  std::printf(" (f)");
  RunCommandOnce(&report->show_json_file, {bin, "show", "--format", "json", options.file}, out);
  std::remove(out.c_str());
}

void RunPhases(const BenchOptions& options, BenchReport* report) {
  const std::string& path = options.file;
  report->wirecheck = options.wirecheck;
  report->baseline_rss_mib = RunInChild([] { return PhaseResult{}; }).max_rss_mib;
  // Interleaved (a b a b ...) so that a burst of load from another process
  // on the machine hits both phases alike.
  for (int run = 1; run <= options.runs; ++run) {
    std::printf("run %d/%d: (a)", run, options.runs);
    std::fflush(stdout);
    RunOnce(&report->pcap_loop, [&] { return RunPcapLoop(path); });
    std::printf(" (b)");
    std::fflush(stdout);
    RunOnce(&report->analysis, [&] { return RunAnalysis(path); });
    RunShowCommands(options, report);
    std::printf("\n");
  }
}

void RunTshark(const BenchOptions& options, BenchReport* report) {
  if (!options.with_tshark) {
    report->tshark_note = "add --with-tshark";
    return;
  }
  if (std::system("command -v tshark >/dev/null 2>&1") != 0) {
    report->tshark_note = "tshark is not installed";
    return;
  }
  std::printf("run 1/1: (c) tshark\n");
  std::fflush(stdout);
  report->tshark_run = true;
  ChildOutcome outcome = RunCommandInChild({"tshark", "-q", "-z", "conv,tcp", "-r", options.file});
  if (outcome.ok()) report->tshark.runs.push_back(outcome);
  else report->tshark.error = "tshark: " + outcome.error;
}

int Main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
      std::fputs(kUsage, stdout);
      return kExitOk;
    }
  }
  BenchOptions options;
  std::string error;
  if (!ParseArgs(argc, argv, &options, &error)) {
    std::fprintf(stderr, "%s\n%s", error.c_str(), kUsage);
    return kExitUsage;
  }
  BenchReport report;
  report.file = options.file;
  report.runs = options.runs;
  if (!PrepareCapture(options, &report, &error)) {
    std::fprintf(stderr, "capture_bench: %s\n", error.c_str());
    return kExitError;
  }
  report.file_bytes = FileSize(options.file);
  WarmPageCache(options.file);
  RunPhases(options, &report);
  RunTshark(options, &report);
  PrintReport(report, stdout);
  if (!options.keep) std::remove(options.file.c_str());
  const bool failed = !report.pcap_loop.ok() || !report.analysis.ok() ||
                      (!options.wirecheck.empty() &&
                       (!report.show_table.ok() || !report.show_json.ok() || !report.show_json_file.ok())) ||
                      (report.tshark_run && !report.tshark.ok());
  return failed ? kExitError : kExitOk;
}

}  // namespace
}  // namespace wirecheck::bench

int main(int argc, char** argv) { return wirecheck::bench::Main(argc, argv); }
