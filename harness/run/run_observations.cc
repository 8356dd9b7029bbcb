#include "harness/run/run_observations.h"

#include <charconv>
#include <fstream>
#include <variant>

#include "harness/model/size_text.h"

namespace wirecheck {

std::optional<PortInterval> ReadEphemeralRange(const std::string& path) {
  std::ifstream in(path);
  PortInterval range;
  if (!(in >> range.from >> range.to) || range.from > range.to) return std::nullopt;
  return range;
}

std::vector<std::uint16_t> ConnectedFromPorts(const PeerResult& result) {
  std::vector<std::uint16_t> ports;
  for (const StepResult& step : result.steps) {
    if (step.action != ScriptStep::Action::kConnect || step.local.empty()) continue;
    const std::size_t colon = step.local.rfind(':');
    if (colon == std::string::npos) continue;
    std::uint16_t port = 0;
    const char* begin = step.local.data() + colon + 1;
    const char* end = step.local.data() + step.local.size();
    if (std::from_chars(begin, end, port).ec == std::errc() && port != 0) ports.push_back(port);
  }
  return ports;
}

reports::Check ScriptCheck(const PeerResult& result) {
  reports::Check check;
  check.id = "scripts." + result.name;
  check.title = result.name + " runs its script";
  check.message = result.name + ": " + Summary(result);
  switch (result.outcome) {
    case PeerResult::Outcome::kPassed: check.status = reports::CheckStatus::kPass; break;
    case PeerResult::Outcome::kFailed: check.status = reports::CheckStatus::kFail; break;
    default: check.status = reports::CheckStatus::kInconclusive; break;
  }
  if (const StepResult* failed = result.failed_step()) {
    check.evidence.observed = failed->detail;
    if (failed->mismatch_offset) {
      reports::ByteDifference d;
      d.where = result.name + " " + std::string(ActionName(failed->action)) + " (" + ToString(failed->where) + ")";
      d.offset = *failed->mismatch_offset;
      d.expected = failed->expected;
      d.expected_length = failed->expected.size();
      d.actual = failed->received;
      d.actual_length = failed->received.size();
      check.evidence.difference = d;
    }
  }
  return check;
}

reports::ProcessSummary SummarizeProcess(const ProcessRun& run, const std::string& command) {
  reports::ProcessSummary p;
  p.name = run.name;
  p.command = command;
  p.duration = run.result.elapsed;
  const ProcessOutcome& o = run.result.outcome;
  if (const auto* e = std::get_if<Exited>(&o)) {
    p.end = reports::ProcessEnd::kExited;
    p.code = e->code;
  } else if (const auto* s = std::get_if<Signaled>(&o)) {
    p.end = s->sent_by_wirecheck ? reports::ProcessEnd::kStoppedByHarness : reports::ProcessEnd::kSignaled;
    p.code = s->signal;
    if (s->memory_cap > 0) p.detail = "the run's memory limit (" + FormatByteSize(s->memory_cap) + ") was reached";
  } else if (std::holds_alternative<TimedOut>(o)) {
    p.end = reports::ProcessEnd::kTimedOut;
  } else if (const auto* f = std::get_if<FailedToStart>(&o)) {
    p.end = reports::ProcessEnd::kFailedToStart;
    p.detail = f->program + ": " + f->reason;
  }
  p.stdout_bytes = run.result.stdout_capture.total_bytes();
  p.stderr_bytes = run.result.stderr_capture.total_bytes();
  constexpr std::size_t kHead = 512;
  p.stdout_head = run.result.stdout_capture.kept().substr(0, kHead);
  p.stderr_head = run.result.stderr_capture.kept().substr(0, kHead);
  p.stdout_tail = reports::LastLines(run.result.stdout_capture.kept());
  p.stderr_tail = reports::LastLines(run.result.stderr_capture.kept());
  p.stdout_tail_cut = run.result.stdout_capture.truncated();
  p.stderr_tail_cut = run.result.stderr_capture.truncated();
  return p;
}

}  // namespace wirecheck
