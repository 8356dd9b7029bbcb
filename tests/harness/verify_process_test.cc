// Specifications of verify for the programs' expectations: each way a
// process can end, against exit, no_crash, stdout, stderr and within; a
// flood of output past limits.output (no_flood); and a server with
// `stop: terminate` that must run until wirecheck stops it.

#include <signal.h>

#include <gtest/gtest.h>

#include "harness/verify/hints.h"
#include "harness/verify/verify.h"
#include "tests/harness/verify_traces.h"

namespace wirecheck::verify_test {
namespace {

using namespace std::chrono_literals;
using reports::CheckStatus;

constexpr std::string_view kScenario = R"(
scenario: processes
server:
  run: ./server {port}
  stop: wait
  expect: { exit: 0, within: 2s }
clients:
  - name: c
    run: ./client {port}
    count: 2
    expect:
      exit: 0
      stdout: "FROM SERVER: HELLO\n"
      stderr: ""
grading: { processes: 60 }
)";

ProcessRun Ran(std::string name, ProcessOutcome outcome, std::string out = "", std::string err = "",
               std::chrono::nanoseconds elapsed = 100ms) {
  ProcessRun run;
  run.name = std::move(name);
  run.result.outcome = std::move(outcome);
  run.result.stdout_capture = OutputCapture::FromParts(out, out.size(), 1u << 20);
  run.result.stderr_capture = OutputCapture::FromParts(err, err.size(), 1u << 20);
  run.result.elapsed = elapsed;
  return run;
}

ProcessRun Stopped(ProcessRun run) {
  run.result.stopped_while_running = true;
  return run;
}

RunFacts Facts(ProcessRun server, std::vector<ProcessRun> clients) {
  RunFacts facts = LiveRun();
  facts.server = std::move(server);
  facts.clients = {std::move(clients)};
  return facts;
}

std::vector<reports::Check> VerifyRun(const RunFacts& facts) {
  return Verify(LoadScenario(kScenario), capture::Trace{}, kServerPort, &facts);
}

TEST(VerifyProcessTest, ProgramsThatDidWhatWasExpectedPass) {
  const RunFacts facts = Facts(Ran("server", Exited{0}),
                               {Ran("c 1", Exited{0}, "FROM SERVER: HELLO\n"), Ran("c 2", Exited{0}, "FROM SERVER: HELLO\n")});
  const std::vector<reports::Check> checks = VerifyRun(facts);
  std::vector<std::string> ids;
  for (const reports::Check& c : checks) {
    ids.push_back(c.id);
    EXPECT_EQ(c.status, CheckStatus::kPass) << Describe(checks);
    EXPECT_EQ(c.points_possible, 60.0 / 9);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"server.exit", "server.no_crash", "server.no_flood", "server.within",
                                           "c.exit", "c.no_crash", "c.no_flood", "c.stdout", "c.stderr"}));
  EXPECT_EQ(Find(checks, "c.exit").message, "all 2; the first: c 1 exited with code 0");
}

TEST(VerifyProcessTest, WrongExitCodeFails) {
  const RunFacts facts = Facts(Ran("server", Exited{3}), {});
  const reports::Check c = Find(VerifyRun(facts), "server.exit");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message, "server exited with code 3, expected 0");
  EXPECT_EQ(c.hint, hints::kExitCode);
  EXPECT_EQ(c.points_earned, 0);
}

TEST(VerifyProcessTest, CrashFailsNoCrashWithTheSignalsHint) {
  const RunFacts facts = Facts(Ran("server", Signaled{SIGSEGV, true, false}), {});
  const std::vector<reports::Check> checks = VerifyRun(facts);
  const reports::Check c = Find(checks, "server.no_crash");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message, "server crashed: " + Describe(ProcessOutcome{Signaled{SIGSEGV, true, false}}));
  EXPECT_EQ(c.hint, hints::kSegfault);
  EXPECT_EQ(Find(checks, "server.exit").status, CheckStatus::kFail);
}

TEST(VerifyProcessTest, StopByWirecheckIsNoCrash) {
  const RunFacts facts = Facts(Ran("server", Signaled{SIGTERM, false, true}), {});
  const std::vector<reports::Check> checks = VerifyRun(facts);
  EXPECT_EQ(Find(checks, "server.no_crash").status, CheckStatus::kPass);
  EXPECT_EQ(Find(checks, "server.exit").status, CheckStatus::kFail);
  EXPECT_EQ(Find(checks, "server.within").status, CheckStatus::kFail);
}

