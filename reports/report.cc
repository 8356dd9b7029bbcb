#include "reports/report.h"

#include <fmt/format.h>

#include <cmath>
#include <csignal>
#include <ctime>

namespace wirecheck::reports {

namespace {

/// The usual names of the signals a misbehaving program dies of.
std::string_view SignalName(int signal) {
  switch (signal) {
    case SIGHUP: return "SIGHUP";
    case SIGINT: return "SIGINT";
    case SIGQUIT: return "SIGQUIT";
    case SIGILL: return "SIGILL";
    case SIGABRT: return "SIGABRT";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGKILL: return "SIGKILL";
    case SIGSEGV: return "SIGSEGV";
    case SIGPIPE: return "SIGPIPE";
    case SIGALRM: return "SIGALRM";
    case SIGTERM: return "SIGTERM";
    case SIGXCPU: return "SIGXCPU";
    case SIGXFSZ: return "SIGXFSZ";
    default: return "";
  }
}

}  // namespace

std::string_view CheckStatusName(CheckStatus s) {
  switch (s) {
    case CheckStatus::kPass: return "pass";
    case CheckStatus::kFail: return "fail";
    case CheckStatus::kInconclusive: return "inconclusive";
    case CheckStatus::kNotApplicable: return "not_applicable";
  }
  return "inconclusive";
}

std::string EndpointText(const Endpoint& e) {
  if (e.address.find(':') != std::string::npos) return fmt::format("[{}]:{}", e.address, e.port);
  return fmt::format("{}:{}", e.address, e.port);
}

std::string ConversationText(const ConversationId& c) {
  return fmt::format("{} {} -> {}", c.transport, EndpointText(c.client), EndpointText(c.server));
}

std::string_view PacketDirectionName(PacketDirection d) {
  return d == PacketDirection::kClientToServer ? "client_to_server" : "server_to_client";
}

bool Evidence::empty() const {
  return !conversation && packets.empty() && expected.empty() && observed.empty() &&
         !difference && ladder.empty() && process.empty();
}

std::string_view LastLines(std::string_view text, std::size_t max_lines, std::size_t max_bytes) {
  if (text.size() > max_bytes) text = text.substr(text.size() - max_bytes);
  std::size_t search = text.size();
  if (search > 0 && text[search - 1] == '\n') --search;  // the final newline ends the last line
  std::size_t start = text.size();
  for (std::size_t lines = 0; lines < max_lines; ++lines) {
    const std::size_t nl = search == 0 ? std::string_view::npos : text.rfind('\n', search - 1);
    if (nl == std::string_view::npos) return text;
    start = nl + 1;
    search = nl;
  }
  return text.substr(start);
}

std::string ProcessEndText(const ProcessSummary& p) {
  switch (p.end) {
    case ProcessEnd::kExited: return fmt::format("exited {}", p.code);
    case ProcessEnd::kSignaled: {
      const std::string_view name = SignalName(p.code);
      const std::string why = p.detail.empty() ? "" : ": " + p.detail;
      if (name.empty()) return fmt::format("killed by signal {}{}", p.code, why);
      return fmt::format("killed by signal {} ({}){}", p.code, name, why);
    }
    case ProcessEnd::kTimedOut: return "timed out";
    case ProcessEnd::kFailedToStart:
      return p.detail.empty() ? "failed to start" : "failed to start: " + p.detail;
    case ProcessEnd::kStoppedByHarness: return "stopped by wirecheck";
  }
  return "";
}

std::string_view ProcessEndName(ProcessEnd e) {
  switch (e) {
    case ProcessEnd::kExited: return "exited";
    case ProcessEnd::kSignaled: return "signaled";
    case ProcessEnd::kTimedOut: return "timed_out";
    case ProcessEnd::kFailedToStart: return "failed_to_start";
    case ProcessEnd::kStoppedByHarness: return "stopped";
  }
  return "";
}

std::string_view HarnessErrorKindName(HarnessErrorKind k) {
  switch (k) {
    case HarnessErrorKind::kBadInput: return "bad_input";
    case HarnessErrorKind::kEnvironment: return "environment";
    case HarnessErrorKind::kInterrupted: return "interrupted";
  }
  return "";
}

std::size_t StatusCounts::of(CheckStatus s) const {
  switch (s) {
    case CheckStatus::kPass: return pass;
    case CheckStatus::kFail: return fail;
    case CheckStatus::kInconclusive: return inconclusive;
    case CheckStatus::kNotApplicable: return not_applicable;
  }
  return 0;
}

void StatusCounts::Add(const StatusCounts& o) {
  pass += o.pass;
  fail += o.fail;
  inconclusive += o.inconclusive;
  not_applicable += o.not_applicable;
}

StatusCounts CountStatuses(const Run& run) {
  StatusCounts counts;
  for (const Check& c : run.checks) {
    switch (c.status) {
      case CheckStatus::kPass: ++counts.pass; break;
      case CheckStatus::kFail: ++counts.fail; break;
      case CheckStatus::kInconclusive: ++counts.inconclusive; break;
      case CheckStatus::kNotApplicable: ++counts.not_applicable; break;
    }
  }
  return counts;
}

StatusCounts CountStatuses(const Report& report) {
  StatusCounts counts;
  for (const Run& run : report.runs) counts.Add(CountStatuses(run));
  return counts;
}

Points SumPoints(const Run& run) {
  Points p;
  for (const Check& c : run.checks) {
    p.earned += c.points_earned;
    p.possible += c.points_possible;
  }
  return p;
}

Points SumPoints(const Report& report) {
  Points p;
  for (const Run& run : report.runs) {
    const Points r = SumPoints(run);
    p.earned += r.earned;
    p.possible += r.possible;
  }
  return p;
}

std::size_t CountHarnessErrors(const Report& report) {
  std::size_t n = 0;
  for (const Run& run : report.runs) n += run.harness_error() != nullptr;
  return n;
}

std::string IsoTimestamp(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto ms = floor<milliseconds>(t.time_since_epoch());
  const std::time_t secs = static_cast<std::time_t>(floor<seconds>(ms).count());
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (ms % seconds(1)).count());
}

double Seconds(std::chrono::nanoseconds d) {
  return std::round(std::chrono::duration<double>(d).count() * 1e6) / 1e6;
}

std::string PointsText(double points) {
  // Rounded for people to two decimals, trailing zeros dropped: 20 points
  // shared by 7 checks sum to 99.99999999999994 in binary, which is 100.
  std::string text = fmt::format("{:.2f}", points);
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.') text.pop_back();
  return text == "-0" ? "0" : text;
}

}  // namespace wirecheck::reports
