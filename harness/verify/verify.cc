#include "harness/verify/verify.h"

#include <map>

#include "harness/verify/verify_check.h"
#include "harness/verify/verify_process.h"
#include "harness/verify/verify_tcp.h"
#include "harness/verify/verify_timing.h"
#include "harness/verify/verify_udp.h"

namespace wirecheck {
namespace {

using reports::CheckStatus;

// A result that rests on packets the capture may have lost becomes inconclusive.
void MarkLostPackets(const VerifyContext& ctx, PendingCheck* p) {
  reports::Check& c = p->check;
  if (ctx.capture_complete() || !p->needs_whole_capture) return;
  if (c.status != CheckStatus::kPass && c.status != CheckStatus::kFail) return;
  std::string why = "the capture lost " + std::to_string(ctx.lost_packets) + " packets";
  if (ctx.capture_cut) why = "the capture was cut short";
  if (ctx.lost_packets == 0 && ctx.untracked_packets > 0) {
    why = "the run started more conversations than wirecheck tracks (" + std::to_string(ctx.untracked_packets) +
          " packets left out)";
  }
  c.message = why + ", so this cannot be told: " + c.message;
  c.status = CheckStatus::kInconclusive;
  c.hint.clear();
}

// A check counts under the most specific entry that names it: its group's
// own ("c.stdout") when `grading:` has it, else its kind's ("processes").
// The name points into the scenario, which outlives the checks.
void GradeByGroup(const Grading& grading, std::vector<PendingCheck>* checks) {
  for (PendingCheck& p : *checks) {
    if (p.group_entry.empty()) continue;
    for (const GradeItem& item : grading.items) {
      if (item.check == p.group_entry) p.grading = item.check;
    }
  }
}

// A client program that failed in a run whose wire lost datagrams: what
// went wrong may be the wire's doing, so its checks say what it lost, as
// the UDP checks do ("no reply within 5 s" then reads as what it was).
// The process checks are checks[first...].
void AddWireNotes(const VerifyContext& ctx, std::size_t first, std::vector<PendingCheck>* checks) {
  if (ctx.scenario.protocol != Scenario::Protocol::kUdp || ctx.run == nullptr || !ctx.run->client_side) return;
  const WireNotes notes = UdpWireNotes(ctx);
  std::string text;
  if (!notes.to_server.empty()) text = notes.to_server;
  if (!notes.to_client.empty()) {
    text += (text.empty() ? "" : "; ") + std::string("the server sent ") + std::to_string(notes.server_sent) +
            (notes.server_sent == 1 ? " datagram and " : " datagrams and ") + notes.to_client;
  }
  if (text.empty()) return;
  for (std::size_t i = first; i < checks->size(); ++i) {
    PendingCheck& p = (*checks)[i];
    if (p.check.status != CheckStatus::kFail) continue;
    for (const ClientSpec& client : ctx.scenario.clients) {
      if (p.check.id.rfind(client.name + ".", 0) == 0) p.check.message += "; across the wire, " + text;
    }
  }
}

// Each grading item's points, shared by the checks of its name that apply.
void AssignPoints(const Grading& grading, std::vector<PendingCheck>* checks) {
  std::map<std::string_view, std::size_t> applicable;
  for (const PendingCheck& p : *checks) {
    if (!p.grading.empty() && p.check.status != CheckStatus::kNotApplicable) ++applicable[p.grading];
  }
  for (const GradeItem& item : grading.items) {
    const auto n = applicable.find(item.check);
    if (n == applicable.end() || n->second == 0) continue;
    const double share = static_cast<double>(item.points) / static_cast<double>(n->second);
    for (PendingCheck& p : *checks) {
      if (p.grading != item.check || p.check.status == CheckStatus::kNotApplicable) continue;
      p.check.points_possible += share;
      if (p.check.status == CheckStatus::kPass) p.check.points_earned += share;
      if (p.check.status == CheckStatus::kFail && p.partial) p.check.points_earned += share * *p.partial;
    }
  }
}

}  // namespace

std::vector<reports::Check> Verify(const Scenario& scenario, const capture::Trace& trace, int server_port,
                                   const RunFacts* run) {
  const VerifyContext ctx = MakeContext(scenario, trace, server_port, run);
  std::vector<PendingCheck> pending;
  if (scenario.protocol == Scenario::Protocol::kTcp) {
    CheckTcp(ctx, &pending);
  } else {
    CheckUdp(ctx, &pending);
  }
  CheckTiming(ctx, &pending);
  for (PendingCheck& p : pending) MarkLostPackets(ctx, &p);
  const std::size_t first_process = pending.size();
  CheckProcesses(ctx, &pending);
  AddWireNotes(ctx, first_process, &pending);
  if (run) {
    for (const ScriptedPeerCheck& c : run->script_checks) {
      pending.push_back({c.check, "scripts", false, c.group + ".script"});
    }
  }
  GradeByGroup(scenario.grading, &pending);
  AssignPoints(scenario.grading, &pending);
  std::vector<reports::Check> checks;
  checks.reserve(pending.size());
  for (PendingCheck& p : pending) {
    p.check.grading = p.grading;
    checks.push_back(std::move(p.check));
  }
  return checks;
}

}  // namespace wirecheck