TEST(VerifyProcessTest, TimeoutFailsNoCrashExitAndWithin) {
  const RunFacts facts = Facts(Ran("server", TimedOut{5s}, "", "", 5s), {});
  const std::vector<reports::Check> checks = VerifyRun(facts);
  for (std::string_view id : {"server.no_crash", "server.exit", "server.within"}) {
    const reports::Check c = Find(checks, id);
    EXPECT_EQ(c.status, CheckStatus::kFail) << id;
    EXPECT_EQ(c.hint, hints::kTimedOut) << id;
  }
}

TEST(VerifyProcessTest, FailureToStartFailsEveryCheckOfTheProgram) {
  const RunFacts facts = Facts(Ran("server", Exited{0}),
                               {Ran("c 1", FailedToStart{"./client", 2, "No such file or directory"}),
                                Ran("c 2", Exited{0}, "FROM SERVER: HELLO\n")});
  const std::vector<reports::Check> checks = VerifyRun(facts);
  for (std::string_view id : {"c.exit", "c.no_crash", "c.no_flood", "c.stdout", "c.stderr"}) {
    const reports::Check c = Find(checks, id);
    EXPECT_EQ(c.status, CheckStatus::kFail) << id;
    EXPECT_EQ(c.hint, hints::kFailedToStart) << id;
  }
  EXPECT_EQ(Find(checks, "c.exit").message,
            "c 1 failed to start: ./client: No such file or directory");
}

TEST(VerifyProcessTest, OutputDifferenceIsShownWithItsOffset) {
  const RunFacts facts = Facts(Ran("server", Exited{0}),
                               {Ran("c 1", Exited{0}, "FROM SERVER: HELLO\n"), Ran("c 2", Exited{0}, "FROM SERVER: hello\n")});
  const reports::Check c = Find(VerifyRun(facts), "c.stdout");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message, "c 2's stdout: differs at byte 13: expected \"H\", got \"h\"");
  ASSERT_TRUE(c.evidence.difference);
  EXPECT_EQ(c.evidence.difference->where, "c 2's stdout");
  EXPECT_EQ(c.evidence.difference->offset, 13u);
  EXPECT_EQ(c.hint, hints::kCaseDiffers);
}

TEST(VerifyProcessTest, StderrMustBeEmptyWhenExpectedSo) {
  const RunFacts facts = Facts(Ran("server", Exited{0}),
                               {Ran("c 1", Exited{0}, "FROM SERVER: HELLO\n", "warning\n"),
                                Ran("c 2", Exited{0}, "FROM SERVER: HELLO\n")});
  EXPECT_EQ(Find(VerifyRun(facts), "c.stderr").status, CheckStatus::kFail);
}

TEST(VerifyProcessTest, OutputCutAtTheCapIsInconclusiveUnlessItAlreadyDiffers) {
  RunFacts facts = Facts(Ran("server", Exited{0}),
                         {Ran("c 1", Exited{0}, "FROM SERVER: HELLO\n"), Ran("c 2", Exited{0}, "FROM SERVER: HELLO\n")});
  facts.clients[0][1].result.stdout_capture = OutputCapture::FromParts("FROM SERV", 19, 9);
  EXPECT_EQ(Find(VerifyRun(facts), "c.stdout").status, CheckStatus::kInconclusive);
  facts.clients[0][1].result.stdout_capture = OutputCapture::FromParts("FROM SERX", 19, 9);
  EXPECT_EQ(Find(VerifyRun(facts), "c.stdout").status, CheckStatus::kFail);
}

