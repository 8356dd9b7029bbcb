#include "reports/repeat.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

namespace wirecheck::reports {
namespace {

// A check's place in a run: its id and which of the checks of that id it is.
using CheckKey = std::pair<std::string, int>;

struct Tally {
  RepeatCounts counts;
  const Check* first = nullptr;          // as it came out in the shown run, else the first run it was in
  const Check* first_not_passed = nullptr;
  std::size_t first_not_passed_run = 0;  // 0-based
  double earned = 0;                     // the worst run's
  double possible = 0;
};

void Count(CheckStatus s, RepeatCounts* c) {
  switch (s) {
    case CheckStatus::kPass: ++c->passed; break;
    case CheckStatus::kFail: ++c->failed; break;
    case CheckStatus::kInconclusive: ++c->inconclusive; break;
    case CheckStatus::kNotApplicable: ++c->not_applicable; break;
  }
}

bool AllPassed(const Run& run) {
  return std::all_of(run.checks.begin(), run.checks.end(), [](const Check& c) {
    return c.status == CheckStatus::kPass || c.status == CheckStatus::kNotApplicable;
  });
}

std::string Plural(std::uint32_t n, const char* what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

Check Combined(const Tally& t) {
  Check c = t.first_not_passed ? *t.first_not_passed : *t.first;
  const RepeatCounts& r = t.counts;
  c.repeat = r;
  c.points_earned = t.earned;
  c.points_possible = t.possible;
  const std::string runs = std::to_string(r.runs);
  const std::string_view verdict = RepeatVerdict(r);
  if (verdict == "stable-pass") {
    c.status = CheckStatus::kPass;
    c.message += " (passed in all " + runs + " runs)";
  } else if (verdict == "not_applicable") {
    c.status = CheckStatus::kNotApplicable;
  } else if (verdict == "flaky") {
    c.status = CheckStatus::kFail;
    const std::string why = t.first_not_passed ? "in run " + std::to_string(t.first_not_passed_run + 1) + ": " +
                                                     t.first_not_passed->message
                                               : "the other runs ended before it could be checked";
    c.message = "flaky: passed in " + std::to_string(r.passed) + " of " + runs + " runs; " + why;
  } else {
    // Never passed: failed (or could not be told) every time it ran.
    c.status = r.failed > 0 ? CheckStatus::kFail : CheckStatus::kInconclusive;
    c.message = (r.failed == r.runs ? "failed in all " + runs + " runs"
                                    : Plural(r.failed, "failure") + " and " + Plural(r.inconclusive, "inconclusive run") +
                                          " in " + runs) +
                ": " + c.message;
  }
  return c;
}

}  // namespace

std::string_view RepeatVerdict(const RepeatCounts& r) {
  if (r.not_applicable == r.runs) return "not_applicable";
  if (r.passed + r.not_applicable == r.runs) return "stable-pass";
  if (r.passed == 0) return "stable-fail";
  return "flaky";
}

std::size_t ShownRepeat(const std::vector<Run>& runs) {
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (!AllPassed(runs[i]) || runs[i].harness_error()) return i;
  }
  return 0;
}

Run CombineRepeatedRuns(const std::vector<Run>& runs) {
  const std::size_t shown = ShownRepeat(runs);
  Run combined = runs[shown];
  combined.checks.clear();
  combined.repeats = static_cast<std::uint32_t>(runs.size());
  combined.started = runs.front().started;
  combined.duration = {};
  for (const Run& run : runs) {
    combined.duration += run.duration;
    if (run.harness_error() && !combined.harness_error()) combined.outcome = run.outcome;
  }
  // Every check of every run, by its place, in the order first seen.
  std::vector<CheckKey> order;
  std::map<CheckKey, Tally> tallies;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    std::map<std::string, int> seen;
    for (const Check& check : runs[i].checks) {
      const CheckKey key{check.id, seen[check.id]++};
      auto [it, added] = tallies.try_emplace(key);
      Tally& t = it->second;
      if (added) {
        order.push_back(key);
        t.earned = check.points_earned;
        // A check missing from the runs before: not decided there.
        t.counts.runs = t.counts.inconclusive = static_cast<std::uint32_t>(i);
        if (i > 0) t.earned = 0;
      }
      ++t.counts.runs;
      Count(check.status, &t.counts);
      if (!t.first || i == shown) t.first = &check;
      if (!t.first_not_passed && check.status != CheckStatus::kPass && check.status != CheckStatus::kNotApplicable) {
        t.first_not_passed = &check;
        t.first_not_passed_run = i;
      }
      t.earned = std::min(t.earned, check.points_earned);
      t.possible = std::max(t.possible, check.points_possible);
    }
  }
  for (const CheckKey& key : order) {
    Tally& t = tallies[key];
    const std::uint32_t missing = static_cast<std::uint32_t>(runs.size()) - t.counts.runs;
    t.counts.runs += missing;  // runs that ended before deciding it
    t.counts.inconclusive += missing;
    if (missing > 0) t.earned = 0;
    combined.checks.push_back(Combined(t));
  }
  return combined;
}

}  // namespace wirecheck::reports
