#include "harness/peers/peer_result.h"

#include <cstdio>

#include "harness/model/duration_text.h"
#include "harness/model/payload_text.h"

namespace wirecheck {

namespace {

std::string Seconds(Duration d) {
  char text[32];
  std::snprintf(text, sizeof text, "+%.3fs", std::chrono::duration<double>(d).count());
  return text;
}

}  // namespace

std::string FormatElapsed(Duration d) {
  return FormatDuration(std::chrono::round<std::chrono::milliseconds>(d));
}

std::string_view Describe(StepFailure failure) {
  switch (failure) {
    case StepFailure::kNone: return "none";
    case StepFailure::kTimeout: return "timeout";
    case StepFailure::kRunEnded: return "the run ended";
    case StepFailure::kRefused: return "connection refused";
    case StepFailure::kUnreachable: return "unreachable";
    case StepFailure::kPeerClosed: return "peer closed";
    case StepFailure::kPeerReset: return "peer reset";
    case StepFailure::kMismatch: return "mismatch";
    case StepFailure::kTooLong: return "line too long";
    case StepFailure::kSocketError: return "socket error";
  }
  return "";
}

std::string_view ActionName(ScriptStep::Action action) {
  using A = ScriptStep::Action;
  switch (action) {
    case A::kConnect: return "connect";
    case A::kListen: return "listen";
    case A::kAccept: return "accept";
    case A::kBind: return "bind";
    case A::kSend: return "send";
    case A::kSendTo: return "sendto";
    case A::kReply: return "reply";
    case A::kSleep: return "sleep";
    case A::kExpect: return "expect";
    case A::kRecvFrom: return "recvfrom";
    case A::kExpectClose: return "expect_close";
    case A::kShutdown: return "shutdown";
    case A::kClose: return "close";
    case A::kReset: return "reset";
    case A::kHold: return "hold";
  }
  return "step";
}

const StepResult* PeerResult::failed_step() const {
  for (const StepResult& step : steps) {
    if (step.status == StepStatus::kFailed || step.status == StepStatus::kError) return &step;
  }
  return nullptr;
}

bool IsCheckStep(ScriptStep::Action action) {
  using A = ScriptStep::Action;
  return action == A::kExpect || action == A::kRecvFrom || action == A::kExpectClose;
}

std::string Summary(const PeerResult& result) {
  switch (result.outcome) {
    case PeerResult::Outcome::kRunning:
      return "running: " + std::to_string(result.steps.size()) + " steps so far";
    case PeerResult::Outcome::kPassed:
      return "passed: " + std::to_string(result.steps.size()) + " steps in " + FormatElapsed(result.elapsed);
    case PeerResult::Outcome::kFailed:
    case PeerResult::Outcome::kError:
      break;
  }
  const StepResult* step = result.failed_step();
  if (step == nullptr) {
    return (result.outcome == PeerResult::Outcome::kError ? "error: " : "did not run: ") + result.error;
  }
  std::string where = ToString(step->where);
  std::string text = "step " + std::to_string(step->index + 1) + " (" + std::string(ActionName(step->action)) +
                     (step->where.file.empty() ? "" : ", " + where) + ") ";
  if (result.outcome == PeerResult::Outcome::kError) return text + "error: " + result.error;
  text += "failed after " + FormatElapsed(step->finished - step->started) + ": " +
          std::string(Describe(step->failure)) + ": " + step->detail;
  std::string skipped;
  for (const StepResult& later : result.steps) {
    if (later.status != StepStatus::kSkipped || !IsCheckStep(later.action)) continue;
    skipped += (skipped.empty() ? "" : ", ") + std::string("step ") + std::to_string(later.index + 1) + " (" +
               std::string(ActionName(later.action)) + ")";
  }
  return skipped.empty() ? text : text + "; not checked after it: " + skipped;
}

std::string FormatTranscript(const PeerResult& result) {
  std::string out;
  for (const TranscriptEntry& e : result.transcript) {
    out += Seconds(e.at) + "  ";
    switch (e.kind) {
      case TranscriptEntry::Kind::kSent: out += "> \"" + EscapeBytes(e.text) + "\""; break;
      case TranscriptEntry::Kind::kReceived: out += "< \"" + EscapeBytes(e.text) + "\""; break;
      case TranscriptEntry::Kind::kEvent: out += e.text; break;
    }
    out += '\n';
  }
  if (result.transcript_bytes_dropped > 0) {
    out += "(" + std::to_string(result.transcript_bytes_dropped) + " more payload bytes not kept)\n";
  }
  return out;
}

}  // namespace wirecheck
