// A submission's points item by item: the maximum of every item is the
// assignment's, whatever the run did; what no check decided scores 0, with
// the reason; partial results keep their exact shares.

#include "harness/grade/grade_items.h"

#include <gtest/gtest.h>

#include "harness/loader/scenario_loader.h"
#include "harness/verify/verify.h"

namespace wirecheck {
namespace {

using reports::CheckStatus;
using reports::ItemStatus;

Assignment TwoScenarios() {
  Assignment a;
  a.title = "a";
  AssignmentScenario one;
  one.name = "one";
  one.scenario.grading.items = {{"handshake", 10, {}}, {"processes", 6, {}}};
  AssignmentScenario two;
  two.name = "two";
  two.visibility = reports::Visibility::kHidden;
  two.scenario.grading.items = {{"close", 4, {}}};
  a.scenarios = {one, two};
  return a;
}

reports::Check Graded(const std::string& id, const std::string& grading, CheckStatus status, double possible) {
  reports::Check c;
  c.id = id;
  c.title = id;
  c.grading = grading;
  c.status = status;
  c.message = id + " message";
  c.points_possible = possible;
  c.points_earned = status == CheckStatus::kPass ? possible : 0;
  return c;
}

TEST(GradeItemsTest, EachItemHasTheAssignmentsMaximumAndItsChecksShares) {
  reports::Run one;
  one.checks = {Graded("server.ready", "", CheckStatus::kPass, 0),
                Graded("every_connection.handshake", "handshake", CheckStatus::kPass, 10),
                Graded("server.no_crash", "processes", CheckStatus::kPass, 3),
                Graded("server.runs_until_stopped", "processes", CheckStatus::kFail, 3)};
  one.checks.back().hint = "keep running";
  reports::Run two;
  two.checks = {Graded("every_connection.close.clean", "close", CheckStatus::kPass, 4)};
  const std::vector<reports::GradeItem> items = GradeItems(TwoScenarios(), {{one, {}}, {two, {}}});
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].name, "one: handshake");
  EXPECT_EQ(items[0].status, ItemStatus::kPassed);
  EXPECT_EQ(items[0].earned, 10);
  EXPECT_EQ(items[0].output, "");
  EXPECT_EQ(items[1].name, "one: processes");
  EXPECT_EQ(items[1].status, ItemStatus::kFailed);
  EXPECT_EQ(items[1].earned, 3);
  EXPECT_EQ(items[1].possible, 6);
  EXPECT_EQ(items[1].output, "✗ server.runs_until_stopped: server.runs_until_stopped message\n  hint: keep running");
  EXPECT_EQ(items[2].name, "two: close");
  EXPECT_EQ(items[2].visibility, reports::Visibility::kHidden);
  EXPECT_EQ(items[2].earned, 4);
}

TEST(GradeItemsTest, ARunThatStoppedEarlyScoresZeroOfWhatItDidNotCheckAndSaysWhy) {
  reports::Run one;
  reports::Check ready = Graded("server.ready", "", CheckStatus::kFail, 0);
  ready.title = "the server listens";
  ready.message = "nothing listens on TCP port 6789; the server listens on 6790";
  one.checks = {ready, Graded("server.no_crash", "processes", CheckStatus::kPass, 6)};
  const std::vector<reports::GradeItem> items = GradeItems(TwoScenarios(), {{one, {}}, {std::nullopt, "not run: x"}});
  EXPECT_EQ(items[0].status, ItemStatus::kNotRun);
  EXPECT_EQ(items[0].possible, 10);
  EXPECT_EQ(items[0].earned, 0);
  EXPECT_EQ(items[0].output,
            "the run stopped before this could be checked: ✗ the server listens: nothing listens on TCP port 6789; "
            "the server listens on 6790");
  EXPECT_EQ(items[1].status, ItemStatus::kPassed);
  EXPECT_EQ(items[2].status, ItemStatus::kNotRun);
  EXPECT_EQ(items[2].output, "not run: x");
  EXPECT_EQ(items[2].possible, 4);
}

