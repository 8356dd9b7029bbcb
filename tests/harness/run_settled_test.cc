// Specifications of "the run has settled" (harness/run/run_settled.h) and
// of reading a run's threads from /proc (harness/sandbox/run_tasks.h).

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "harness/run/readiness.h"
#include "harness/run/run_settled.h"
#include "harness/sandbox/run_tasks.h"

namespace wirecheck {
namespace {

using namespace std::chrono_literals;

SocketEntry Tcp(TcpState state, std::uint32_t tx_queue = 0) {
  SocketEntry s;
  s.protocol = SocketProtocol::kTcp;
  s.state = static_cast<std::uint8_t>(state);
  s.tx_queue = tx_queue;
  return s;
}

TEST(SegmentsInFlightTest, UnacknowledgedSynFinOrBytesAreInFlight) {
  EXPECT_EQ(SegmentsInFlight({Tcp(TcpState::kFinWait1), Tcp(TcpState::kLastAck), Tcp(TcpState::kSynSent),
                              Tcp(TcpState::kSynRecv), Tcp(TcpState::kClosing)}),
            5u);
  EXPECT_EQ(SegmentsInFlight({Tcp(TcpState::kEstablished, 14), Tcp(TcpState::kCloseWait, 1)}), 2u);
}

// A held connection, a half-closed one, TIME-WAIT and a listener wait for
// the other side: nothing of theirs is on its way.
TEST(SegmentsInFlightTest, SocketsThatWaitForThePeerAreNot) {
  SocketEntry udp;
  udp.protocol = SocketProtocol::kUdp;
  udp.state = 7;
  EXPECT_EQ(SegmentsInFlight({Tcp(TcpState::kEstablished), Tcp(TcpState::kCloseWait), Tcp(TcpState::kFinWait2),
                              Tcp(TcpState::kTimeWait), Tcp(TcpState::kListen), udp}),
            0u);
}

class ScriptedTables : public SocketTableSource {
 public:
  using SocketTableSource::Snapshot;
  bool Snapshot(const SocketFilter&, std::vector<SocketEntry>* out, std::string*) override {
    *out = looks_ < in_flight_looks_ ? std::vector<SocketEntry>{Tcp(TcpState::kFinWait1)}
                                     : std::vector<SocketEntry>{};
    ++looks_;
    return true;
  }
  int in_flight_looks_ = 0;
  int looks_ = 0;
};

class ScriptedActivity : public RunActivity {
 public:
  std::optional<ActivityLook> Look() override {
    return ActivityLook{1, looks_++ >= busy_looks_};
  }
  int busy_looks_ = 0;
  int looks_ = 0;
};

TEST(WaitUntilSettledTest, SettlesOnTwoLooksInARowWithNothingInFlightAndEveryThreadIdle) {
  ScriptedTables tables;
  tables.in_flight_looks_ = 3;
  ScriptedActivity activity;
  activity.busy_looks_ = 2;
  const Settling s = WaitUntilSettled(activity, tables, 1000ms);
  EXPECT_TRUE(s.settled);
  EXPECT_EQ(tables.looks_, 7);  // three in flight, two busy, then two settled looks
}

TEST(WaitUntilSettledTest, ARunThatKeepsRunningEndsAtTheBound) {
  ScriptedTables tables;
  ScriptedActivity activity;
  activity.busy_looks_ = 1 << 30;
  const Settling s = WaitUntilSettled(activity, tables, 30ms);
  EXPECT_FALSE(s.settled);
  EXPECT_GE(s.waited, 30ms);
}

TEST(RunTasksTest, StatLineWithParenthesesAndSpacesInTheName) {
  const auto stat = ParseTaskStat("4242 (my (odd) srv) S 17 4242 4242 0 -1 4194560 300 0 0 0");
  ASSERT_TRUE(stat);
  EXPECT_EQ(stat->pid, 4242);
  EXPECT_EQ(stat->state, 'S');
  EXPECT_EQ(stat->ppid, 17);
  EXPECT_FALSE(ParseTaskStat("4242 (cut"));
  EXPECT_FALSE(ParseTaskStat("x (a) S 1 "));
}

TEST(RunTasksTest, RunningAndUninterruptibleThreadsMayRunByThemselves) {
  for (char state : {'R', 'D', 'W'}) EXPECT_TRUE(MayRunByItself(state)) << state;
  for (char state : {'S', 'T', 't', 'Z', 'X', 'I'}) EXPECT_FALSE(MayRunByItself(state)) << state;
}

// This test's own process: its main thread runs (R) while it reads /proc.
TEST(RunTasksTest, ReadsTheTreeUnderAProcess) {
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    pause();
    _exit(0);
  }
  RunTasks tasks;
  std::string err;
  ASSERT_TRUE(ReadRunTasks(getpid(), &tasks, &err)) << err;
  EXPECT_GE(tasks.live_descendants, 1u);
  EXPECT_NE(std::find(tasks.thread_states.begin(), tasks.thread_states.end(), 'R'), tasks.thread_states.end());
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  EXPECT_FALSE(ReadRunTasks(999999999, &tasks, &err));
}

}  // namespace
}  // namespace wirecheck
