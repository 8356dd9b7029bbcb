#include "reports/report_diff.h"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/reports/sample_report.h"

namespace wirecheck::reports {
namespace {

using ReportRun = wirecheck::reports::Run;

Report Of(std::vector<std::pair<std::string, CheckStatus>> checks) {
  ReportRun run;
  run.scenario = "capitalize";
  run.file = "s.yaml";
  for (auto& [id, status] : checks) {
    Check c;
    c.id = id;
    c.status = status;
    c.message = id + " says";
    c.hint = status == CheckStatus::kFail ? "try this" : "";
    run.checks.push_back(c);
  }
  return Report{{run}};
}

std::string Text(const Report& before, const Report& after) {
  std::ostringstream out;
  WriteReportDiff(out, before, after);
  return out.str();
}

TEST(ReportDiffTest, OnlyChecksWhoseStatusChangedAreListed) {
  const Report before = Of({{"a", CheckStatus::kPass}, {"b", CheckStatus::kFail}, {"c", CheckStatus::kPass}});
  const Report after = Of({{"a", CheckStatus::kPass}, {"b", CheckStatus::kPass}, {"c", CheckStatus::kFail}});
  const std::vector<CheckChange> changes = DiffReports(before, after);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0], (CheckChange{"capitalize", "b", CheckStatus::kFail, CheckStatus::kPass, "b says", ""}));
  EXPECT_EQ(changes[1], (CheckChange{"capitalize", "c", CheckStatus::kPass, CheckStatus::kFail, "c says", "try this"}));
  EXPECT_EQ(Text(before, after),
            "[ FIXED   ] capitalize: b (fail -> pass)\n"
            "  b says\n"
            "[ BROKEN  ] capitalize: c (pass -> fail)\n"
            "  c says\n"
            "  hint: try this\n"
            "[==========] now 2 passed, 1 failed (before: 2 passed, 1 failed)\n");
}

TEST(ReportDiffTest, NewAndGoneChecksAndNoChangeAtAll) {
  const Report before = Of({{"a", CheckStatus::kPass}, {"gone", CheckStatus::kPass}});
  const Report after = Of({{"a", CheckStatus::kPass}, {"new", CheckStatus::kFail}});
  EXPECT_EQ(Text(before, after),
            "[ NEW     ] capitalize: new (not checked -> fail)\n"
            "  new says\n"
            "  hint: try this\n"
            "[ GONE    ] capitalize: gone (pass -> not checked)\n"
            "[==========] now 1 passed, 1 failed (before: 2 passed, 0 failed)\n");
  EXPECT_EQ(Text(after, after), "[ SAME    ] every check as before\n[==========] now 1 passed, 1 failed (before: 1 passed, 1 failed)\n");
}

TEST(ReportDiffTest, ARunThatCannotRunMidEditIsSaidAndSoIsItsReturn) {
  const Report good = Of({{"a", CheckStatus::kPass}});
  Report broken = Of({});
  broken.runs[0].outcome = HarnessError{HarnessErrorKind::kBadInput, "s.yaml:3:1: unknown key 'expct'"};
  EXPECT_EQ(Text(good, broken),
            "[ GONE    ] capitalize: a (pass -> not checked)\n"
            "[  ERROR  ] capitalize: bad_input: s.yaml:3:1: unknown key 'expct'\n"
            "[==========] now 0 passed, 0 failed, 1 could not run (before: 1 passed, 0 failed)\n");
  EXPECT_EQ(Text(broken, good),
            "[ NEW     ] capitalize: a (not checked -> pass)\n"
            "  a says\n"
            "[ RUNS    ] capitalize runs again\n"
            "[==========] now 1 passed, 0 failed (before: 0 passed, 0 failed, 1 could not run)\n");
}

}  // namespace
}  // namespace wirecheck::reports
