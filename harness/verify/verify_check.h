#pragma once
// The pieces every part of verify shares: what the checks read
// (VerifyContext) and a check on its way to the report (PendingCheck), with
// the grading name that gives it points and whether packets the capture lost
// could change its result. Internal to verify*.cc.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capture/analyzer.h"
#include "harness/model/scenario.h"
#include "harness/verify/run_facts.h"
#include "reports/report.h"

namespace wirecheck {

struct VerifyContext {
  const Scenario& scenario;
  const capture::Trace& trace;
  int server_port = 0;
  const RunFacts* run = nullptr;  // nullptr: a capture taken elsewhere
  capture::Timestamp origin{};    // the run's first packet: time 0 of reports
  std::uint64_t lost_packets = 0; // dropped by the kernel
  bool capture_cut = false;       // the source stopped with an error

  std::uint64_t untracked_packets = 0;  // past the bound on tracked conversations
  bool capture_complete() const { return lost_packets == 0 && untracked_packets == 0 && !capture_cut; }
};

VerifyContext MakeContext(const Scenario& scenario, const capture::Trace& trace, int server_port,
                          const RunFacts* run);

struct PendingCheck {
  reports::Check check;
  std::string_view grading;  // a grading check name (scenario_keys.h); empty: never graded
  /// Its result rests on the capture having every packet: a pass, or a
  /// failure for something not seen. Made inconclusive when packets were lost.
  bool needs_whole_capture = false;
  /// The group's own grading entry it belongs to ("c.stdout", "c.wire",
  /// "c.script"); when `grading:` names it, the check counts there instead
  /// of under `grading`. Empty: the check belongs to no group.
  std::string group_entry;
  /// A failed check over several connections or clients: the fraction of
  /// them that passed. Its share of points is earned in that proportion (4
  /// of 5 clients served: 4/5 of it). Unset: all or nothing.
  std::optional<double> partial;
};


/// A new check, inconclusive until decided.
PendingCheck NewCheck(std::string id, std::string title, std::string_view grading);

/// "exactly 5", "at least 5", "at most 1", "from 1 to 3".
std::string CountText(const Count& count);
/// " (file:line:column)" of where the scenario states it; "" if unknown.
std::string CitedAt(const SourceLocation& where);

/// The outcome of a check on one item (a connection, a datagram, a process).
struct Finding {
  reports::CheckStatus status = reports::CheckStatus::kInconclusive;
  std::string message;
  std::string_view hint;
  std::string observed;
  std::vector<std::uint64_t> packets;  // evidence packet numbers
  std::optional<reports::ByteDifference> difference;
  bool on_absence = false;  // a failure lost packets could explain, or a pass not proven by them
};

Finding Passed(std::string message, std::string observed = {});
Finding Failed(std::string message, std::string_view hint, bool on_absence, std::string observed = {});
Finding Undecided(std::string message);

/// Copies a finding's status, message, hint and evidence into the check.
void Apply(const Finding& finding, PendingCheck* check);

/// Sets check->partial from the findings it was decided on, one per
/// connection or client, when it failed and some of them passed.
void SetPartialCredit(const std::vector<Finding>& findings, PendingCheck* check);

}  // namespace wirecheck
