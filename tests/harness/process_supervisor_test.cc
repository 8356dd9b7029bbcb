// Specifications of ProcessSupervisor's stop: whether a program's end was
// its own or wirecheck's request, decided by init when the request comes,
// not by how soon the runner looks.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "harness/process/process_supervisor.h"

namespace wirecheck {
namespace {

using namespace std::chrono_literals;

ProcessSpec Shell(const char* script) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", script};
  spec.env = {"PATH=/usr/bin:/bin"};
  spec.timeout = 10s;
  return spec;
}

// Waits (bounded) until pid has ended without reaping it: a zombie whose
// SIGCHLD the supervisor has not handled yet.
bool WaitUntilZombie(pid_t pid) {
  for (int i = 0; i < 5000; ++i) {
    siginfo_t info{};
    if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid) {
      return true;
    }
    std::this_thread::sleep_for(1ms);
  }
  return false;
}

ProcessResult Finished(ProcessSupervisor& supervisor) {
  for (int i = 0; i < 5000; ++i) {
    supervisor.Reap();
    auto finished = supervisor.TakeFinished();
    if (!finished.empty()) return finished.front().second;
    std::this_thread::sleep_for(1ms);
  }
  ADD_FAILURE() << "the program never ended";
  return ProcessResult{Exited{-1}, OutputCapture(0), OutputCapture(0), {}};
}

TEST(ProcessSupervisorTest, StopOfARunningProgramIsWirechecks) {
  ProcessSupervisor supervisor;
  ASSERT_GT(supervisor.Start(1, Shell("exec sleep 30")), 0);
  supervisor.Stop(1, 1s);
  const ProcessResult r = Finished(supervisor);
  EXPECT_TRUE(r.stopped_while_running);
  EXPECT_EQ(Describe(r.outcome), "stopped by wirecheck with SIGTERM (terminated)");
}

// A daemonising server's started process: it exited by itself before the
// stop came, though its end was not yet reaped. Its end stays its own.
TEST(ProcessSupervisorTest, StopAfterTheProgramExitedByItselfLeavesItsEndItsOwn) {
  ProcessSupervisor supervisor;
  const pid_t pid = supervisor.Start(1, Shell("exit 0"));
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(WaitUntilZombie(pid));
  supervisor.Stop(1, 1s);
  const ProcessResult r = Finished(supervisor);
  EXPECT_FALSE(r.stopped_while_running);
  EXPECT_EQ(Describe(r.outcome), "exited with code 0");
}

// It was "stopped by wirecheck with SIGSEGV" when the stop came first.
TEST(ProcessSupervisorTest, CrashBeforeTheStopIsACrash) {
  ProcessSupervisor supervisor;
  const pid_t pid = supervisor.Start(1, Shell("kill -SEGV $$"));
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(WaitUntilZombie(pid));
  supervisor.Stop(1, 1s);
  const ProcessResult r = Finished(supervisor);
  EXPECT_FALSE(r.stopped_while_running);
  ASSERT_TRUE(std::holds_alternative<Signaled>(r.outcome));
  EXPECT_EQ(std::get<Signaled>(r.outcome).signal, SIGSEGV);
  EXPECT_FALSE(std::get<Signaled>(r.outcome).sent_by_wirecheck);
}

}  // namespace
}  // namespace wirecheck