// Every byte is counted, kept or not: 200 MB on stdout, 1 MiB of it kept.
TEST(VerifyProcessTest, OutputPastTheLimitFailsNoFloodSayingHowMuchAndTheLimit) {
  RunFacts facts = Facts(Ran("server", Exited{0}),
                         {Ran("c 1", Exited{0}, "FROM SERVER: HELLO\n"), Ran("c 2", Exited{0}, "FROM SERVER: HELLO\n")});
  facts.server->result.stdout_capture = OutputCapture::FromParts(std::string(1u << 20, 'x'), 209715200, 1u << 20);
  const std::vector<reports::Check> checks = VerifyRun(facts);
  const reports::Check c = Find(checks, "server.no_flood");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message, "server wrote 209,715,200 bytes to stdout, more than its limit of 1MiB (limits.output)");
  EXPECT_EQ(c.hint, hints::kOutputFlood);
  EXPECT_EQ(c.title, "server writes at most 1MiB to stdout and to stderr");
  EXPECT_EQ(c.evidence.expected, "at most 1MiB on stdout and on stderr (limits.output) (test.yaml:6:11)");
  EXPECT_EQ(c.evidence.observed, "209,715,200 bytes on stdout, 0 on stderr");
  EXPECT_EQ(c.grading, "processes");
  EXPECT_EQ(c.points_earned, 0);
  EXPECT_EQ(Find(checks, "server.no_crash").status, CheckStatus::kPass);
  EXPECT_EQ(Find(checks, "c.no_flood").status, CheckStatus::kPass);
}

TEST(VerifyProcessTest, OutputOfExactlyTheLimitPassesNoFlood) {
  RunFacts facts = Facts(Ran("server", Exited{0}), {});
  facts.server->result.stdout_capture = OutputCapture::FromParts(std::string(1u << 20, 'x'), 1u << 20, 1u << 20);
  const reports::Check c = Find(VerifyRun(facts), "server.no_flood");
  EXPECT_EQ(c.status, CheckStatus::kPass);
  EXPECT_EQ(c.message, "server wrote 1,048,576 bytes on stdout, 0 on stderr, within its limit of 1MiB each");
}

// The limit is the program's own limits.output, cited where it is set.
TEST(VerifyProcessTest, BothStreamsPastTheirLimitAreNamedTogether) {
  const Scenario s = LoadScenario(R"(
scenario: chatty client
server:
  run: ./server {port}
clients:
  - name: c
    run: ./client
    limits: { output: 1000 }
)");
  RunFacts facts = Facts(Ran("server", Signaled{SIGTERM, false, true}), {Ran("c", Exited{0})});
  facts.clients[0][0].result.stdout_capture = OutputCapture::FromParts(std::string(1000, 'x'), 5000, 1000);
  facts.clients[0][0].result.stderr_capture = OutputCapture::FromParts(std::string(1000, 'y'), 2000, 1000);
  const reports::Check c = Find(Verify(s, capture::Trace{}, kServerPort, &facts), "c.no_flood");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message,
            "c wrote 5,000 bytes to stdout and 2,000 bytes to stderr, more than its limit of 1,000 bytes each "
            "(limits.output)");
  EXPECT_EQ(c.evidence.expected, "at most 1,000 bytes on stdout and on stderr (limits.output) (test.yaml:8:13)");
}

TEST(VerifyProcessTest, StderrPastTheLimitFailsNoFloodToo) {
  RunFacts facts = Facts(Ran("server", Exited{0}), {});
  facts.server->result.stderr_capture = OutputCapture::FromParts(std::string(1u << 20, 'e'), (1u << 20) + 1, 1u << 20);
  const reports::Check c = Find(VerifyRun(facts), "server.no_flood");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message, "server wrote 1,048,577 bytes to stderr, more than its limit of 1MiB (limits.output)");
}

// A program meant to write much turns the check off.
TEST(VerifyProcessTest, NoFloodFalseMakesNoCheck) {
  const Scenario s = LoadScenario(R"(
scenario: a download to stdout
server:
  run: ./server {port}
  expect: { no_flood: false }
grading: { processes: 10 }
)");
  RunFacts facts = Facts(Stopped(Ran("server", Signaled{SIGTERM, false, true})), {});
  facts.server->result.stdout_capture = OutputCapture::FromParts(std::string(1u << 20, 'x'), 1u << 30, 1u << 20);
  const std::vector<reports::Check> checks = Verify(s, capture::Trace{}, kServerPort, &facts);
  for (const reports::Check& c : checks) {
    EXPECT_NE(c.id, "server.no_flood");
    EXPECT_EQ(c.status, CheckStatus::kPass) << c.id;
    EXPECT_EQ(c.points_possible, 5) << c.id;  // no_crash, runs_until_stopped
  }
}

