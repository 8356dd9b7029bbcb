#include "harness/model/process_outcome.h"

#include <signal.h>

#include <gtest/gtest.h>

#include "harness/model/output_capture.h"
#include "harness/process/process_launcher.h"
#include "harness/sandbox/sandbox_protocol.h"

namespace wirecheck {
namespace {

using namespace std::chrono_literals;

TEST(ProcessOutcomeTest, DescribesEachKind) {
  EXPECT_EQ(Describe(Exited{3}), "exited with code 3");
  EXPECT_EQ(Describe(Signaled{SIGSEGV, false, false}), "killed by SIGSEGV (segmentation fault)");
  EXPECT_EQ(Describe(Signaled{SIGABRT, true, false}), "killed by SIGABRT (aborted), core dumped");
  EXPECT_EQ(Describe(Signaled{SIGTERM, false, true}), "stopped by wirecheck with SIGTERM (terminated)");
  EXPECT_EQ(Describe(TimedOut{2s}), "timed out after 2s");
  EXPECT_EQ(Describe(TimedOut{1500ms}), "timed out after 1500ms");
  EXPECT_EQ(Describe(FailedToStart{"./server", 2, "No such file or directory"}),
            "failed to start: ./server: No such file or directory");
}

TEST(ProcessOutcomeTest, NamesSignals) {
  EXPECT_EQ(SignalName(SIGKILL), "SIGKILL");
  EXPECT_EQ(SignalDescription(SIGPIPE), "SIGPIPE (broken pipe: wrote to a closed socket or pipe)");
  EXPECT_EQ(SignalDescription(SIGUSR1), "SIGUSR1");
  EXPECT_EQ(SignalName(99), "signal 99");
}

TEST(ProcessOutcomeTest, FromWaitStatus) {
  EXPECT_EQ(Describe(OutcomeFromWaitStatus(7 << 8, false)), "exited with code 7");
  EXPECT_EQ(Describe(OutcomeFromWaitStatus(SIGSEGV, false)), "killed by SIGSEGV (segmentation fault)");
  EXPECT_EQ(Describe(OutcomeFromWaitStatus(SIGSEGV | 0x80, false)),
            "killed by SIGSEGV (segmentation fault), core dumped");
}

// A server that crashed just as the run ended, before wirecheck's SIGTERM
// reached it, crashed: only the stop's own signals are wirecheck's. (Under
// load a server that killed itself with SIGSEGV was reported "stopped by
// wirecheck with SIGSEGV", and its no_crash check passed.)
TEST(ProcessOutcomeTest, OnlyTheStopsOwnSignalsAreWirechecks) {
  EXPECT_EQ(Describe(OutcomeFromWaitStatus(SIGTERM, true)), "stopped by wirecheck with SIGTERM (terminated)");
  EXPECT_EQ(Describe(OutcomeFromWaitStatus(SIGKILL, true)), "stopped by wirecheck with SIGKILL (killed)");
  EXPECT_EQ(Describe(OutcomeFromWaitStatus(SIGSEGV, true)), "killed by SIGSEGV (segmentation fault)");
  EXPECT_EQ(Describe(OutcomeFromWaitStatus(SIGTERM, false)), "killed by SIGTERM (terminated)");
}

TEST(OutputCaptureTest, KeepsUpToTheCapAndCountsTheRest) {
  OutputCapture capture(5);
  capture.Append(std::span<const char>("abc", 3));
  capture.Append(std::span<const char>("defgh", 5));
  EXPECT_EQ(capture.kept(), "abcde");
  EXPECT_EQ(capture.total_bytes(), 8u);
  EXPECT_EQ(capture.dropped_bytes(), 3u);
  EXPECT_TRUE(capture.truncated());
}

TEST(OutputCaptureTest, ZeroCapKeepsNothing) {
  OutputCapture capture(0);
  capture.Append(std::span<const char>("abc", 3));
  EXPECT_EQ(capture.kept(), "");
  EXPECT_EQ(capture.total_bytes(), 3u);
}

TEST(SandboxProtocolTest, FinishedEventSurvivesTheTrip) {
  ProcessResult result{Signaled{SIGSEGV, true, false}, OutputCapture(4), OutputCapture(4), 5ms, true};
  result.stdout_capture.Append(std::span<const char>("hello", 5));
  std::string body = sandbox_protocol::Encode(sandbox_protocol::Event(sandbox_protocol::FinishedEvent{9, result}));
  sandbox_protocol::Event event;
  ASSERT_TRUE(sandbox_protocol::Decode(body, &event));
  auto& finished = std::get<sandbox_protocol::FinishedEvent>(event);
  EXPECT_EQ(finished.id, 9u);
  EXPECT_EQ(Describe(finished.result.outcome), "killed by SIGSEGV (segmentation fault), core dumped");
  EXPECT_EQ(finished.result.stdout_capture.kept(), "hell");
  EXPECT_EQ(finished.result.stdout_capture.total_bytes(), 5u);
  EXPECT_EQ(finished.result.elapsed, 5ms);
  EXPECT_TRUE(finished.result.stopped_while_running);
  EXPECT_FALSE(sandbox_protocol::Decode(body.substr(0, body.size() - 1), &event));
}

TEST(SandboxProtocolTest, StartRequestSurvivesTheTrip) {
  ProcessSpec spec;
  spec.argv = {"java", "-cp", "build", "TCPServer", "6789"};
  spec.cwd = "/sub";
  spec.env = {"PATH=/usr/bin"};
  spec.stdin_bytes = std::string("a\0b", 3);
  spec.limits.file_size = 77;
  spec.timeout = 3s;
  std::string body = sandbox_protocol::Encode(sandbox_protocol::Request(sandbox_protocol::StartRequest{4, spec}));
  sandbox_protocol::Request request;
  ASSERT_TRUE(sandbox_protocol::Decode(body, &request));
  const ProcessSpec& back = std::get<sandbox_protocol::StartRequest>(request).spec;
  EXPECT_EQ(back.argv, spec.argv);
  EXPECT_EQ(back.cwd, "/sub");
  EXPECT_EQ(back.stdin_bytes, spec.stdin_bytes);
  EXPECT_EQ(back.limits.file_size, 77u);
  EXPECT_EQ(back.timeout, spec.timeout);
}

TEST(FakeProcessLauncherTest, GivesScriptedResultsInOrder) {
  FakeProcessLauncher fake;
  fake.AddResult({Exited{3}, OutputCapture(), OutputCapture(), {}});
  ProcessId a = 0, b = 0;
  std::string err;
  ProcessSpec spec;
  spec.argv = {"./server"};
  ASSERT_TRUE(fake.Start(spec, &a, &err));
  ASSERT_TRUE(fake.Start(spec, &b, &err));
  ProcessResult r;
  ASSERT_TRUE(fake.Wait(a, &r, &err));
  EXPECT_EQ(Describe(r.outcome), "exited with code 3");
  ASSERT_TRUE(fake.Wait(b, &r, &err));
  EXPECT_EQ(Describe(r.outcome), "exited with code 0");
  EXPECT_EQ(fake.started().size(), 2u);
}

TEST(FakeProcessLauncherTest, RunsUntilStopped) {
  FakeProcessLauncher fake;
  fake.set_running_until_stopped(true);
  ProcessId id = 0;
  std::string err;
  ASSERT_TRUE(fake.Start(ProcessSpec{}, &id, &err));
  ProcessResult r;
  EXPECT_FALSE(fake.Poll(id, &r));
  fake.Stop(id, 1s);
  ASSERT_TRUE(fake.Poll(id, &r));
  EXPECT_EQ(Describe(r.outcome), "stopped by wirecheck with SIGTERM (terminated)");
}

}  // namespace
}  // namespace wirecheck
