#include "harness/peers/peer_script.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "harness/model/duration_text.h"
#include "harness/model/text_match.h"

namespace wirecheck {

namespace {

using Action = ScriptStep::Action;

constexpr std::uint64_t kTranscriptPayloadCap = 16 * 1024;   // per peer

// Steps whose own end is a success (sleep, hold) rather than a timeout.
bool EndsByDuration(Action action) { return action == Action::kSleep || action == Action::kHold; }

bool OpensSocket(Action action) {
  return action == Action::kConnect || action == Action::kListen || action == Action::kAccept ||
         action == Action::kBind;
}

}  // namespace

ScriptedPeer::ScriptedPeer(std::string name, std::shared_ptr<const PeerPlan> plan, SocketFactory& sockets,
                           PeerTime deadline)
    : name_(std::move(name)), plan_(std::move(plan)), sockets_(sockets), deadline_(deadline) {
  result_.name = name_;
}

ScriptedPeer::~ScriptedPeer() { CloseAll(); }

void ScriptedPeer::Start(PeerTime now) {
  started_ = true;
  start_ = now;
  result_.started_at = now;
  Advance(now);
}

void ScriptedPeer::ReleaseHolds(PeerTime now) {
  holds_released_ = true;
  if (started_ && !done_) Advance(now);
}

void ScriptedPeer::EndRun(PeerTime now) {
  deadline_ = std::min(deadline_, now);
  if (in_step_) step_until_ = std::min(step_until_, deadline_);
  if (!started_) {
    start_ = now;
    result_.started_at = now;
    started_ = true;
    Finish(now, PeerResult::Outcome::kFailed);
    result_.error = "the run ended before this peer started";
    return;
  }
  if (!done_) Advance(now);
}

void ScriptedPeer::Advance(PeerTime now) {
  using Outcome = PeerResult::Outcome;
  while (!done_) {
    if (!in_step_) {
      if (next_ == plan_->steps.size()) {
        Finish(now, failed_check_ ? Outcome::kFailed : Outcome::kPassed);
        return;
      }
      if (failed_check_ && OpensSocket(step().action)) {
        SkipTheRest(now);
        Finish(now, Outcome::kFailed);
        return;
      }
      BeginStep(now);
    }
    Progress p = RunStep(now);
    if (p == Progress::kWait) {
      if (now < step_until_) return;
      p = OnStepDeadline(now);
    }
    if (p == Progress::kDone) current_.status = StepStatus::kPassed;
    if (failed_check_ && current_.status != StepStatus::kError &&
        (current_.status == StepStatus::kFailed || IsCheckStep(current_.action))) {
      // Nothing fails after a failed check, and nothing is checked.
      if (IsCheckStep(current_.action) && p != Progress::kSkipped) {
        current_.detail = "not checked, as " + FailedCheckText() + ": " + current_.detail;
      }
      current_.status = StepStatus::kSkipped;
      p = Progress::kSkipped;
    }
    const bool first_failed_check = p == Progress::kFailed && current_.status == StepStatus::kFailed &&
                                    IsCheckStep(current_.action);
    EndStep(now);
    if (first_failed_check) {
      failed_check_ = next_;
    } else if (p == Progress::kFailed) {
      Finish(now, current_.status == StepStatus::kError ? Outcome::kError : Outcome::kFailed);
      return;
    }
    ++next_;
  }
}

void ScriptedPeer::BeginStep(PeerTime now) {
  const ScriptStep& s = step();
  in_step_ = true;
  current_ = StepResult{};
  current_.index = next_;
  current_.action = s.action;
  current_.where = s.where;
  current_.started = Since(now);
  connecting_ = false;
  send_offset_ = 0;
  writes_ = 0;
  if (s.action == Action::kHold && s.duration == Duration::zero()) {
    step_own_end_ = PeerTime::max();
  } else {
    step_own_end_ = now + (EndsByDuration(s.action) ? s.duration : s.timeout);
  }
  step_until_ = std::min(step_own_end_, deadline_);
  wait_fd_ = -1;
  wait_events_ = 0;
}

void ScriptedPeer::EndStep(PeerTime now) {
  in_step_ = false;
  wait_fd_ = -1;
  wait_events_ = 0;
  current_.finished = Since(now);
  std::string line = std::string(ActionName(current_.action));
  if (current_.status == StepStatus::kFailed) line += " FAILED (" + std::string(Describe(current_.failure)) + ")";
  if (current_.status == StepStatus::kError) line += " ERROR";
  if (current_.status == StepStatus::kSkipped) line += " SKIPPED";
  if (!current_.detail.empty()) line += ": " + current_.detail;
  Log(now, TranscriptEntry::Kind::kEvent, line);
  result_.steps.push_back(std::move(current_));
}

void ScriptedPeer::Finish(PeerTime now, PeerResult::Outcome outcome) {
  if (failed_check_) Drain(now);
  CloseAll();
  done_ = true;
  in_step_ = false;
  wait_fd_ = -1;
  wait_events_ = 0;
  result_.outcome = outcome;
  result_.elapsed = Since(now);
  unread_.clear();
  unread_.shrink_to_fit();
}

ScriptedPeer::Progress ScriptedPeer::RunStep(PeerTime now) {
  if (failed_check_) {
    const Progress instead = AfterFailedCheck();
    if (instead != Progress::kWait) return instead;
  }
  switch (step().action) {
    case Action::kConnect: return Connect(now);
    case Action::kListen: return Listen();
    case Action::kAccept: return Accept();
    case Action::kBind: return Bind();
    case Action::kSend: return Send(now);
    case Action::kSendTo: return SendDatagram(now, plan_->addresses[next_]);
    case Action::kReply:
      if (last_sender_.empty()) return Fail(StepFailure::kSocketError, "no datagram has come to reply to");
      return SendDatagram(now, last_sender_);
    case Action::kExpect: return Expect(now);
    case Action::kRecvFrom: return RecvFrom(now);
    case Action::kExpectClose: return ExpectClose(now);
    case Action::kShutdown: return Shutdown();
    case Action::kClose: return Close(now);
    case Action::kReset: return Reset();
    case Action::kSleep: return WaitFor(-1, 0);
    case Action::kHold:
      if (step().duration == Duration::zero() && holds_released_) {
        current_.detail = "held until the run's end";
        return Progress::kDone;
      }
      return WaitFor(-1, 0);
  }
  return Progress::kDone;
}

// The step's wait ran out: a sleep or hold is over; anything else failed.
ScriptedPeer::Progress ScriptedPeer::OnStepDeadline(PeerTime now) {
  const ScriptStep& s = step();
  const bool own_end = now >= step_own_end_;
  if (EndsByDuration(s.action)) {
    if (s.action == Action::kHold && s.duration == Duration::zero()) {
      current_.detail = "held until the run's end";
      return Progress::kDone;
    }
    if (own_end) {
      current_.detail = (s.action == Action::kSleep ? "slept " : "held the socket open for ") +
                        FormatDuration(s.duration);
      return Progress::kDone;
    }
    return Fail(StepFailure::kRunEnded, "the run ended " + FormatElapsed(Since(now) - current_.started) +
                                            " into " + FormatDuration(s.duration));
  }
  const std::string detail = TimeoutDetail();
  const StepFailure why = own_end ? StepFailure::kTimeout : StepFailure::kRunEnded;
  const std::string when = own_end ? "within " + FormatDuration(s.timeout)
                                   : "before the run ended (after " +
                                         FormatElapsed(Since(now) - current_.started) + ")";
  if (s.action == Action::kExpect || s.action == Action::kRecvFrom) {
    const std::size_t offset = FirstDifference(unread_, s.match.text);
    return FailExpect(why, detail + " " + when, offset);
  }
  return Fail(why, detail + " " + when);
}

ScriptedPeer::Progress ScriptedPeer::WaitFor(int fd, short events) {
  wait_fd_ = fd;
  wait_events_ = events;
  return Progress::kWait;
}

ScriptedPeer::Progress ScriptedPeer::Fail(StepFailure failure, std::string detail) {
  current_.status = StepStatus::kFailed;
  current_.failure = failure;
  current_.detail = std::move(detail);
  return Progress::kFailed;
}

ScriptedPeer::Progress ScriptedPeer::Skip(std::string detail) {
  current_.status = StepStatus::kSkipped;
  current_.detail = std::move(detail);
  return Progress::kSkipped;
}

// No new data goes to a peer that has already gone wrong: what it answers
// could not be checked, and its answers to it would only add knock-on faults.
ScriptedPeer::Progress ScriptedPeer::AfterFailedCheck() {
  switch (step().action) {
    case Action::kSend:
    case Action::kSendTo:
    case Action::kReply: return Skip("not sent, as " + FailedCheckText());
    case Action::kExpect:
    case Action::kRecvFrom: return Skip("not checked, as " + FailedCheckText());
    default: return Progress::kWait;   // run as usual
  }
}

std::string ScriptedPeer::FailedCheckText() const {
  const std::size_t i = *failed_check_;
  return "step " + std::to_string(i + 1) + " (" + std::string(ActionName(plan_->steps[i].action)) + ") failed";
}

void ScriptedPeer::SkipTheRest(PeerTime now) {
  Log(now, TranscriptEntry::Kind::kEvent,
      "stopped at step " + std::to_string(next_ + 1) + " (" + std::string(ActionName(step().action)) +
          "): after a failed check the peer opens no other socket");
  for (std::size_t i = next_; i < plan_->steps.size(); ++i) {
    StepResult r;
    r.index = i;
    r.action = plan_->steps[i].action;
    r.where = plan_->steps[i].where;
    r.status = StepStatus::kSkipped;
    r.started = r.finished = Since(now);
    r.detail = "not reached, as " + FailedCheckText();
    result_.steps.push_back(std::move(r));
  }
  next_ = plan_->steps.size();
}

ScriptedPeer::Progress ScriptedPeer::Error(std::string message) {
  current_.status = StepStatus::kError;
  current_.detail = message;
  result_.error = std::move(message);
  return Progress::kFailed;
}

void ScriptedPeer::Log(PeerTime now, TranscriptEntry::Kind kind, std::string_view text) {
  if (kind != TranscriptEntry::Kind::kEvent) {
    if (transcript_bytes_ + text.size() > kTranscriptPayloadCap) {
      result_.transcript_bytes_dropped += text.size();
      return;
    }
    transcript_bytes_ += text.size();
  }
  result_.transcript.push_back(TranscriptEntry{Since(now), kind, std::string(text)});
}

int ScriptedPeer::NewSocket(int family, int type, std::string* err) {
  const int fd = sockets_.Open(family, type, 0, err);
  if (fd < 0) return -1;
  const int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0 || fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
    *err = std::string("cannot make a socket non-blocking: ") + std::strerror(errno);
    close(fd);
    return -1;
  }
  return fd;
}

void ScriptedPeer::Retire(int* fd) {
  if (*fd >= 0) retired_.push_back(*fd);
  *fd = -1;
}

void ScriptedPeer::CloseAll() {
  for (int* fd : {&conn_, &listener_, &udp_}) {
    if (*fd >= 0) close(*fd);
    *fd = -1;
  }
  for (int fd : retired_) close(fd);
  retired_.clear();
}

std::string ScriptedPeer::LocalOf(int fd) const {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return "";
  return FormatAddress(MakePeerAddress(reinterpret_cast<sockaddr*>(&address), length));
}

}  // namespace wirecheck
