// Client scheduling (count, start, after) without namespaces or processes:
// ClientRunner drives a FakeProcessLauncher through the ProcessLauncher seam,
// and the fake's event log shows what was started and seen ending, in order.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "harness/loader/scenario_loader.h"
#include "harness/peers/peer_loop.h"
#include "harness/peers/socket_factory.h"
#include "harness/process/process_launcher.h"
#include "harness/run/run_clients.h"

namespace wirecheck {
namespace {

using ::testing::ElementsAre;

Scenario Load(const std::string& clients) {
  const std::string text = "scenario: scheduling\nprotocol: tcp\nserver:\n  run: server\n  port: 6789\nclients:\n" +
                           clients;
  ScenarioLoad load = LoadScenarioText(text, "scheduling.yaml");
  EXPECT_TRUE(load.errors.empty()) << (load.errors.empty() ? "" : ToString(load.errors[0]));
  return load.scenario.value_or(Scenario{});
}

struct Fixture {
  explicit Fixture(const Scenario& s) : scenario(s), loop(sockets) {}
  ClientsOutcome Run(std::chrono::milliseconds deadline = std::chrono::seconds(5)) {
    const RunContext context{scenario, launcher, loop, values, PeerClock::now() + deadline, true};
    ClientRunner clients(context);
    std::string err;
    EXPECT_TRUE(clients.Prepare(&err)) << err;
    ClientsOutcome outcome;
    EXPECT_TRUE(clients.Run(&outcome, &err)) << err;
    return outcome;
  }
  Scenario scenario;
  FakeProcessLauncher launcher;
  HostSocketFactory sockets;
  PeerLoop loop;
  PlaceholderValues values{{"port", "6789"}, {"host", "127.0.0.1"}};
};

TEST(ClientRunnerTest, OneByOneStartsEachClientAfterThePreviousEnded) {
  Fixture f(Load("  - name: c\n    run: client {index}\n    count: 3\n    start: one-by-one\n"));
  f.launcher.set_polls_while_running(2);
  const ClientsOutcome outcome = f.Run();
  EXPECT_THAT(f.launcher.events(), ElementsAre("start client 1", "end client 1", "start client 2", "end client 2",
                                               "start client 3", "end client 3"));
  ASSERT_EQ(outcome.programs.size(), 1u);
  EXPECT_EQ(outcome.programs[0].size(), 3u);
  EXPECT_EQ(outcome.programs[0][2].name, "c 3");
  EXPECT_FALSE(outcome.deadline_passed);
}

TEST(ClientRunnerTest, TogetherStartsEveryClientBeforeAnyEnds) {
  Fixture f(Load("  - name: c\n    run: client {index}\n    count: 3\n    start: together\n"));
  f.launcher.set_polls_while_running(2);
  f.Run();
  ASSERT_EQ(f.launcher.events().size(), 6u);
  EXPECT_THAT(std::vector<std::string>(f.launcher.events().begin(), f.launcher.events().begin() + 3),
              ElementsAre("start client 1", "start client 2", "start client 3"));
}

TEST(ClientRunnerTest, PreviousFinishedWaitsForTheWholeGroupPreviousStartedDoesNot) {
  Fixture finished(Load("  - name: a\n    run: a {index}\n    count: 2\n    start: together\n"
                        "  - name: b\n    run: b\n    after: previous-finished\n"));
  finished.launcher.set_polls_while_running(2);
  finished.Run();
  EXPECT_THAT(finished.launcher.events(),
              ElementsAre("start a 1", "start a 2", "end a 1", "end a 2", "start b", "end b"));

  Fixture started(Load("  - name: a\n    run: a {index}\n    count: 2\n    start: together\n"
                       "  - name: b\n    run: b\n    after: previous-started\n"));
  started.launcher.set_polls_while_running(2);
  started.Run();
  EXPECT_THAT(started.launcher.events(),
              ElementsAre("start a 1", "start a 2", "start b", "end a 1", "end a 2", "end b"));
}

TEST(ClientRunnerTest, ClientStillRunningAtTheDeadlineIsStoppedAndReported) {
  Fixture f(Load("  - name: c\n    run: forever\n"));
  f.launcher.set_running_until_stopped(true);
  const ClientsOutcome outcome = f.Run(std::chrono::milliseconds(30));
  EXPECT_TRUE(outcome.deadline_passed);
  EXPECT_THAT(f.launcher.stopped(), ElementsAre(1u));
  ASSERT_EQ(outcome.programs[0].size(), 1u);
  EXPECT_EQ(Describe(outcome.programs[0][0].result.outcome), "stopped by wirecheck with SIGTERM (terminated)");
}

TEST(ClientRunnerTest, CommandTimeoutAndPlaceholdersReachTheSpec) {
  Fixture f(Load("  - name: c\n    run: client {host} {port} {name} {index}\n    timeout: 2s\n    count: 2\n"));
  f.Run();
  ASSERT_EQ(f.launcher.started().size(), 2u);
  EXPECT_THAT(f.launcher.started()[1].argv, ElementsAre("client", "127.0.0.1", "6789", "c", "2"));
  EXPECT_EQ(f.launcher.started()[1].timeout, std::chrono::seconds(2));
}

}  // namespace
}  // namespace wirecheck