TEST(GradeItemsTest, ChecksThatCoverOnlyPartOfTheMaximumLoseTheRest) {
  reports::Run one;
  one.checks = {Graded("every_connection.handshake", "handshake", CheckStatus::kPass, 5)};
  one.outcome = reports::HarnessError{reports::HarnessErrorKind::kBadInput, "a bad address"};
  const std::vector<reports::GradeItem> items = GradeItems(TwoScenarios(), {{one, {}}, {one, {}}});
  EXPECT_EQ(items[0].status, ItemStatus::kFailed);
  EXPECT_EQ(items[0].earned, 5);
  EXPECT_EQ(items[0].output, "the run could not finish: a bad address (5 points not checked)");
}

TEST(GradeItemsTest, InconclusiveChecksEarnNothingAndAreMarkedSo) {
  reports::Run one;
  one.checks = {Graded("every_connection.handshake", "handshake", CheckStatus::kInconclusive, 10)};
  const std::vector<reports::GradeItem> items = GradeItems(TwoScenarios(), {{one, {}}, {one, {}}});
  EXPECT_EQ(items[0].status, ItemStatus::kFailed);
  EXPECT_EQ(items[0].earned, 0);
  EXPECT_EQ(items[0].output, "? every_connection.handshake: every_connection.handshake message");
}

TEST(GradeItemsTest, UngradedItemsAndColumnsFollowTheAssignment) {
  const std::vector<reports::GradeItem> items = UngradedItems(TwoScenarios(), "the submission is larger than 256MiB");
  ASSERT_EQ(items.size(), 3u);
  for (const reports::GradeItem& item : items) {
    EXPECT_EQ(item.status, ItemStatus::kNotRun);
    EXPECT_EQ(item.earned, 0);
    EXPECT_EQ(item.output, "the submission is larger than 256MiB");
  }
  std::vector<std::string> names;
  std::vector<double> points;
  GradebookColumns(TwoScenarios(), &names, &points);
  EXPECT_EQ(names, (std::vector<std::string>{"one: handshake", "one: processes", "two: close"}));
  EXPECT_EQ(points, (std::vector<double>{10, 6, 4}));
}

// A group's own entry is an item like any other: its checks, as verify
// grades them, sum into "<scenario>: <group>.<check>", and leave the
// kind-wide item.
TEST(GradeItemsTest, AGroupsOwnEntryIsAnItemOfItsChecks) {
  ScenarioLoad load = LoadScenarioText(R"(
scenario: a student's client
server:
  run: ./server {port}
clients:
  - name: student-client
    run: ./client {port}
    count: 2
    expect: { stdout: "FROM SERVER: HELLO\n" }
grading: { processes: 12, student-client.stdout: 10 }
)", "client.yaml");
  ASSERT_TRUE(load.scenario) << (load.errors.empty() ? "" : ToString(load.errors[0]));
  Assignment a;
  AssignmentScenario s;
  s.name = "one client";
  s.scenario = *load.scenario;
  a.scenarios = {s};
  std::vector<std::string> names;
  std::vector<double> points;
  GradebookColumns(a, &names, &points);
  EXPECT_EQ(names, (std::vector<std::string>{"one client: processes", "one client: student-client.stdout"}));

  RunFacts facts;
  facts.server.emplace();
  facts.server->name = "server";
  facts.server->result.outcome = Signaled{15, false, true};
  facts.server->result.stopped_while_running = true;
  facts.clients.resize(1);
  for (const char* out : {"FROM SERVER: HELLO\n", "from server: hello\n"}) {
    ProcessRun client;
    client.name = "student-client";
    client.result.stdout_capture = OutputCapture::FromParts(out, std::string_view(out).size(), 1u << 20);
    facts.clients[0].push_back(client);
  }
  reports::Run run;
  run.checks = Verify(*load.scenario, capture::Trace{}, 6789, &facts);
  const std::vector<reports::GradeItem> items = GradeItems(a, {{run, {}}});
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].name, "one client: processes");
  EXPECT_EQ(items[0].status, ItemStatus::kPassed);
  EXPECT_EQ(items[0].earned, 12);  // no_crash, no_flood, runs_until_stopped; the clients' no_crash, no_flood
  EXPECT_EQ(items[1].name, "one client: student-client.stdout");
  EXPECT_EQ(items[1].check, "student-client.stdout");
  EXPECT_EQ(items[1].status, ItemStatus::kFailed);
  EXPECT_EQ(items[1].possible, 10);
  EXPECT_EQ(items[1].earned, 5);  // one client of two right: half (partial credit)
  EXPECT_NE(items[1].output.find("✗ student-client prints"), std::string::npos) << items[1].output;
}

}  // namespace
}  // namespace wirecheck
