#include "bench/bench_report.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>

namespace wirecheck::bench {
namespace {

/// 1234567 -> "1,234,567".
std::string Grouped(std::uint64_t n) {
  std::string digits = std::to_string(n), text;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) text += ',';
    text += digits[i];
  }
  return text;
}

double Mib(std::uint64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

std::string BuildDescription() {
  std::string text = "g++ " __VERSION__;
#ifdef __OPTIMIZE__
  text += ", optimised";
#else
  text += ", NOT OPTIMISED (configure with -DCMAKE_BUILD_TYPE=Release: figures are meaningless)";
#endif
#ifdef NDEBUG
  text += ", asserts off";
#else
  text += ", asserts on";
#endif
  return text;
}

void PrintCapture(const BenchReport& r, std::FILE* out) {
  const SyntheticCaptureSummary& c = r.capture;
  std::fprintf(out, "capture    %s, %.1f MiB, classic pcap, Ethernet, microsecond timestamps\n",
               r.file.c_str(), Mib(r.file_bytes));
  if (c.packets == 0) {
    std::fprintf(out, "           (reused without its .summary file: contents unknown)\n");
    return;
  }
  const double span = std::chrono::duration<double>(c.last_ts - c.first_ts).count();
  std::fprintf(out, "           %s packets over %.1f s of capture time", Grouped(c.packets).c_str(), span);
  if (r.generate_seconds >= 0) std::fprintf(out, " (generated in %.2f s)", r.generate_seconds);
  else std::fprintf(out, " (reused)");
  std::fprintf(out, "\n           %s TCP connections, ~1,000 open at once: %s refused, %s reset,"
               " %s with a retransmission\n", Grouped(c.tcp_connections).c_str(),
               Grouped(c.tcp_refused).c_str(),
               Grouped(c.tcp_reset_by_client + c.tcp_reset_by_server).c_str(),
               Grouped(c.tcp_retransmissions).c_str());
  std::fprintf(out, "           %s UDP request/response flows (%.1f%% of packets); %.1f%% of flows IPv6\n",
               Grouped(c.udp_flows).c_str(),
               100.0 * static_cast<double>(c.udp_packets) / static_cast<double>(c.packets),
               100.0 * static_cast<double>(c.ipv6_flows) / static_cast<double>(c.conversations()));
}

void PrintMethod(const BenchReport& r, std::FILE* out) {
  double load[1] = {0};
  getloadavg(load, 1);
  std::fprintf(out, "build      %s\n", BuildDescription().c_str());
  std::fprintf(out, "machine    %ld cores online, load average %.2f at start\n",
               sysconf(_SC_NPROCESSORS_ONLN), load[0]);
  std::fprintf(out, "method     %d runs per phase, interleaved, each in a fresh forked child;\n"
               "           median wall time (steady_clock in the child, open to last packet);\n"
               "           peak RSS = wait4() ru_maxrss (mapped file pages count);\n"
               "           file read once beforehand so every run finds it in the page cache;\n"
               "           a forked child doing nothing peaks at %.1f MiB\n",
               r.runs, r.baseline_rss_mib);
}

void PrintPhase(const char* name, const PhaseRuns& p, std::uint64_t packets, std::FILE* out) {
  if (!p.ok()) {
    std::fprintf(out, "%-30s ERROR: %s\n", name, p.error.c_str());
    return;
  }
  const double median = p.median_seconds();
  const double rate = static_cast<double>(packets) / median / 1e6;
  std::fprintf(out, "%-30s %7.3f s  %7.3f - %-7.3f  %6.2f M/s  %7.1f MiB\n", name, median,
               p.min_seconds(), p.max_seconds(), rate, p.peak_rss_mib());
}

void PrintAnalysisFacts(const BenchReport& r, std::FILE* out) {
  if (!r.analysis.ok()) return;
  const PhaseResult& b = r.analysis.runs.front().result;
  const SyntheticCaptureSummary& c = r.capture;
  std::fprintf(out, "\n(b) found  %s conversations (%s TCP, %s UDP); generated: %s (%s TCP, %s UDP)\n",
               Grouped(b.conversations).c_str(), Grouped(b.tcp_conversations).c_str(),
               Grouped(b.conversations - b.tcp_conversations).c_str(),
               c.packets ? Grouped(c.conversations()).c_str() : "?",
               Grouped(c.tcp_connections).c_str(), Grouped(c.udp_flows).c_str());
  std::fprintf(out, "           conn_state: %s\n", b.detail[0] ? b.detail : "(none)");
  std::fprintf(out, "           with retransmissions: %s (generated: %s)\n",
               Grouped(b.with_retransmissions).c_str(), Grouped(c.tcp_retransmissions).c_str());
  std::fprintf(out, "           sampled every 64 Ki packets: at most %s conversations open,\n"
               "           peak anonymous RSS %.1f MiB; mapped file resident at the end %.1f MiB\n",
               Grouped(b.max_open).c_str(), static_cast<double>(b.peak_anon_kib) / 1024.0,
               static_cast<double>(b.rss_file_kib) / 1024.0);
}

// The commands against the bare loop, both timed from fork to exit.
void PrintCommandRatios(const BenchReport& r, std::FILE* out) {
  if (r.wirecheck.empty() || !r.pcap_loop.ok()) return;
  std::vector<double> a;
  for (const ChildOutcome& o : r.pcap_loop.runs) a.push_back(o.parent_seconds);
  std::sort(a.begin(), a.end());
  const double loop = a[a.size() / 2];
  std::fprintf(out, "  commands against (a) timed the same way (fork to exit): %.3f s\n", loop);
  const std::pair<const char*, const PhaseRuns*> commands[] = {
      {"(d) show > /dev/null", &r.show_table},
      {"(e) show json > /dev/null", &r.show_json},
      {"(f) show json > file", &r.show_json_file}};
  for (const auto& [name, p] : commands) {
    if (!p->ok()) continue;
    const double ratio = p->median_seconds() / loop;
    const double rss = p->peak_rss_mib();
    std::fprintf(out, "  %-26s %6.2f x   target <= %.1f   %s;  peak RSS %6.1f MiB   target < %.0f MiB   %s\n", name,
                 ratio, kMaxTimeRatio, ratio <= kMaxTimeRatio ? "PASS" : "FAIL", rss, kMaxAnalysisRssMib,
                 rss < kMaxAnalysisRssMib ? "PASS" : "FAIL");
  }
}

void PrintTargets(const BenchReport& r, std::FILE* out) {
  std::fprintf(out, "\ntargets (information only)\n");
  if (!r.pcap_loop.ok() || !r.analysis.ok()) {
    std::fprintf(out, "  not evaluated: a phase failed\n");
    return;
  }
  const double ratio = r.analysis.median_seconds() / r.pcap_loop.median_seconds();
  const double rss = r.analysis.peak_rss_mib();
  std::fprintf(out, "  time (b)/(a)     %6.2f       target <= %.1f     %s\n", ratio, kMaxTimeRatio,
               ratio <= kMaxTimeRatio ? "PASS" : "FAIL");
  std::fprintf(out, "  peak RSS (b)     %6.1f MiB   target < %.0f MiB   %s\n", rss, kMaxAnalysisRssMib,
               rss < kMaxAnalysisRssMib ? "PASS" : "FAIL");
  PrintCommandRatios(r, out);
  if (r.tshark_run && r.tshark.ok()) {
    std::fprintf(out, "  tshark (c)/(a)   %6.1f       (c)/(b) %.1f\n",
                 r.tshark.median_seconds() / r.pcap_loop.median_seconds(),
                 r.tshark.median_seconds() / r.analysis.median_seconds());
  }
}

}  // namespace