// A client that died of "bind: Address already in use" never got to the
// exchange: its failed checks say so, not what its stdout lacks.
TEST(VerifyProcessTest, ClientWhoseBindFoundThePortInUseGetsThePortHint) {
  const RunFacts facts =
      Facts(Ran("server", Exited{0}), {Ran("c 1", Exited{0}, "FROM SERVER: HELLO\n"),
                                       Ran("c 2", Exited{1}, "", "bind: Address already in use\n")});
  const std::vector<reports::Check> checks = VerifyRun(facts);
  for (const char* id : {"c.stdout", "c.exit", "c.stderr"}) {
    const reports::Check c = Find(checks, id);
    EXPECT_EQ(c.status, CheckStatus::kFail) << id;
    EXPECT_EQ(c.hint, hints::kClientPortInUse) << id;
    EXPECT_EQ(c.evidence.process, "c 2") << id;
  }
}

// Every failed process check names the program it judged, so the report can
// show that program's output with it.
TEST(VerifyProcessTest, FailedChecksNameTheProgramTheyJudged) {
  const RunFacts facts = Facts(Ran("server", Exited{3}),
                               {Ran("c 1", Exited{0}, "FROM SERVER: HELLO\n"), Ran("c 2", Exited{0}, "nope\n")});
  const std::vector<reports::Check> checks = VerifyRun(facts);
  EXPECT_EQ(Find(checks, "server.exit").evidence.process, "server");
  EXPECT_EQ(Find(checks, "c.stdout").evidence.process, "c 2");
  EXPECT_EQ(Find(checks, "c.stdout").hint, hints::kBytesDiffer);
  EXPECT_EQ(Find(checks, "c.exit").evidence.process, "");   // passed
}

TEST(VerifyProcessTest, SlowProgramFailsWithin) {
  const RunFacts facts = Facts(Ran("server", Exited{0}, "", "", 3s), {});
  const reports::Check c = Find(VerifyRun(facts), "server.within");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.hint, hints::kTooSlow);
}

TEST(VerifyProcessTest, ProgramsTheRunNeverStartedAreInconclusive) {
  const RunFacts facts = Facts(Ran("server", Exited{0}), {Ran("c 1", Exited{0}, "FROM SERVER: HELLO\n")});
  const reports::Check c = Find(VerifyRun(facts), "c.exit");
  EXPECT_EQ(c.status, CheckStatus::kInconclusive);
  EXPECT_EQ(c.message, "c 2 was not run: the run stopped before it");
}

TEST(VerifyProcessTest, ForeignCaptureHasNoProcessChecksToMake) {
  const std::vector<reports::Check> checks = Verify(LoadScenario(kScenario), capture::Trace{}, kServerPort, nullptr);
  ASSERT_FALSE(checks.empty());
  for (const reports::Check& c : checks) {
    EXPECT_EQ(c.status, CheckStatus::kNotApplicable) << c.id;
    EXPECT_EQ(c.points_possible, 0) << c.id;
  }
}

constexpr std::string_view kTerminatedServer = R"(
scenario: a server that runs until stopped
server:
  run: ./server {port}
grading: { processes: 10 }
)";

std::vector<reports::Check> VerifyTerminated(const RunFacts& facts) {
  return Verify(LoadScenario(kTerminatedServer), capture::Trace{}, kServerPort, &facts);
}

TEST(VerifyProcessTest, ServerStillRunningWhenStoppedRunsUntilStopped) {
  const RunFacts facts = Facts(Stopped(Ran("server", Signaled{SIGTERM, false, true})), {});
  const reports::Check c = Find(VerifyTerminated(facts), "server.runs_until_stopped");
  EXPECT_EQ(c.status, CheckStatus::kPass);
  EXPECT_EQ(c.message, "server was still running when wirecheck stopped it");
  EXPECT_EQ(c.points_possible, 10.0 / 3);  // with no_crash and no_flood
}

// A server that catches SIGTERM and exits 0 was stopped all the same.
TEST(VerifyProcessTest, ServerExitingZeroOnTheStopRequestRunsUntilStopped) {
  const RunFacts facts = Facts(Stopped(Ran("server", Exited{0})), {});
  EXPECT_EQ(Find(VerifyTerminated(facts), "server.runs_until_stopped").status, CheckStatus::kPass);
}

