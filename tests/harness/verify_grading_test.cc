// Specifications of how verify gives points: a `grading:` entry's points
// are shared by the checks that count under it, and a check counts under
// the most specific entry that names it: its group's own (`c.stdout`,
// `c.wire`, `c.script`) before its kind's (`processes`, `data`, `scripts`).

#include <gtest/gtest.h>

#include "harness/verify/verify.h"
#include "tests/harness/verify_traces.h"

namespace wirecheck::verify_test {
namespace {

using reports::CheckStatus;

ProcessRun Ran(std::string name, ProcessOutcome outcome, std::string out = "") {
  ProcessRun run;
  run.name = std::move(name);
  run.result.outcome = std::move(outcome);
  run.result.stdout_capture = OutputCapture::FromParts(out, out.size(), 1u << 20);
  run.result.stopped_while_running = true;
  return run;
}

constexpr std::string_view kPrograms = R"(
scenario: a student's client against the reference server
server:
  run: ./server {port}
clients:
  - name: student-client
    run: ./client {port}
    count: 2
    expect: { exit: 0, stdout: "FROM SERVER: HELLO\n" }
grading:
  processes: 30
  student-client.stdout: 10
)";

RunFacts ProgramRun(std::string second_stdout) {
  RunFacts run = LiveRun();
  run.server = Ran("server", Signaled{15, false, true});
  run.clients = {{Ran("student-client 1", Exited{0}, "FROM SERVER: HELLO\n"),
                  Ran("student-client 2", Exited{0}, std::move(second_stdout))}};
  return run;
}

TEST(VerifyGradingTest, GroupEntryTakesItsCheckOutOfTheKindWideEntry) {
  const RunFacts run = ProgramRun("FROM SERVER: HELLO\n");
  const std::vector<reports::Check> checks = Verify(LoadScenario(kPrograms), capture::Trace{}, kServerPort, &run);
  const reports::Check stdout_check = Find(checks, "student-client.stdout");
  EXPECT_EQ(stdout_check.grading, "student-client.stdout");
  EXPECT_EQ(stdout_check.points_possible, 10);
  EXPECT_EQ(stdout_check.points_earned, 10);
  // processes: 30 is shared by the other six: the server's no_crash,
  // no_flood and runs_until_stopped, the clients' exit, no_crash, no_flood.
  double processes = 0;
  for (const reports::Check& c : checks) {
    if (c.grading != "processes") continue;
    EXPECT_EQ(c.points_possible, 5) << c.id;
    processes += c.points_possible;
  }
  EXPECT_EQ(processes, 30);
}

// One of the group's two clients wrong: the check fails and earns the right
// client's half of its entry (partial credit), and costs no other entry.
TEST(VerifyGradingTest, FailedCheckEarnsItsRightClientsShareOfItsGroupEntryAndCostsNothingElse) {
  const RunFacts run = ProgramRun("from server: hello\n");
  const std::vector<reports::Check> checks = Verify(LoadScenario(kPrograms), capture::Trace{}, kServerPort, &run);
  const reports::Check stdout_check = Find(checks, "student-client.stdout");
  EXPECT_EQ(stdout_check.status, CheckStatus::kFail);
  EXPECT_EQ(stdout_check.points_earned, 5);
  EXPECT_EQ(Find(checks, "student-client.exit").points_earned, 5);
}

// Without the group's entry the same check is one of the kind's.
TEST(VerifyGradingTest, WithoutItsGroupEntryACheckCountsUnderItsKind) {
  const RunFacts run = ProgramRun("FROM SERVER: HELLO\n");
  const Scenario s = LoadScenario(R"(
scenario: processes only
server:
  run: ./server {port}
clients:
  - name: student-client
    run: ./client {port}
    expect: { stdout: "FROM SERVER: HELLO\n" }
grading: { processes: 30 }
)");
  const reports::Check c = Find(Verify(s, capture::Trace{}, kServerPort, &run), "student-client.stdout");
  EXPECT_EQ(c.grading, "processes");
  EXPECT_EQ(c.points_possible, 5);  // 30 shared by 6
}

TEST(VerifyGradingTest, WireEntryCoversEveryWireCheckOfTheGroup) {
  const Scenario s = LoadScenario(R"(
scenario: groups
server: { run: ./server, port: 6789 }
clients:
  - name: good
    script: [connect, { send: "hello sockets\n" }, close]
    wire: { handshake: complete, server_sends: "HELLO SOCKETS\n" }
  - name: other
    script: [connect, close]
    wire: { handshake: complete, server_sends: "HELLO SOCKETS\n" }
grading:
  handshake: 10
  data: 10
  good.wire: 40
)");
  const capture::Trace t = Analyze({Exchange{.client_port = 40001}, Exchange{.client_port = 40002, .t0 = 1,
                                                                             .reply = {"nope\n"}}});
  RunFacts run = LiveRun();
  run.client_ports = {std::vector<std::uint16_t>{40001}, std::vector<std::uint16_t>{40002}};
  const std::vector<reports::Check> checks = Verify(s, t, kServerPort, &run);
  for (std::string_view id : {"good.wire.handshake", "good.wire.server_sends"}) {
    const reports::Check c = Find(checks, id);
    EXPECT_EQ(c.grading, "good.wire") << id;
    EXPECT_EQ(c.points_possible, 20) << id;
    EXPECT_EQ(c.points_earned, 20) << id;
  }
  const reports::Check other = Find(checks, "other.wire.server_sends");
  EXPECT_EQ(other.grading, "data");
  EXPECT_EQ(other.points_possible, 10);
  EXPECT_EQ(other.points_earned, 0);
  EXPECT_EQ(Find(checks, "other.wire.handshake").points_earned, 10);
}

TEST(VerifyGradingTest, ScriptEntryCoversTheGroupsScriptedClients) {
  const Scenario s = LoadScenario(R"(
scenario: scripted groups
server: { run: ./server, port: 6789 }
clients:
  - name: together
    script: [connect, { expect: "HI\n" }]
    count: 2
    start: together
  - name: alone
    script: [connect, { expect: "HI\n" }]
grading: { scripts: 10, together.script: 20 }
)");
  RunFacts run = LiveRun();
  reports::Check passed;
  passed.status = CheckStatus::kPass;
  reports::Check failed;
  failed.status = CheckStatus::kFail;
  passed.id = "scripts.together 1";
  failed.id = "scripts.together 2";
  reports::Check alone = passed;
  alone.id = "scripts.alone";
  run.script_checks = {{"together", passed}, {"together", failed}, {"alone", alone}};
  const std::vector<reports::Check> checks = Verify(s, capture::Trace{}, kServerPort, &run);
  EXPECT_EQ(Find(checks, "scripts.together 1").grading, "together.script");
  EXPECT_EQ(Find(checks, "scripts.together 1").points_earned, 10);
  EXPECT_EQ(Find(checks, "scripts.together 2").points_possible, 10);
  EXPECT_EQ(Find(checks, "scripts.together 2").points_earned, 0);
  EXPECT_EQ(Find(checks, "scripts.alone").grading, "scripts");
  EXPECT_EQ(Find(checks, "scripts.alone").points_earned, 10);
}

// The server is a group too, by its name.
TEST(VerifyGradingTest, ServerChecksHaveEntriesOfTheServersName) {
  const Scenario s = LoadScenario(R"(
scenario: the server's crash costs more
server:
  name: student-server
  run: ./server {port}
grading: { processes: 10, student-server.no_crash: 30 }
)");
  RunFacts run = LiveRun();
  run.server = Ran("student-server", Signaled{11});
  run.server->result.stopped_while_running = false;
  const std::vector<reports::Check> checks = Verify(s, capture::Trace{}, kServerPort, &run);
  const reports::Check crash = Find(checks, "student-server.no_crash");
  EXPECT_EQ(crash.grading, "student-server.no_crash");
  EXPECT_EQ(crash.points_possible, 30);
  EXPECT_EQ(crash.points_earned, 0);
  EXPECT_EQ(Find(checks, "student-server.no_flood").points_possible, 5);
  EXPECT_EQ(Find(checks, "student-server.runs_until_stopped").points_possible, 5);
}

}  // namespace
}  // namespace wirecheck::verify_test