double PhaseRuns::median_seconds() const {
  std::vector<double> s;
  for (const ChildOutcome& r : runs) s.push_back(r.result.seconds);
  std::sort(s.begin(), s.end());
  const std::size_t n = s.size();
  return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

double PhaseRuns::min_seconds() const {
  double v = runs.front().result.seconds;
  for (const ChildOutcome& r : runs) v = std::min(v, r.result.seconds);
  return v;
}

double PhaseRuns::max_seconds() const {
  double v = runs.front().result.seconds;
  for (const ChildOutcome& r : runs) v = std::max(v, r.result.seconds);
  return v;
}

double PhaseRuns::peak_rss_mib() const {
  double v = 0;
  for (const ChildOutcome& r : runs) v = std::max(v, r.max_rss_mib);
  return v;
}

void PrintReport(const BenchReport& r, std::FILE* out) {
  std::fprintf(out, "\nwirecheck capture benchmark\n===========================\n");
  PrintCapture(r, out);
  PrintMethod(r, out);
  const std::uint64_t packets = r.pcap_loop.ok() ? r.pcap_loop.runs.front().result.packets
                                                 : r.capture.packets;
  std::fprintf(out, "\n%-30s %9s  %-17s  %10s  %11s\n", "phase", "median", "    min - max", "packets/s",
               "peak RSS");
  PrintPhase("(a) libpcap pcap_next_ex loop", r.pcap_loop, packets, out);
  PrintPhase("(b) FileSource + Analyzer", r.analysis, packets, out);
  if (r.tshark_run) PrintPhase("(c) tshark -q -z conv,tcp", r.tshark, packets, out);
  else std::fprintf(out, "%-30s not run: %s\n", "(c) tshark -q -z conv,tcp", r.tshark_note.c_str());
  if (!r.wirecheck.empty()) {
    PrintPhase("(d) show > /dev/null", r.show_table, packets, out);
    PrintPhase("(e) show json > /dev/null", r.show_json, packets, out);
    PrintPhase("(f) show json > file", r.show_json_file, packets, out);
  } else {
    std::fprintf(out, "%-30s not run: add --wirecheck PATH\n", "(d-f) wirecheck show");
  }
  PrintAnalysisFacts(r, out);
  PrintTargets(r, out);
}

}  // namespace wirecheck::bench
