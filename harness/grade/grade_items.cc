#include "harness/grade/grade_items.h"

namespace wirecheck {

namespace {

using reports::Check;
using reports::CheckStatus;
using reports::ItemStatus;

std::string ItemName(const AssignmentScenario& s, const GradeItem& item) {
  return s.name + ": " + item.check;
}

reports::GradeItem EmptyItem(const AssignmentScenario& s, const GradeItem& item) {
  reports::GradeItem g;
  g.name = ItemName(s, item);
  g.scenario = s.name;
  g.check = item.check;
  g.possible = item.points;
  g.visibility = s.visibility;
  return g;
}

// One line per check that did not pass, in the words of the run's report,
// with the hint a student reads.
std::string CheckLine(const Check& c) {
  std::string line = c.status == CheckStatus::kInconclusive ? "? " : "✗ ";
  line += c.title.empty() ? c.id : c.title;
  if (!c.message.empty()) line += ": " + c.message;
  if (!c.hint.empty()) line += "\n  hint: " + c.hint;
  return line;
}

// Why a run checked nothing of an item: the run's own error, or the first
// check that failed before the rest could run (the server never ready).
std::string NotCheckedWhy(const reports::Run& run) {
  if (const reports::HarnessError* e = run.harness_error()) return "the run could not finish: " + e->message;
  for (const Check& c : run.checks) {
    if (c.status == CheckStatus::kFail && c.grading.empty()) {
      return "the run stopped before this could be checked: " + CheckLine(c);
    }
  }
  return "the run ended before this could be checked";
}

// An item's output is read by a person and stored in results files that
// have limits (PrairieLearn's 1 MB): a run with thousands of failed
// connections says the first of them.
constexpr std::size_t kMaxOutput = 8 * 1024;

void Append(std::string* text, const std::string& line) {
  if (text->size() >= kMaxOutput) return;
  if (!text->empty()) *text += '\n';
  *text += line.size() + text->size() > kMaxOutput ? line.substr(0, kMaxOutput - text->size()) + " [...]" : line;
}

reports::GradeItem ItemOfRun(const AssignmentScenario& s, const GradeItem& item, const reports::Run& run) {
  reports::GradeItem g = EmptyItem(s, item);
  double checked = 0;  // of the maximum, the part some check decided
  bool all_passed = true;
  std::size_t checks = 0;
  for (const Check& c : run.checks) {
    if (c.grading != item.check || c.status == CheckStatus::kNotApplicable) continue;
    ++checks;
    checked += c.points_possible;
    g.earned += c.points_earned;
    if (c.status != CheckStatus::kPass) {
      all_passed = false;
      Append(&g.output, CheckLine(c));
    }
  }
  if (checks == 0) {
    g.status = ItemStatus::kNotRun;
    g.output = NotCheckedWhy(run);
    return g;
  }
  // A run cut short has fewer checks than a whole one; the part of the
  // maximum no check decided is lost, and said so.
  constexpr double kRounding = 1e-9;
  if (checked + kRounding < g.possible) {
    all_passed = false;
    Append(&g.output, NotCheckedWhy(run) + " (" + reports::PointsText(g.possible - checked) + " points not checked)");
  }
  if (run.harness_error() && all_passed) {
    all_passed = false;
    Append(&g.output, NotCheckedWhy(run));
  }
  g.status = all_passed ? ItemStatus::kPassed : ItemStatus::kFailed;
  return g;
}

}  // namespace

std::vector<reports::GradeItem> GradeItems(const Assignment& assignment, const std::vector<ScenarioOutcome>& outcomes) {
  std::vector<reports::GradeItem> items;
  for (std::size_t i = 0; i < assignment.scenarios.size(); ++i) {
    const AssignmentScenario& s = assignment.scenarios[i];
    const ScenarioOutcome* outcome = i < outcomes.size() ? &outcomes[i] : nullptr;
    for (const GradeItem& item : s.scenario.grading.items) {
      if (outcome != nullptr && outcome->run) {
        items.push_back(ItemOfRun(s, item, *outcome->run));
        continue;
      }
      reports::GradeItem g = EmptyItem(s, item);
      g.output = outcome != nullptr && !outcome->not_run.empty() ? outcome->not_run : "not run";
      items.push_back(std::move(g));
    }
  }
  return items;
}

std::vector<reports::GradeItem> UngradedItems(const Assignment& assignment, const std::string& why) {
  return GradeItems(assignment, std::vector<ScenarioOutcome>(assignment.scenarios.size(), ScenarioOutcome{std::nullopt, why}));
}

void GradebookColumns(const Assignment& assignment, std::vector<std::string>* names, std::vector<double>* points) {
  names->clear();
  points->clear();
  for (const AssignmentScenario& s : assignment.scenarios) {
    for (const GradeItem& item : s.scenario.grading.items) {
      names->push_back(ItemName(s, item));
      points->push_back(item.points);
    }
  }
}

}  // namespace wirecheck
