#pragma once
// The constants (Zeek's default script values) and small sequence helpers
// shared by zeek_tcp.cc (packets, history, reuse, conn_state) and
// zeek_tcp_state.cc (endpoint state machine, gap bookkeeping, timers).
// Internal to capture/: nothing outside ZeekTcp includes it.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>

#include "capture/decoded_packet.h"
#include "capture/seq.h"
#include "capture/zeek_tcp.h"

namespace wirecheck::capture::zeek_tcp_rules {


using namespace std::chrono_literals;
using State = ZeekTcp::State;

// Zeek's defaults (scripts/base/init-bare.zeek).
constexpr Timestamp kSynTimeout = 5s;            // tcp_SYN_timeout
constexpr Timestamp kSessionTimer = 6s;          // tcp_session_timer
constexpr Timestamp kConnectionLinger = 5s;      // tcp_connection_linger
constexpr Timestamp kAttemptDelay = 5s;          // tcp_attempt_delay
constexpr Timestamp kCloseDelay = 5s;            // tcp_close_delay
constexpr Timestamp kTcpInactivity = 300s;       // tcp_inactivity_timeout
constexpr Timestamp kUdpInactivity = 60s;        // udp_inactivity_timeout (sic: TCP starts with it)
constexpr std::int32_t kTooLargeSeqDelta = 1048576;
constexpr std::uint64_t kMaxInitialWindow = 16384;        // tcp_max_initial_window
constexpr std::uint64_t kMaxAboveHoleWithoutAcks = 16384; // tcp_max_above_hole_without_any_acks
constexpr Timestamp kNever = Timestamp::max();
constexpr std::uint8_t kOrigSeen = 1;
constexpr std::uint8_t kRespSeen = 2;

inline bool IsHandshake(State s) {
  return s == State::kInactive || s == State::kSynSent || s == State::kSynAckSent;
}

inline std::uint64_t FullSeq(std::uint32_t seq, std::uint32_t wraps) {
  return (static_cast<std::uint64_t>(wraps) << 32) + seq;
}

inline std::uint32_t StartSeq(const auto& e) { return static_cast<std::uint32_t>(e.start_seq); }

inline void InitSeqs(auto& e, std::int64_t start, std::uint32_t ack, std::uint32_t last) {
  e.start_seq = start;
  e.ack_seq = ack;
  e.last_seq = last;
}

inline bool NoDataAcked(const auto& e) {
  const std::uint64_t ack = FullSeq(e.ack_seq, e.ack_wraps);
  const auto start = static_cast<std::uint64_t>(e.start_seq);
  return ack == start || ack == start + 1;
}

inline bool IsClean(const auto& e) {
  return e.state == State::kEstablished ||
         (e.state == State::kClosed && e.prev_state == State::kEstablished);
}

/// Zeek's get_relative_seq(): `cur` relative to e's start, following wraps
/// from `last`; sets *underflow when it lies before the start.
inline std::uint64_t RelativeSeq(const auto& e, std::uint32_t cur, std::uint32_t last,
                          std::uint32_t wraps, bool* underflow) {
  const std::int32_t delta = seq::Diff(cur, last);
  if (delta < 0 && wraps != 0 && cur > last) --wraps;
  if (delta > 0 && cur < last) ++wraps;
  if (wraps == 0) {
    const std::int32_t rel = seq::Diff(cur, StartSeq(e));
    if (rel < 0) *underflow = true;
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(rel));
  }
  return FullSeq(cur, wraps) - static_cast<std::uint64_t>(e.start_seq);
}

inline void UpdateLast(auto& e, std::uint32_t seq) {
  if (seq < e.last_seq) ++e.seq_wraps;
  e.last_seq = seq;
}

inline void UpdateAck(auto& e, std::uint32_t ack) {
  const std::int32_t delta = seq::Diff(ack, e.ack_seq);
  if (ack == 0 && delta > kTooLargeSeqDelta) return;  // a broken ack, not a wrap
  if (delta <= 0) return;
  if (ack < e.ack_seq) ++e.ack_wraps;
  e.ack_seq = ack;
}

/// Zeek's init_endpoint(): (re)starts the sequence space on a first packet or
/// on a SYN that moves it.
inline void InitEndpoint(auto& e, const DecodedPacket& p, std::uint32_t past) {
  const bool syn = p.Has(tcp_flag::kSyn);
  switch (e.state) {
    case State::kInactive:
      if (syn) {
        InitSeqs(e, p.seq, p.seq, past);
      } else {
        const std::uint32_t start = p.seq - 1;  // as if a SYN had been seen
        InitSeqs(e, start, start, p.seq);
      }
      break;
    case State::kSynSent:
    case State::kSynAckSent:
    case State::kEstablished:
    case State::kPartial:
      if (syn && (p.seq != StartSeq(e) || e.state == State::kEstablished ||
                  e.state == State::kPartial)) {
        InitSeqs(e, p.seq, p.seq, past);
      }
      break;
    case State::kReset:
      if (syn && e.prev_state == State::kInactive) InitSeqs(e, p.seq, p.seq, past);
      break;
    case State::kClosed:
      break;
  }
}

inline std::uint32_t PayloadLength(const DecodedPacket& p) {
  return std::min<std::uint32_t>(p.payload_length, std::numeric_limits<std::int32_t>::max() / 2);
}


}  // namespace wirecheck::capture::zeek_tcp_rules
