#include "reports/report_diff.h"

#include <fmt/format.h>

#include <map>
#include <tuple>
#include <utility>

#include "reports/escape.h"

namespace wirecheck::reports {
namespace {

// A check's place: its run's file, its id, and which check of that id it is.
using Place = std::tuple<std::string, std::string, int>;

std::vector<std::pair<Place, const Check*>> Places(const Report& report) {
  std::vector<std::pair<Place, const Check*>> places;
  for (const Run& run : report.runs) {
    std::map<std::string, int> seen;
    for (const Check& c : run.checks) places.push_back({{run.file, c.id, seen[c.id]++}, &c});
  }
  return places;
}

const Run* FindRun(const Report& report, const std::string& file) {
  for (const Run& run : report.runs) {
    if (run.file == file) return &run;
  }
  return nullptr;
}

std::string ScenarioOf(const Report& report, const std::string& file) {
  const Run* run = FindRun(report, file);
  return run ? run->scenario : file;
}

std::string_view Tag(const CheckChange& c) {
  const bool passes_now = c.after == CheckStatus::kPass || c.after == CheckStatus::kNotApplicable;
  const bool passed_before = c.before == CheckStatus::kPass || c.before == CheckStatus::kNotApplicable;
  if (!c.after) return "[ GONE    ]";
  if (passes_now) return passed_before || !c.before ? "[ NEW     ]" : "[ FIXED   ]";
  if (!c.before) return "[ NEW     ]";
  return passed_before ? "[ BROKEN  ]" : "[ CHANGED ]";
}

std::string StatusWord(const std::optional<CheckStatus>& s) {
  return s ? std::string(CheckStatusName(*s)) : std::string("not checked");
}

std::string Totals(const Report& report) {
  const StatusCounts c = CountStatuses(report);
  std::string text = fmt::format("{} passed, {} failed", c.pass, c.fail);
  if (c.inconclusive) text += fmt::format(", {} inconclusive", c.inconclusive);
  if (const std::size_t errors = CountHarnessErrors(report)) text += fmt::format(", {} could not run", errors);
  return text;
}

}  // namespace

std::vector<CheckChange> DiffReports(const Report& before, const Report& after) {
  std::map<Place, const Check*> old;
  for (const auto& [place, check] : Places(before)) old[place] = check;
  std::vector<CheckChange> changes;
  for (const auto& [place, check] : Places(after)) {
    const auto it = old.find(place);
    const std::optional<CheckStatus> was = it == old.end() ? std::nullopt : std::optional(it->second->status);
    if (it != old.end()) old.erase(it);
    if (was == check->status) continue;
    changes.push_back({ScenarioOf(after, std::get<0>(place)), check->id, was, check->status, check->message,
                       check->status == CheckStatus::kPass ? "" : check->hint});
  }
  for (const auto& [place, check] : old) {
    changes.push_back({ScenarioOf(before, std::get<0>(place)), check->id, check->status, std::nullopt,
                       check->message, ""});
  }
  return changes;
}

void WriteReportDiff(std::ostream& out, const Report& before, const Report& after) {
  const std::vector<CheckChange> changes = DiffReports(before, after);
  for (const CheckChange& c : changes) {
    out << Tag(c) << ' ' << EscapeControls(c.scenario) << ": " << c.check << " (" << StatusWord(c.before)
        << " -> " << StatusWord(c.after) << ")\n";
    if (c.after && !c.message.empty()) out << "  " << EscapeControls(c.message) << '\n';
    if (!c.hint.empty()) out << "  hint: " << EscapeControls(c.hint) << '\n';
  }
  for (const Run& run : after.runs) {
    const Run* was = FindRun(before, run.file);
    const HarnessError* now = run.harness_error();
    const HarnessError* then = was ? was->harness_error() : nullptr;
    if (now && (!then || then->message != now->message)) {
      out << "[  ERROR  ] " << EscapeControls(run.scenario) << ": " << HarnessErrorKindName(now->kind) << ": "
          << EscapeControls(now->message) << '\n';
    } else if (!now && then) {
      out << "[ RUNS    ] " << EscapeControls(run.scenario) << " runs again\n";
    }
  }
  if (changes.empty()) out << "[ SAME    ] every check as before\n";
  out << "[==========] now " << Totals(after) << " (before: " << Totals(before) << ")\n";
}

}  // namespace wirecheck::reports
