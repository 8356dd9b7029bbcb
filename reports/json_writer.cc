#include "reports/json_writer.h"

#include <algorithm>

#include "reports/escape.h"
#include "reports/exit_status.h"

namespace wirecheck::reports {

using nlohmann::ordered_json;

namespace {

ordered_json EndpointJson(const Endpoint& e) {
  return ordered_json{{"address", e.address}, {"port", e.port}};
}

ordered_json ConversationJson(const ConversationId& c) {
  return ordered_json{{"transport", c.transport},
                      {"client", EndpointJson(c.client)},
                      {"server", EndpointJson(c.server)}};
}

ordered_json LadderPacketJson(const LadderPacket& p, const JsonOptions& options) {
  ordered_json j;
  j["number"] = p.number;
  j["time_s"] = Seconds(p.time);
  j["direction"] = PacketDirectionName(p.direction);
  j["flags"] = p.flags;
  if (p.seq) j["seq"] = *p.seq;
  if (p.ack) j["ack"] = *p.ack;
  j["payload_length"] = p.payload_length;
  if (p.payload_length > 0) j["payload"] = EscapedPreview(p.payload, options.preview_bytes, p.payload_length);
  if (p.is_evidence) j["evidence"] = true;
  return j;
}

ordered_json DifferenceJson(const ByteDifference& d, const JsonOptions& options) {
  ordered_json j;
  j["where"] = d.where;
  j["offset"] = d.offset;
  j["expected"] = EscapedPreview(d.expected, options.preview_bytes, d.expected_length);
  j["expected_length"] = std::max<std::uint64_t>(d.expected_length, d.expected.size());
  j["actual"] = EscapedPreview(d.actual, options.preview_bytes, d.actual_length);
  j["actual_length"] = std::max<std::uint64_t>(d.actual_length, d.actual.size());
  return j;
}

ordered_json EvidenceJson(const Evidence& e, const JsonOptions& options) {
  ordered_json j = ordered_json::object();
  if (e.conversation) j["conversation"] = ConversationJson(*e.conversation);
  if (!e.packets.empty()) {
    ordered_json packets = ordered_json::array();
    for (const PacketRef& p : e.packets) {
      packets.push_back(ordered_json{{"number", p.number}, {"time_s", Seconds(p.time)}});
    }
    j["packets"] = packets;
  }
  if (!e.expected.empty()) j["expected"] = e.expected;
  if (!e.observed.empty()) j["observed"] = e.observed;
  if (e.difference) j["difference"] = DifferenceJson(*e.difference, options);
  if (!e.ladder.empty()) {
    ordered_json ladder = ordered_json::array();
    for (const LadderPacket& p : e.ladder) ladder.push_back(LadderPacketJson(p, options));
    j["ladder"] = ladder;
  }
  if (!e.process.empty()) j["process"] = e.process;
  return j;
}

ordered_json ProcessJson(const ProcessSummary& p, const JsonOptions& options) {
  ordered_json j;
  j["name"] = p.name;
  j["command"] = p.command;
  j["end"] = ProcessEndName(p.end);
  if (p.end == ProcessEnd::kExited) j["exit_status"] = p.code;
  if (p.end == ProcessEnd::kSignaled) j["signal"] = p.code;
  if (!p.detail.empty()) j["detail"] = p.detail;
  j["summary"] = ProcessEndText(p);
  j["duration_s"] = Seconds(p.duration);
  j["stdout_bytes"] = p.stdout_bytes;
  j["stdout"] = EscapedPreview(p.stdout_head, options.preview_bytes, p.stdout_bytes);
  j["stderr_bytes"] = p.stderr_bytes;
  j["stderr"] = EscapedPreview(p.stderr_head, options.preview_bytes, p.stderr_bytes);
  // The end of each output, as the console shows it under a failed program;
  // *_tail_cut: the program wrote more than the harness keeps, so these are
  // the last lines kept, not the last it wrote.
  if (!p.stdout_tail.empty()) {
    j["stdout_tail"] = EscapedPreview(p.stdout_tail, options.preview_bytes, p.stdout_tail.size());
    j["stdout_tail_cut"] = p.stdout_tail_cut;
  }
  if (!p.stderr_tail.empty()) {
    j["stderr_tail"] = EscapedPreview(p.stderr_tail, options.preview_bytes, p.stderr_tail.size());
    j["stderr_tail_cut"] = p.stderr_tail_cut;
  }
  return j;
}

ordered_json CountsJson(const StatusCounts& counts) {
  return ordered_json{{"checks", counts.total()},
                      {"pass", counts.pass},
                      {"fail", counts.fail},
                      {"inconclusive", counts.inconclusive},
                      {"not_applicable", counts.not_applicable}};
}

ordered_json PointsJson(const Points& p) {
  return ordered_json{{"earned", p.earned}, {"possible", p.possible}};
}

}  // namespace

ordered_json CheckToJson(const Check& check, const JsonOptions& options) {
  ordered_json j;
  j["id"] = check.id;
  j["title"] = check.title;
  j["status"] = CheckStatusName(check.status);
  j["message"] = check.message;
  if (!check.hint.empty()) j["hint"] = check.hint;
  j["points"] = PointsJson({check.points_earned, check.points_possible});
  if (check.repeat) {
    const RepeatCounts& r = *check.repeat;
    j["repeat"] = ordered_json{{"verdict", RepeatVerdict(r)}, {"runs", r.runs}, {"passed", r.passed},
                               {"failed", r.failed}, {"inconclusive", r.inconclusive},
                               {"not_applicable", r.not_applicable}};
  }
  j["evidence"] = EvidenceJson(check.evidence, options);
  return j;
}

ordered_json RunToJson(const Run& run, const JsonOptions& options) {
  ordered_json j;
  j["scenario"] = run.scenario;
  j["file"] = run.file;
  if (!run.submission.empty()) j["submission"] = run.submission;
  if (run.repeats > 1) j["repeats"] = run.repeats;
  j["mode"] = run.mode == RunMode::kLive ? "live" : "verify";
  j["started"] = IsoTimestamp(run.started);
  j["duration_s"] = Seconds(run.duration);
  if (const HarnessError* e = run.harness_error()) {
    j["outcome"] = "harness_error";
    j["error"] = ordered_json{{"kind", HarnessErrorKindName(e->kind)}, {"message", e->message}};
  } else {
    j["outcome"] = "completed";
  }
  j["exit_code"] = static_cast<int>(ExitStatusOf(run));
  j["summary"] = CountsJson(CountStatuses(run));
  j["points"] = PointsJson(SumPoints(run));
  if (run.capture) {
    j["capture"] = ordered_json{{"packets", run.capture->packets},
                                {"kernel_drops", run.capture->kernel_drops},
                                {"missed", run.capture->missed},
                                {"untracked_packets", run.capture->untracked_packets},
                                {"conversations", run.capture->conversations},
                                {"file", run.capture->file}};
    if (run.wire) {
      j["capture"]["client_side"] = ordered_json{{"packets", run.capture->client_side_packets},
                                                 {"kernel_drops", run.capture->client_side_kernel_drops},
                                                 {"file", run.capture->client_side_file}};
    }
  }
  if (run.wire) {
    ordered_json directions = ordered_json::array();
    for (const WireSummary::Direction& d : run.wire->directions) {
      ordered_json one{{"direction", d.name},
                       {"packets", d.packets},
                       {"delivered", d.delivered},
                       {"dropped", d.dropped},
                       {"duplicated", d.duplicated}};
      if (d.client_side) one["client_side"] = *d.client_side;
      if (d.server_side) one["server_side"] = *d.server_side;
      directions.push_back(std::move(one));
    }
    j["wire"] = ordered_json{{"seed", run.wire->seed},
                             {"server_host", run.wire->server_host},
                             {"client_host", run.wire->client_host},
                             {"device", run.wire->device},
                             {"directions", directions},
                             {"drops", run.wire->drops},
                             {"drops_omitted", run.wire->drops_omitted}};
  }
  ordered_json processes = ordered_json::array();
  for (const ProcessSummary& p : run.processes) processes.push_back(ProcessJson(p, options));
  j["processes"] = processes;
  ordered_json checks = ordered_json::array();
  for (const Check& c : run.checks) checks.push_back(CheckToJson(c, options));
  j["checks"] = checks;
  return j;
}

ordered_json ReportToJson(const Report& report, const JsonOptions& options) {
  ordered_json j;
  j["format"] = "wirecheck-report";
  j["format_version"] = kJsonFormatVersion;
  j["exit_code"] = static_cast<int>(ExitStatusOf(report));
  ordered_json summary = CountsJson(CountStatuses(report));
  summary["runs"] = report.runs.size();
  summary["harness_errors"] = CountHarnessErrors(report);
  j["summary"] = summary;
  j["points"] = PointsJson(SumPoints(report));
  ordered_json runs = ordered_json::array();
  for (const Run& run : report.runs) runs.push_back(RunToJson(run, options));
  j["runs"] = runs;
  return j;
}

void WriteJson(std::ostream& out, const Report& report, const JsonOptions& options) {
  out << ReportToJson(report, options).dump(options.indent, ' ', false,
                                            nlohmann::json::error_handler_t::replace)
      << '\n';
}

}  // namespace wirecheck::reports
