#include "reports/console_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "reports/console_reporter.h"
#include "reports/escape.h"
#include "reports/reporter.h"

namespace wirecheck::reports {

namespace {

constexpr std::string_view kAll = "[==========]";
constexpr std::string_view kRule = "[----------]";
constexpr std::string_view kRun = "[ RUN      ]";
constexpr std::string_view kOk = "[       OK ]";
constexpr std::string_view kFailed = "[  FAILED  ]";
constexpr std::string_view kInconclusive = "[ INCONCL. ]";
constexpr std::string_view kSkipped = "[  SKIPPED ]";
constexpr std::string_view kPassed = "[  PASSED  ]";
constexpr std::string_view kError = "[  ERROR   ]";
constexpr std::string_view kWarning = "[ WARNING  ]";
constexpr std::string_view kPoints = "[  POINTS  ]";
constexpr std::string_view kWire = "[   WIRE   ]";
// Drops listed on the console; the JSON report has them all.
constexpr std::size_t kWireDropsShown = 20;

// "; seen by the captures: client side 3, server side 2": what each side's
// capture saw go this way, the sending side first; empty without both.
std::string SidesText(const WireSummary::Direction& d) {
  if (!d.client_side || !d.server_side) return {};
  const std::string client = fmt::format("client side {}", *d.client_side);
  const std::string server = fmt::format("server side {}", *d.server_side);
  const bool from_client = d.name.rfind("client->", 0) == 0;
  return fmt::format("; seen by the captures: {}, {}", from_client ? client : server, from_client ? server : client);
}

std::string Count(std::size_t n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

long long Milliseconds(std::chrono::nanoseconds d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

std::string PointsSuffix(double earned, double possible) {
  if (possible == 0) return "";
  return fmt::format(" ({}/{} points)", PointsText(earned), PointsText(possible));
}

/// "bad input", "environment", "interrupted".
std::string KindText(HarnessErrorKind kind) {
  std::string text(HarnessErrorKindName(kind));
  for (char& c : text) {
    if (c == '_') c = ' ';
  }
  return text;
}

std::string HarnessErrorText(const HarnessError& e) {
  return e.message.empty() ? KindText(e.kind) : KindText(e.kind) + ": " + e.message;
}

bool EndedBadly(const ProcessSummary& p) {
  return p.end == ProcessEnd::kSignaled || p.end == ProcessEnd::kTimedOut ||
         p.end == ProcessEnd::kFailedToStart;
}

// The end of one output stream of a failed program, indented under it:
//   stderr (31 bytes):
//     bind: Address already in use
void AppendOutputTail(std::string_view stream, std::string_view tail, std::uint64_t bytes, bool cut,
                      std::vector<std::string>* lines) {
  if (bytes == 0) {
    lines->push_back(fmt::format("  {}: nothing", stream));
    return;
  }
  std::vector<std::string_view> rows;
  std::string_view rest = tail;
  if (!rest.empty() && rest.back() == '\n') rest.remove_suffix(1);
  for (std::size_t start = 0;;) {
    const std::size_t end = rest.find('\n', start);
    rows.push_back(rest.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  if (cut) {
    lines->push_back(fmt::format("  {} ({} bytes, more than wirecheck keeps), the last lines kept:", stream, bytes));
  } else if (tail.size() == bytes) {
    lines->push_back(fmt::format("  {} ({} bytes):", stream, bytes));
  } else {
    lines->push_back(fmt::format("  {} ({} bytes), the last {}:", stream, bytes, Count(rows.size(), "line")));
  }
  for (std::string_view row : rows) lines->push_back(fmt::format("    {}", row));
}

// A program some failed check judged: how it ended and the end of its
// output, so a student sees why (the server.ready hint points here).
std::vector<std::string> FailedProgramLines(const Run& run, const ProcessSummary& p) {
  std::string failed;
  for (const Check& check : run.checks) {
    if (check.status != CheckStatus::kFail || check.evidence.process != p.name) continue;
    failed += (failed.empty() ? "" : ", ") + check.id;
  }
  if (failed.empty()) return {};
  std::vector<std::string> lines = {fmt::format("{}: {} (failed: {})", p.name, ProcessEndText(p), failed)};
  AppendOutputTail("stderr", p.stderr_tail, p.stderr_bytes, p.stderr_tail_cut, &lines);
  AppendOutputTail("stdout", p.stdout_tail, p.stdout_bytes, p.stdout_tail_cut, &lines);
  return lines;
}

std::chrono::nanoseconds TotalDuration(const Report& report) {
  std::chrono::nanoseconds total{};
  for (const Run& run : report.runs) total += run.duration;
  return total;
}

// Escaped line by line: a message of several lines (all the errors of a
// scenario file) keeps its line breaks, and nothing else raw.
std::string TerminalText(std::string_view text) {
  std::string out;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find('\n', start);
    out += EscapeControls(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return out;
    out += '\n';
    start = end + 1;
  }
}

}  // namespace

ConsoleWriter::ConsoleWriter(std::ostream& out, ConsoleOptions options)
    : out_(out), options_(options) {}

void ConsoleWriter::Tag(std::string_view tag, Colour colour) {
  if (!options_.colour || colour == Colour::kNone) {
    out_ << tag;
    return;
  }
  const char* code = colour == Colour::kGreen ? "\033[32m" : colour == Colour::kRed ? "\033[31m" : "\033[33m";
  out_ << code << tag << "\033[0m";
}

// Every text passes here or through Detail, escaped: titles, names, messages
// and output come from scenario files and programs, and the only escape
// sequences the console writes are its own colours.
void ConsoleWriter::Line(std::string_view tag, Colour colour, std::string_view text) {
  Tag(tag, colour);
  out_ << ' ' << TerminalText(text) << '\n';
}

void ConsoleWriter::Detail(const TextLine& line) {
  if (line.emphasis && options_.colour) {
    out_ << "  \033[1;31m" << TerminalText(line.text) << "\033[0m\n";
  } else {
    out_ << "  " << TerminalText(line.text) << '\n';
  }
}

void ConsoleWriter::ReportStarted(std::size_t runs) {
  Line(kAll, Colour::kGreen, fmt::format("Running {}.", Count(runs, "scenario")));
}

void ConsoleWriter::RunStarted(const Run& run) {
  const std::string name = run.file.empty() ? run.scenario : fmt::format("{} ({})", run.scenario, run.file);
  Line(kRule, Colour::kGreen, name);
  if (run.wire) {
    const std::string device = run.wire->device.empty() ? "" : fmt::format(", over {}", run.wire->device);
    Line(kWire, Colour::kNone,
         fmt::format("{} and {}, seed {} (replay: --seed {}){}", run.wire->server_host, run.wire->client_host,
                     run.wire->seed, run.wire->seed, device));
  }
}

void ConsoleWriter::CheckFinished(const Check& check) {
  Line(kRun, Colour::kGreen, check.id);
  const std::string result = check.id + PointsSuffix(check.points_earned, check.points_possible);
  switch (check.status) {
    case CheckStatus::kPass:
      if (options_.verbose && !check.message.empty()) Detail({check.message});
      Line(kOk, Colour::kGreen, result);
      return;
    case CheckStatus::kNotApplicable:
      if (!check.message.empty()) Detail({check.message});
      Line(kSkipped, Colour::kYellow, result);
      return;
    case CheckStatus::kFail:
    case CheckStatus::kInconclusive:
      for (const TextLine& line : CheckDetailLines(check, options_.text)) Detail(line);
      if (check.status == CheckStatus::kFail) {
        Line(kFailed, Colour::kRed, result);
      } else {
        Line(kInconclusive, Colour::kYellow, result);
      }
      return;
  }
}

void ConsoleWriter::RunFinished(const Run& run) {
  if (const HarnessError* e = run.harness_error()) Line(kError, Colour::kRed, HarnessErrorText(*e));
  if (run.capture && run.capture->kernel_drops > 0) {
    Line(kWarning, Colour::kYellow,
         fmt::format("the capture lost {} (dropped by the kernel)",
                     Count(run.capture->kernel_drops, "packet")));
  }
  if (run.capture && run.capture->client_side_kernel_drops > 0) {
    Line(kWarning, Colour::kYellow,
         fmt::format("the capture on the client's side of the wire lost {} (dropped by the kernel)",
                     Count(run.capture->client_side_kernel_drops, "packet")));
  }
  if (run.capture && run.capture->missed > 0) {
    Line(kWarning, Colour::kYellow,
         fmt::format("the capture missed {} that crossed lo before it opened",
                     Count(run.capture->missed, "packet")));
  }
  if (run.capture && run.capture->untracked_packets > 0) {
    Line(kWarning, Colour::kYellow,
         fmt::format("the run's packets started more conversations than wirecheck tracks: {} left out "
                     "(counted, not analysed)",
                     Count(run.capture->untracked_packets, "packet")));
  }
  if (run.wire) {
    for (const WireSummary::Direction& d : run.wire->directions) {
      std::string line = fmt::format("{}: {}, {} delivered, {} dropped", d.name, Count(d.packets, "packet"),
                                     d.delivered, d.dropped);
      if (d.duplicated > 0) line += fmt::format(", {} duplicated", d.duplicated);
      line += SidesText(d);
      Line(kWire, Colour::kNone, line);
    }
    for (std::size_t i = 0; i < run.wire->drops.size() && i < kWireDropsShown; ++i) Detail({run.wire->drops[i]});
    const std::uint64_t more = run.wire->drops.size() - std::min(run.wire->drops.size(), kWireDropsShown) +
                               run.wire->drops_omitted;
    if (more > 0) Detail({fmt::format("... and {} more dropped (see the JSON report)", more)});
  }
  for (const ProcessSummary& p : run.processes) {
    const std::vector<std::string> failed = FailedProgramLines(run, p);
    for (const std::string& line : failed) Detail({line});
    if (failed.empty() && EndedBadly(p)) Detail({fmt::format("{}: {}", p.name, ProcessEndText(p))});
  }
  const std::string repeats = run.repeats > 1 ? fmt::format(", each over {} runs", run.repeats) : "";
  Line(kRule, Colour::kGreen,
       fmt::format("{} from {}{} ({} ms total)", Count(run.checks.size(), "check"), run.scenario, repeats,
                   Milliseconds(run.duration)));
  out_ << '\n';
}

void ConsoleWriter::ReportFinished(const Report& report) {
  const StatusCounts counts = CountStatuses(report);
  Line(kAll, Colour::kGreen,
       fmt::format("{}, {} ran. ({} ms total)", Count(report.runs.size(), "scenario"),
                   Count(counts.total(), "check"), Milliseconds(TotalDuration(report))));
  Line(kPassed, Colour::kGreen, Count(counts.pass, "check") + ".");
  const auto list = [&](CheckStatus status, std::string_view tag, Colour colour) {
    const std::size_t n = counts.of(status);
    if (n == 0) return;
    Line(tag, colour, Count(n, "check") + ", listed below:");
    for (const Run& run : report.runs) {
      for (const Check& check : run.checks) {
        if (check.status == status) Line(tag, colour, run.scenario + ": " + check.id);
      }
    }
  };
  list(CheckStatus::kFail, kFailed, Colour::kRed);
  list(CheckStatus::kInconclusive, kInconclusive, Colour::kYellow);
  if (counts.not_applicable > 0) {
    Line(kSkipped, Colour::kYellow, Count(counts.not_applicable, "check") + " did not apply.");
  }
  if (const std::size_t errors = CountHarnessErrors(report); errors > 0) {
    Line(kError, Colour::kRed,
         fmt::format("{} did not finish, listed below:", Count(errors, "scenario")));
    for (const Run& run : report.runs) {
      if (const HarnessError* e = run.harness_error()) {
        Line(kError, Colour::kRed, fmt::format("{} ({})", run.scenario, KindText(e->kind)));
      }
    }
  }
  const Points points = SumPoints(report);
  if (points.possible > 0) {
    Line(kPoints, Colour::kNone, fmt::format("{}/{}", PointsText(points.earned), PointsText(points.possible)));
  }
}

void WriteConsole(std::ostream& out, const Report& report, const ConsoleOptions& options) {
  ConsoleReporter reporter(out, options);
  ReplayReport(report, reporter);
}

}  // namespace wirecheck::reports