// The daemonising server: the process started exits 0 at once; the one it
// left behind listened. It fails whatever else passed, in words that say so.
TEST(VerifyProcessTest, ServerThatLeftTheStartedProcessFailsSayingWhatItLeftBehind) {
  RunFacts facts = Facts(Ran("server", Exited{0}, "", "", 3141592ns), {});
  facts.server_left_listener = true;
  const std::vector<reports::Check> checks = VerifyTerminated(facts);
  const reports::Check c = Find(checks, "server.runs_until_stopped");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message,
            "the server you started exited with code 0 after 3ms, before wirecheck stopped it; a process it left "
            "behind was listening on TCP port " + std::to_string(kServerPort));
  EXPECT_EQ(c.hint, hints::kLeftTheStartedProcess);
  EXPECT_EQ(c.points_earned, 0);
  EXPECT_EQ(Find(checks, "server.no_crash").status, CheckStatus::kPass);
}

TEST(VerifyProcessTest, ServerThatExitedAfterItsClientsFailsRunsUntilStopped) {
  const RunFacts facts = Facts(Ran("server", Exited{1}, "", "", 250ms), {});
  const reports::Check c = Find(VerifyTerminated(facts), "server.runs_until_stopped");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message, "the server you started exited with code 1 after 250ms, before wirecheck stopped it");
  EXPECT_EQ(c.evidence.process, "server");
  // An error exit is an error, not a daemon: no daemonising hint.
  EXPECT_EQ(c.hint, hints::kServerExitedWithError);
  const RunFacts zero = Facts(Ran("server", Exited{0}, "", "", 250ms), {});
  EXPECT_EQ(Find(VerifyTerminated(zero), "server.runs_until_stopped").hint, hints::kLeftTheStartedProcess);
}

// Partial credit per client: 4 of 5 clients right earn 4/5 of the check's share.
TEST(VerifyProcessTest, FourOfFiveClientsRightEarnFourFifthsOfTheirPoints) {
  const Scenario s = LoadScenario(R"(
scenario: five clients
server:
  run: ./server {port}
  stop: wait
clients:
  - name: c
    run: ./client
    count: 5
    expect: { exit: 0 }
grading: { c.exit: 10 }
)");
  RunFacts facts = Facts(Ran("server", Exited{0}),
                         {Ran("c 1", Exited{0}), Ran("c 2", Exited{0}), Ran("c 3", Exited{1}), Ran("c 4", Exited{0}),
                          Ran("c 5", Exited{0})});
  const reports::Check c = Find(Verify(s, capture::Trace{}, kServerPort, &facts), "c.exit");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.points_possible, 10);
  EXPECT_DOUBLE_EQ(c.points_earned, 8);
}

// A crash is the no_crash check's to explain: this one says the server did
// not last, in a whole sentence, without blaming a daemon.
TEST(VerifyProcessTest, ServerThatCrashedFailsRunsUntilStoppedWithoutTheDaemonHint) {
  const RunFacts facts = Facts(Ran("server", Signaled{SIGSEGV}, "", "", 5ms), {});
  const std::vector<reports::Check> checks = VerifyTerminated(facts);
  const reports::Check c = Find(checks, "server.runs_until_stopped");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message,
            "the server you started was killed by SIGSEGV (segmentation fault) after 5ms, before wirecheck stopped it");
  EXPECT_EQ(c.hint, "");
  EXPECT_NE(Find(checks, "server.no_crash").hint, "");
}

// `stop: wait` says the server ends by itself (a one-shot server): no check.
TEST(VerifyProcessTest, ServerThatMayExitByItselfHasNoRunsUntilStopped) {
  const RunFacts facts = Facts(Ran("server", Exited{0}), {});
  for (const reports::Check& c : VerifyRun(facts)) EXPECT_NE(c.id, "server.runs_until_stopped");
}

TEST(VerifyProcessTest, RunsUntilStoppedIsInconclusiveWithoutTheServerAndNotApplicableElsewhere) {
  RunFacts facts = LiveRun();
  facts.server.reset();
  EXPECT_EQ(Find(VerifyTerminated(facts), "server.runs_until_stopped").status, CheckStatus::kInconclusive);
  const auto foreign = Verify(LoadScenario(kTerminatedServer), capture::Trace{}, kServerPort, nullptr);
  EXPECT_EQ(Find(foreign, "server.runs_until_stopped").status, CheckStatus::kNotApplicable);
}

}  // namespace
}  // namespace wirecheck::verify_test
