#include "harness/verify/verify_check.h"

#include <algorithm>

namespace wirecheck {

VerifyContext MakeContext(const Scenario& scenario, const capture::Trace& trace, int server_port,
                          const RunFacts* run) {
  VerifyContext ctx{scenario, trace, server_port, run};
  ctx.origin = trace.stats.first_ts;
  ctx.lost_packets = trace.stats.capture.kernel_dropped + trace.stats.capture.interface_dropped +
                     trace.stats.capture.missed;
  ctx.untracked_packets = trace.stats.untracked_packets;
  ctx.capture_cut = !trace.error.empty();
  return ctx;
}

PendingCheck NewCheck(std::string id, std::string title, std::string_view grading) {
  PendingCheck p;
  p.check.id = std::move(id);
  p.check.title = std::move(title);
  p.check.status = reports::CheckStatus::kInconclusive;
  p.grading = grading;
  return p;
}

std::string CountText(const Count& count) {
  if (count.at_least && count.at_most) {
    if (*count.at_least == *count.at_most) return "exactly " + std::to_string(*count.at_least);
    return "from " + std::to_string(*count.at_least) + " to " + std::to_string(*count.at_most);
  }
  if (count.at_least) return "at least " + std::to_string(*count.at_least);
  if (count.at_most) return "at most " + std::to_string(*count.at_most);
  return "any number";
}

std::string CitedAt(const SourceLocation& where) {
  if (where.file.empty()) return {};
  return " (" + ToString(where) + ")";
}

Finding Passed(std::string message, std::string observed) {
  Finding f;
  f.status = reports::CheckStatus::kPass;
  f.message = std::move(message);
  f.observed = std::move(observed);
  f.on_absence = true;
  return f;
}

Finding Failed(std::string message, std::string_view hint, bool on_absence, std::string observed) {
  Finding f;
  f.status = reports::CheckStatus::kFail;
  f.message = std::move(message);
  f.hint = hint;
  f.observed = std::move(observed);
  f.on_absence = on_absence;
  return f;
}

Finding Undecided(std::string message) {
  Finding f;
  f.status = reports::CheckStatus::kInconclusive;
  f.message = std::move(message);
  return f;
}

void Apply(const Finding& finding, PendingCheck* check) {
  reports::Check& c = check->check;
  c.status = finding.status;
  c.message = finding.message;
  c.hint = finding.status == reports::CheckStatus::kFail ? std::string(finding.hint) : std::string();
  if (!finding.observed.empty()) c.evidence.observed = finding.observed;
  if (finding.difference) c.evidence.difference = finding.difference;
  check->needs_whole_capture = finding.on_absence;
}

void SetPartialCredit(const std::vector<Finding>& findings, PendingCheck* check) {
  if (check->check.status != reports::CheckStatus::kFail || findings.size() < 2) return;
  const auto passed = std::count_if(findings.begin(), findings.end(),
                                    [](const Finding& f) { return f.status == reports::CheckStatus::kPass; });
  if (passed > 0) check->partial = static_cast<double>(passed) / static_cast<double>(findings.size());
}

}  // namespace wirecheck
