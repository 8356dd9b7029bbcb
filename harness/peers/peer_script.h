#pragma once
// One built-in scripted peer as a state machine: it runs the steps of a
// PeerPlan over non-blocking sockets from a SocketFactory and never blocks.
// Whoever drives it (PeerLoop) waits for wait_fd()/wait_events() or until
// wait_until(), then calls Advance(). Every wait is bounded: by the step's
// timeout (connect, accept, expect, recvfrom, expect_close, a blocked send),
// its duration (sleep, hold) and the run's deadline.
//
// A server that misbehaves gives a failed step, the environment (socket()
// refused, bind() refused) an error. The peer stops at a failed step, except
// after a failed check (expect, recvfrom, expect_close): then the rest of
// its connection goes on as the script says, so that what the capture shows
// of it (who closes first, how long it stays open) is what it would be
// with a correct peer. After a failed check the peer
//   - sends nothing more (send, sendto, reply are skipped) and checks nothing
//     more (expect, recvfrom are skipped without waiting; expect_close still
//     waits, up to its timeout, for the end of stream, and is not checked);
//   - still sleeps, holds, shuts down, closes and resets where the script says;
//   - stops at the next step that would open another socket (connect, listen,
//     accept, bind): the rest is recorded as not reached;
//   - reads and drops what the connection still has before it closes it, so
//     the close is a FIN, not an RST for bytes the failed step did not take;
//   - never fails again: a later step that cannot do its part is kSkipped.
// When the script ends, or stops, the peer closes every socket it still has.

#include <sys/poll.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/peers/peer_plan.h"
#include "harness/peers/peer_result.h"
#include "harness/peers/socket_factory.h"

namespace wirecheck {

using PeerClock = std::chrono::steady_clock;
using PeerTime = PeerClock::time_point;

class ScriptedPeer {
 public:
  /// deadline: the run's end; no step waits past it. sockets must outlive the peer.
  ScriptedPeer(std::string name, std::shared_ptr<const PeerPlan> plan, SocketFactory& sockets,
               PeerTime deadline);
  ~ScriptedPeer();
  ScriptedPeer(const ScriptedPeer&) = delete;
  ScriptedPeer& operator=(const ScriptedPeer&) = delete;

  /// Runs the first steps, until one has to wait or the script is done.
  void Start(PeerTime now);
  /// Carries on once wait_fd() is ready or wait_until() has passed; calling
  /// it early is harmless (a step that cannot go on waits again).
  void Advance(PeerTime now);
  /// Ends `hold` steps without a duration (now, and any reached later).
  void ReleaseHolds(PeerTime now);
  /// The run is over: the deadline becomes now. A waiting step fails
  /// (kRunEnded), a hold without duration passes, steps that need no wait
  /// (close, reset, ...) still run.
  void EndRun(PeerTime now);

  bool started() const { return started_; }
  bool done() const { return done_; }
  /// -1: waiting for time only.
  int wait_fd() const { return wait_fd_; }
  short wait_events() const { return wait_events_; }
  PeerTime wait_until() const { return step_until_; }
  const PeerResult& result() const { return result_; }

 private:
  enum class Progress { kDone, kWait, kFailed, kSkipped };

  const ScriptStep& step() const { return plan_->steps[next_]; }
  Duration Since(PeerTime t) const { return t - start_; }
  void BeginStep(PeerTime now);
  void EndStep(PeerTime now);
  void Finish(PeerTime now, PeerResult::Outcome outcome);
  Progress RunStep(PeerTime now);
  Progress OnStepDeadline(PeerTime now);
  Progress WaitFor(int fd, short events);
  Progress Fail(StepFailure failure, std::string detail);
  Progress Error(std::string message);
  Progress Skip(std::string detail);
  /// After a failed check: what the current step does instead, or kWait to run it as usual.
  Progress AfterFailedCheck();
  /// "step 3 (expect) failed".
  std::string FailedCheckText() const;
  /// Records the current and every later step as not reached.
  void SkipTheRest(PeerTime now);
  void Log(PeerTime now, TranscriptEntry::Kind kind, std::string_view text);
  int NewSocket(int family, int type, std::string* err);
  void Retire(int* fd);
  void CloseAll();
  std::string LocalOf(int fd) const;

  // TCP steps (peer_tcp_steps.cc).
  Progress Connect(PeerTime now);
  Progress ConnectFailed(int error);
  Progress Listen();
  Progress Accept();
  Progress Send(PeerTime now);
  Progress Expect(PeerTime now);
  Progress ExpectClose(PeerTime now);
  Progress Shutdown();
  Progress Close(PeerTime now);
  Progress Reset();
  /// Reads and drops what the connection has (after a failed check, before it closes).
  void Drain(PeerTime now);
  /// Reads what the connection has, up to cap unread bytes: >0 bytes read,
  /// 0 when it would block or the cap is reached; end of stream sets eof_, an error read_errno_.
  std::size_t ReadSome(PeerTime now, std::size_t cap);
  Progress FailExpect(StepFailure failure, std::string detail, std::size_t offset);
  Progress ConnectionGone(const char* doing, int error);
  std::string TimeoutDetail() const;

  // UDP steps (peer_udp_steps.cc).
  Progress Bind();
  Progress SendDatagram(PeerTime now, const PeerAddress& to);
  Progress RecvFrom(PeerTime now);

  std::string name_;
  std::shared_ptr<const PeerPlan> plan_;
  SocketFactory& sockets_;
  PeerTime deadline_;
  PeerResult result_;
  StepResult current_;

  bool started_ = false;
  bool done_ = false;
  bool in_step_ = false;
  bool holds_released_ = false;
  std::size_t next_ = 0;           // the step running, or the next one
  std::optional<std::size_t> failed_check_;   // the first check that failed
  PeerTime start_{};
  PeerTime step_own_end_{};        // the step's timeout or duration
  PeerTime step_until_{};          // min(own end, run deadline)
  int wait_fd_ = -1;
  short wait_events_ = 0;

  int conn_ = -1;                  // the TCP connection of later steps
  int listener_ = -1;
  int udp_ = -1;
  std::vector<int> retired_;       // earlier connections, closed at the end
  std::string unread_;             // received, not yet matched
  bool eof_ = false;
  int read_errno_ = 0;
  bool connecting_ = false;
  std::size_t send_offset_ = 0;
  int writes_ = 0;
  PeerAddress last_sender_;
  PeerAddress last_destination_;
  std::uint64_t transcript_bytes_ = 0;
};

}  // namespace wirecheck
