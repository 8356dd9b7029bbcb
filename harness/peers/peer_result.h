#pragma once
// What a scripted peer did: each step it ran, with when, how many bytes,
// what happened and, for a failed step, why (expected vs received bytes for
// an `expect`); its outcome; and a transcript usable as evidence in a report.
// A peer fails once: at its first failed step. After a failed check
// (expect, recvfrom, expect_close) the rest of its connection still runs and
// the later steps that are not done are kSkipped (ScriptedPeer). A server
// under test that misbehaves gives a failed step; only the environment gives
// kError.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/model/scenario.h"

namespace wirecheck {

/// kSkipped: a step after a failed check that sends or checks nothing (a
/// `send`, an `expect`: not done; an `expect_close`: waited for, not
/// checked), or that could not do its part; never a failure of its own.
enum class StepStatus { kPassed, kFailed, kError, kSkipped };

/// Why a step failed.
enum class StepFailure {
  kNone,
  kTimeout,        // the step's timeout passed
  kRunEnded,       // the run's deadline (or its end) came first
  kRefused,        // connect: the SYN was answered by an RST
  kUnreachable,    // connect: no route, host unreachable, ...
  kPeerClosed,     // end of stream before the expected bytes
  kPeerReset,      // ECONNRESET, EPIPE
  kMismatch,       // received bytes differ from the expected ones
  kTooLong,        // no end of line within the peer's buffer
  kSocketError,    // another error on the connection (its errno text in detail)
};

std::string_view Describe(StepFailure failure);

struct StepResult {
  std::size_t index = 0;          // 0-based position in the script
  ScriptStep::Action action = ScriptStep::Action::kClose;
  SourceLocation where;           // the step in the scenario file
  StepStatus status = StepStatus::kPassed;
  StepFailure failure = StepFailure::kNone;
  Duration started{};             // since the peer started
  Duration finished{};
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;
  std::string detail;             // one sentence: what happened, or why it failed
  // expect / recvfrom that failed: the bytes compared (received kept up to a cap).
  std::string expected;
  std::string received;
  std::optional<std::size_t> mismatch_offset;
  // connect, accept, listen, bind, sendto, reply, recvfrom: the endpoints.
  std::string local;
  std::string remote;
  /// recvfrom: the datagram came from another address or port than the last
  /// sendto went to (a server that answers from a new socket).
  bool from_other_endpoint = false;
};

struct TranscriptEntry {
  enum class Kind { kSent, kReceived, kEvent };
  Duration at{};                  // since the peer started
  Kind kind = Kind::kEvent;
  std::string text;               // bytes for kSent/kReceived, a sentence for kEvent
};

struct PeerResult {
  enum class Outcome { kRunning, kPassed, kFailed, kError };
  std::string name;
  Outcome outcome = Outcome::kRunning;
  std::vector<StepResult> steps;  // the steps reached, in order; kFailed: one of them failed
  std::string error;              // kError: the environment's failure ("cannot open a socket: ...");
                                  // kFailed with no step: why it never ran
  std::chrono::steady_clock::time_point started_at{};
  Duration elapsed{};
  std::vector<TranscriptEntry> transcript;
  std::uint64_t transcript_bytes_dropped = 0;   // payload bytes past the transcript's cap

  /// The failed (or erroneous) step: the first one; null when none.
  const StepResult* failed_step() const;
};

/// A measured time to the millisecond: "1.503s", "120ms".
std::string FormatElapsed(Duration d);

/// "connect", "expect", ... as in scenario files.
std::string_view ActionName(ScriptStep::Action action);

/// expect, recvfrom, expect_close: the steps that check what the other side does.
bool IsCheckStep(ScriptStep::Action action);

/// One line: "passed: 6 steps in 103ms", or
/// "step 5 (expect, s.yaml:12:9) failed after 2s: timeout: ...", and when
/// checks after it were skipped "; not checked after it: step 7 (expect_close)".
std::string Summary(const PeerResult& result);

/// The transcript as text, one event per line:
///   +0.000s  connect 127.0.0.1:6789: connected from 127.0.0.1:40312
///   +0.001s  > "hel"
///   +0.102s  < "HELLO\n"
std::string FormatTranscript(const PeerResult& result);

}  // namespace wirecheck
