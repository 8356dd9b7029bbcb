#include "capture/zeek_tcp.h"

#include <algorithm>
#include <limits>

#include "capture/likely_server_ports.h"
#include "capture/seq.h"

namespace wirecheck::capture {
namespace {

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

bool IsHandshake(State s) {
  return s == State::kInactive || s == State::kSynSent || s == State::kSynAckSent;
}

std::uint64_t FullSeq(std::uint32_t seq, std::uint32_t wraps) {
  return (static_cast<std::uint64_t>(wraps) << 32) + seq;
}

std::uint32_t StartSeq(const auto& e) { return static_cast<std::uint32_t>(e.start_seq); }

void InitSeqs(auto& e, std::int64_t start, std::uint32_t ack, std::uint32_t last) {
  e.start_seq = start;
  e.ack_seq = ack;
  e.last_seq = last;
}

bool NoDataAcked(const auto& e) {
  const std::uint64_t ack = FullSeq(e.ack_seq, e.ack_wraps);
  const auto start = static_cast<std::uint64_t>(e.start_seq);
  return ack == start || ack == start + 1;
}

bool IsClean(const auto& e) {
  return e.state == State::kEstablished ||
         (e.state == State::kClosed && e.prev_state == State::kEstablished);
}

/// Zeek's get_relative_seq(): `cur` relative to e's start, following wraps
/// from `last`; sets *underflow when it lies before the start.
std::uint64_t RelativeSeq(const auto& e, std::uint32_t cur, std::uint32_t last,
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

void UpdateLast(auto& e, std::uint32_t seq) {
  if (seq < e.last_seq) ++e.seq_wraps;
  e.last_seq = seq;
}

void UpdateAck(auto& e, std::uint32_t ack) {
  const std::int32_t delta = seq::Diff(ack, e.ack_seq);
  if (ack == 0 && delta > kTooLargeSeqDelta) return;  // a broken ack, not a wrap
  if (delta <= 0) return;
  if (ack < e.ack_seq) ++e.ack_wraps;
  e.ack_seq = ack;
}

/// Zeek's init_endpoint(): (re)starts the sequence space on a first packet or
/// on a SYN that moves it.
void InitEndpoint(auto& e, const DecodedPacket& p, std::uint32_t past) {
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

std::uint32_t PayloadLength(const DecodedPacket& p) {
  return std::min<std::uint32_t>(p.payload_length, std::numeric_limits<std::int32_t>::max() / 2);
}

}  // namespace

bool ZeekTcp::SenderIsOriginator(const DecodedPacket& first) {
  const bool syn = first.Has(tcp_flag::kSyn);
  const bool ack = first.Has(tcp_flag::kAck);
  if (syn && !ack) return true;  // a plain SYN: never flipped
  if (!IsLikelyServerPort(Transport::kTcp, first.src_port)) return true;
  if (!IsLikelyServerPort(Transport::kTcp, first.dst_port)) return false;
  // Both plausible: flip only a non-SYN-ACK towards the higher port.
  return syn || first.src_port >= first.dst_port;
}

ZeekTcp::ZeekTcp(const DecodedPacket& first, bool flipped_at_start)
    : last_time_(first.ts),
      inactivity_timeout_(kUdpInactivity),
      attempt_at_(kNever),
      expire_at_{first.ts + kSynTimeout, kNever},
      delete_at_(kNever) {
  ends_[1].is_orig = false;
  if (flipped_at_start) history_.AddRaw('^');
  Process(!flipped_at_start, first);
  expires_at_ = ComputeExpiresAt();
}

bool ZeekTcp::Deliver(bool is_orig, const DecodedPacket& packet) {
  AdvanceTimers(packet.ts);
  flipped_now_ = false;
  Process(is_orig, packet);
  expires_at_ = ComputeExpiresAt();
  return flipped_now_;
}

void ZeekTcp::Process(bool is_orig, const DecodedPacket& p) {
  Endpoint& e = is_orig ? Orig() : Resp();
  Endpoint& peer = PeerOf(e);
  const std::uint8_t flags = p.flags;
  const bool syn = p.Has(tcp_flag::kSyn), fin = p.Has(tcp_flag::kFin), rst = p.Has(tcp_flag::kRst);
  const std::uint32_t len = PayloadLength(p);
  SetPartialStatus(flags, e.is_orig);

  const std::uint32_t seg_len = (rst ? 0 : len) + (syn ? 1 : 0) + (fin ? 1 : 0);
  const std::uint32_t past = p.seq + seg_len;
  InitEndpoint(e, p, past);
  bool underflow = false;
  const std::uint64_t rel_seq = RelativeSeq(e, p.seq, e.last_seq, e.seq_wraps, &underflow);
  UpdateHistory(e, flags, rel_seq, len);
  // Zero windows after a RST or after the peer's FIN are not interesting.
  if (p.window == 0 && !rst && peer.state != State::kClosed && e.state != State::kReset &&
      e.zero_windows.Count()) {
    history_.Add(e.is_orig, 'W');
  }
  if (!Orig().did_close || !Resp().did_close) last_time_ = p.ts;
  if (fin) {
    ++e.fin_count;
    e.fin_seq = rel_seq + seg_len;
  }
  std::uint64_t rel_ack = 0;
  if (p.Has(tcp_flag::kAck)) ProcessAck(peer, p, rel_ack);
  UpdateLastSeq(e, past, flags, len);

  const Outcome out = UpdateStateMachine(e, is_orig, p);
  if (p.Has(tcp_flag::kAck)) AckReceived(peer, rel_ack);
  first_packet_seen_ |= is_orig ? kOrigSeen : kRespSeen;
  const bool fully_captured = p.payload.size() >= len;
  if (len > 0 && fully_captured && !rst && !underflow) {
    DataSent(e, syn ? rel_seq + 1 : rel_seq, len);
  }
  CheckEof(e);
  if (out.do_close) ConnectionClosed(e, peer, out.gen_event);
}

void ZeekTcp::ProcessAck(Endpoint& peer, const DecodedPacket& p, std::uint64_t& rel_ack) {
  if (peer.state == State::kInactive) {
    // Number the silent peer's bytes as if its SYN had been seen.
    rel_ack = 1;
    InitSeqs(peer, static_cast<std::uint32_t>(p.ack - 1), p.ack - 1, p.ack - 1);
    return;
  }
  bool underflow = false;
  rel_ack = RelativeSeq(peer, p.ack, peer.ack_seq, peer.ack_wraps, &underflow);
  if (underflow) {
    rel_ack = 0;
  } else if (!p.Has(tcp_flag::kRst)) {  // acks in RSTs are not trusted
    UpdateAck(peer, p.ack);
  }
}

void ZeekTcp::UpdateHistory(Endpoint& e, std::uint8_t flags, std::uint64_t rel_seq,
                            std::uint32_t len) {
  const bool syn = flags & tcp_flag::kSyn, fin = flags & tcp_flag::kFin,
             rst = flags & tcp_flag::kRst;
  const int control = int{syn} + int{fin} + int{rst};
  const bool o = e.is_orig;
  if (control > 1) {
    if (fin && rst) {
      history_.CheckOnce(o, history_bit::kFinRst, 'I');
    } else {
      history_.CheckOnce(o, history_bit::kMultiFlag, 'Q');
    }
    return;
  }
  // S/H, F and R repeat when seen again at a new sequence number.
  if (syn) {
    const char code = (flags & tcp_flag::kAck) ? 'H' : 'S';
    if (history_.CheckOnce(o, history_bit::kSyn, code) && rel_seq != e.hist_last_syn) {
      history_.Add(o, code);
    }
    e.hist_last_syn = rel_seq;
  } else if (fin) {
    // A FIN's position is after its data.
    if (history_.CheckOnce(o, history_bit::kFin, 'F') && rel_seq + len != e.hist_last_fin) {
      history_.Add(o, 'F');
    }
    e.hist_last_fin = rel_seq + len;
  } else if (rst) {
    if (history_.CheckOnce(o, history_bit::kRst, 'R') && rel_seq != e.hist_last_rst) {
      history_.Add(o, 'R');
    }
    e.hist_last_rst = rel_seq;
  } else if (len > 0) {
    history_.CheckOnce(o, history_bit::kData, 'D');
  } else if (flags & tcp_flag::kAck) {
    history_.CheckOnce(o, history_bit::kAck, 'A');
  }
}

void ZeekTcp::UpdateLastSeq(Endpoint& e, std::uint32_t last, std::uint8_t flags,
                            std::uint32_t len) {
  const std::int32_t delta = seq::Diff(last, e.last_seq);
  const bool syn_or_rst = flags & (tcp_flag::kSyn | tcp_flag::kRst);
  if (syn_or_rst && (delta > kTooLargeSeqDelta || delta < -kTooLargeSeqDelta)) {
    // Implausible jump: ignored.
  } else if ((flags & tcp_flag::kFin) && e.last_seq == StartSeq(e) + 1) {
    UpdateLast(e, last);  // only SYN and FIN seen: trust the FIN (> 2 GB transfers)
  } else if (e.state == State::kReset) {
    // Nothing after a RST is trusted.
  } else if (delta > 0) {
    UpdateLast(e, last);
  } else if (len > 0 && e.retransmits.Count()) {
    history_.Add(e.is_orig, 'T');  // data that does not advance the sequence space
  }
}

void ZeekTcp::SetState(Endpoint& e, State s) {
  if (s == e.state) return;
  // Leaving the handshake switches to the TCP inactivity timeout.
  if (!IsHandshake(s) && IsHandshake(e.state) && IsHandshake(PeerOf(e).state)) {
    inactivity_timeout_ = kTcpInactivity;
  }
  e.prev_state = e.state;
  e.state = s;
}

void ZeekTcp::SetPartialStatus(std::uint8_t flags, bool is_orig) {
  const bool syn = flags & tcp_flag::kSyn, ack = flags & tcp_flag::kAck;
  if (is_orig) {
    if (!(first_packet_seen_ & kOrigSeen)) is_partial_ = !syn || ack;
  } else if (!(first_packet_seen_ & kRespSeen) && !is_partial_) {
    is_partial_ = !syn;
  }
}

void ZeekTcp::Flip() {
  orig_index_ ^= 1;
  ends_[0].is_orig = !ends_[0].is_orig;
  ends_[1].is_orig = !ends_[1].is_orig;
  const std::uint8_t seen = first_packet_seen_;
  first_packet_seen_ = ((seen & kOrigSeen) ? kRespSeen : 0) | ((seen & kRespSeen) ? kOrigSeen : 0);
  is_partial_ = false;
  history_.AddRaw('^');
  flipped_now_ = true;
}

bool ZeekTcp::IsReuse(bool /*is_orig*/, const DecodedPacket& p) const {
  if (!p.Has(tcp_flag::kSyn)) return false;
  const bool ack = p.Has(tcp_flag::kAck);
  const Endpoint* conn_orig = &Orig();
  if (ack) {
    if (Orig().state != State::kInactive) return false;  // only half connections
    conn_orig = &Resp();
  }
  if (Orig().did_close || Resp().did_close) return true;
  if (p.seq == StartSeq(*conn_orig)) return false;
  // A SYN that matches a SYN-ACK seen first (reordered capture): Deliver flips.
  return !(!ack && conn_orig->state == State::kSynAckSent &&
           Resp().state == State::kInactive && p.seq == StartSeq(Resp()));
}

void ZeekTcp::ChecksumError(bool is_orig) {
  Endpoint& e = is_orig ? Orig() : Resp();
  if (e.checksum_errors.Count()) history_.Add(e.is_orig, 'C');
}

std::uint64_t ZeekTcp::bytes(bool orig) const { return Size(orig ? Orig() : Resp()); }

std::uint64_t ZeekTcp::Size(const Endpoint& e) const {
  const Endpoint& peer = PeerOf(e);
  // A half-open connection discovered and aborted: its numbers mislead.
  if (e.prev_state == State::kSynSent && e.state == State::kReset &&
      peer.state == State::kInactive && !NoDataAcked(e)) {
    return 0;
  }
  const std::uint64_t last = FullSeq(e.last_seq, e.seq_wraps);
  const std::uint64_t ack = FullSeq(e.ack_seq, e.ack_wraps);
  std::uint64_t size = std::max(last, ack) - static_cast<std::uint64_t>(e.start_seq);
  if (size != 0) --size;                       // the SYN (real or assumed)
  if (e.fin_count > 0 && size != 0) --size;    // the FIN
  return size;
}

std::string_view ZeekTcp::conn_state() const {
  const State os = Orig().state, rs = Resp().state;
  const bool o_inactive = os == State::kInactive || os == State::kPartial;
  const bool r_inactive = rs == State::kInactive || rs == State::kPartial;
  if (rs == State::kReset) {
    if (os == State::kSynSent || os == State::kSynAckSent ||
        (os == State::kReset && Size(Orig()) == 0 && Size(Resp()) == 0)) {
      return "REJ";
    }
    return o_inactive ? "RSTRH" : "RSTR";
  }
  if (os == State::kReset) {
    if (!r_inactive) return "RSTO";
    // conn/main.zeek: history =~ /\^?S[^HAFGIQ]*R.*/ (whole string).
    const std::string& h = history();
    std::size_t i = (!h.empty() && h[0] == '^') ? 1 : 0;
    if (i >= h.size() || h[i] != 'S') return "OTH";
    const std::size_t stop = h.find_first_of("HAFGIQR", i + 1);
    return (stop != std::string::npos && h[stop] == 'R') ? "RSTOS0" : "OTH";
  }
  if (rs == State::kClosed && os == State::kClosed) return "SF";
  if (os == State::kClosed) return r_inactive ? "SH" : "S2";
  if (rs == State::kClosed) return o_inactive ? "SHR" : "S3";
  if (os == State::kSynSent && rs == State::kInactive) return "S0";
  if (os == State::kEstablished && rs == State::kEstablished) return "S1";
  return "OTH";
}

}  // namespace wirecheck::capture

// ---------------------------------------------------------------------------
// Endpoint state machine (TCPSessionAdapter::UpdateStateMachine and friends).

namespace wirecheck::capture {

ZeekTcp::Outcome ZeekTcp::UpdateStateMachine(Endpoint& e, bool is_orig, const DecodedPacket& p) {
  Outcome out;
  Endpoint& peer = PeerOf(e);
  switch (e.state) {
    case State::kInactive: UpdateInactive(e, peer, is_orig, p, out); break;
    case State::kSynSent:
    case State::kSynAckSent: UpdateSynSent(e, p, out); break;
    case State::kEstablished:
    case State::kPartial: UpdateEstablished(e, peer, p, out); break;
    case State::kClosed: UpdateClosed(e, peer, p, out); break;
    case State::kReset: break;
  }
  return out;
}

void ZeekTcp::UpdateInactive(Endpoint& e, Endpoint& peer, bool is_orig, const DecodedPacket& p,
                             Outcome& out) {
  const bool syn = p.Has(tcp_flag::kSyn), ack = p.Has(tcp_flag::kAck);
  if (syn && is_orig) {
    SetState(e, ack ? State::kSynAckSent : State::kSynSent);
    attempt_at_ = p.ts + kAttemptDelay;
  } else if (syn) {
    if (!ack && peer.state == State::kSynAckSent && p.seq == StartSeq(e)) {
      // The SYN-ACK was captured before its SYN: swap the roles.
      is_partial_ = false;
      Flip();
      SetState(peer, State::kEstablished);
      first_packet_seen_ |= kOrigSeen;
    }
    if (peer.state == State::kSynSent) SetState(peer, State::kEstablished);
    SetState(e, State::kEstablished);
  }
  if (p.Has(tcp_flag::kFin)) {
    SetState(e, State::kClosed);
    out.do_close = out.gen_event = true;
  }
  if (p.Has(tcp_flag::kRst)) {
    SetState(e, State::kReset);
    const bool is_reject = is_orig ? peer.state == State::kEstablished
                                   : (peer.state == State::kSynSent ||
                                      peer.state == State::kSynAckSent);
    out.do_close = true;
    out.gen_event = !is_reject;
  }
  if (e.state != State::kInactive) return;
  if (!is_orig && PayloadLength(p) == 0 && Orig().state == State::kSynSent) {
    // An ack of the SYN before the SYN-ACK: not a partial connection.
  } else if (ack && peer.state == State::kEstablished) {
    // SYN-ACK seen without its SYN, now the ACK: established after all.
    SetState(e, State::kEstablished);
    is_partial_ = false;
    first_packet_seen_ |= is_orig ? kOrigSeen : kRespSeen;
  } else {
    SetState(e, State::kPartial);
  }
}

void ZeekTcp::UpdateSynSent(Endpoint& e, const DecodedPacket& p, Outcome& out) {
  if (p.Has(tcp_flag::kFin)) {
    SetState(e, State::kClosed);
    out.do_close = out.gen_event = true;
  }
  if (p.Has(tcp_flag::kRst)) {
    SetState(e, State::kReset);
    is_active_ = false;  // ConnectionReset()
    out.do_close = true;
  }
}

void ZeekTcp::UpdateEstablished(Endpoint& e, Endpoint& peer, const DecodedPacket& p,
                                Outcome& out) {
  const bool fin = p.Has(tcp_flag::kFin), rst = p.Has(tcp_flag::kRst);
  if (p.Has(tcp_flag::kSyn) && !p.Has(tcp_flag::kAck) && e.state == State::kPartial &&
      peer.state == State::kInactive) {
    SetState(e, State::kSynSent);  // SYN after a partial start
  }
  if (fin && !rst) {
    SetState(e, State::kClosed);
    // The peer's FIN then RST was a normal close after all.
    if (peer.state == State::kReset && peer.prev_state == State::kClosed) {
      SetState(peer, State::kClosed);
    }
    out.do_close = out.gen_event = true;
  }
  if (rst) {
    SetState(e, State::kReset);
    out.do_close = true;
    if (peer.state != State::kReset || peer.prev_state != State::kEstablished) {
      is_active_ = false;  // ConnectionReset()
    }
  }
}

void ZeekTcp::UpdateClosed(Endpoint& e, Endpoint& peer, const DecodedPacket& p, Outcome& out) {
  // After a FIN exchange, a RST no longer changes the state.
  if (p.Has(tcp_flag::kRst) && peer.state != State::kClosed) {
    SetState(e, State::kReset);
    if (!e.did_close) out.do_close = true;
  }
}

/// TCPSessionAdapter::ConnectionClosed: marks the side closed once its data
/// is delivered, and sets the timer that removes the connection.
void ZeekTcp::ConnectionClosed(Endpoint& e, Endpoint& peer, bool gen_event) {
  if (DataPending(e)) {
    close_deferred_ = true;
    if (!deferred_gen_event_) deferred_gen_event_ = gen_event;
    return;
  }
  close_deferred_ = false;
  if (e.did_close) return;
  e.did_close = true;
  const bool complete =
      e.state == State::kReset || peer.did_close || peer.state == State::kInactive;
  if (!complete) {
    // Zeek's partial-close timer needs a connection_partial_close handler,
    // which the default scripts do not define.
    if (e.prev_state != State::kInactive) {
      auto free_slot = std::find(expire_at_.begin(), expire_at_.end(), kNever);
      *(free_slot != expire_at_.end() ? free_slot : expire_at_.begin() + 1) =
          last_time_ + kSessionTimer;
    }
    return;
  }
  if (e.prev_state != State::kInactive || peer.state != State::kInactive) {
    if (deferred_gen_event_) {
      gen_event = true;
      deferred_gen_event_ = false;
    }
    if (gen_event) is_active_ = false;  // ConnectionFinished()
  }
  attempt_at_ = kNever;  // CancelTimers()
  expire_at_ = {kNever, kNever};
  delete_at_ = last_time_ + kCloseDelay;
}

// ---------------------------------------------------------------------------
// Reassembler bookkeeping: which relative sequence numbers were delivered,
// which are held above a hole, and the gaps an ACK reveals.

void ZeekTcp::DataSent(Endpoint& e, std::uint64_t seq, std::uint64_t len) {
  if (e.skip_deliveries) return;
  const std::uint64_t ack =
      FullSeq(e.ack_seq, e.ack_wraps) - static_cast<std::uint64_t>(e.start_seq);
  std::uint64_t end = seq + len;
  if (seq < ack) {
    if (end <= ack) return;  // delivered and acked already
    seq = ack;
  }
  if (end <= e.trim) return;
  seq = std::max(seq, e.trim);
  if (seq <= e.last_reassem) {
    if (end > e.last_reassem) Deliver(e, end);
  } else {
    auto it = std::lower_bound(e.held.begin(), e.held.end(), std::make_pair(seq, end));
    it = e.held.insert(it, {seq, end});
    // Merge with neighbours so the list stays disjoint.
    if (it != e.held.begin() && std::prev(it)->second >= it->first) {
      --it;
      it->second = std::max(it->second, std::next(it)->second);
      e.held.erase(std::next(it));
    }
    while (std::next(it) != e.held.end() && std::next(it)->first <= it->second) {
      it->second = std::max(it->second, std::next(it)->second);
      e.held.erase(std::next(it));
    }
  }
  const std::uint64_t above_hole = e.held.empty() ? 0 : e.held.back().second - e.last_reassem;
  if (NoDataAcked(e) && above_hole > kMaxAboveHoleWithoutAcks) {
    e.held.clear();
    e.skip_deliveries = true;
  }
}

/// Delivers up to `end` and then every held block that became contiguous.
void ZeekTcp::Deliver(Endpoint& e, std::uint64_t end) {
  e.last_reassem = std::max(e.last_reassem, end);
  while (!e.held.empty() && e.held.front().first <= e.last_reassem) {
    e.last_reassem = std::max(e.last_reassem, e.held.front().second);
    e.held.erase(e.held.begin());
  }
  // Much data, none acked: the peer's acks are probably not captured.
  if (NoDataAcked(e) && Size(e) > kMaxInitialWindow) e.trim = std::max(e.trim, e.last_reassem);
}

void ZeekTcp::AckReceived(Endpoint& e, std::uint64_t seq) {
  if (e.fin_count > 0 && seq >= e.fin_seq) seq = e.fin_seq - 1;  // the FIN is no data
  if (seq <= e.trim) return;
  if (seq > e.last_reassem) Undelivered(e, seq);
  while (!e.held.empty() && e.held.front().second <= seq) e.held.erase(e.held.begin());
  e.trim = seq;
  CheckEof(e);
}

void ZeekTcp::Undelivered(Endpoint& e, std::uint64_t up_to) {
  // The faked SYN octet of a partial connection (or a keep-alive) is no gap.
  if (up_to <= 2 && is_partial_) return;
  if (!e.skip_deliveries) {
    while (!e.held.empty() && e.held.front().first < up_to) {
      const std::uint64_t begin = e.held.front().first;
      Gap(e, begin - e.last_reassem);
      e.last_reassem = begin;
      Deliver(e, begin);
    }
    if (up_to > e.last_reassem) Gap(e, up_to - e.last_reassem);
  }
  e.last_reassem = std::max(e.last_reassem, up_to);
}

void ZeekTcp::Gap(Endpoint& e, std::uint64_t len) {
  // Only gaps while both sides are established or cleanly closing count.
  if (!IsClean(e) || !IsClean(PeerOf(e))) return;
  if (e.gaps.Count()) history_.Add(e.is_orig, 'G');
  missed_bytes_ += len;
}

void ZeekTcp::CheckEof(Endpoint& e) {
  const bool ending = e.fin_count > 0 || e.state == State::kClosed || e.state == State::kReset;
  if (e.did_eof || !ending || DataPending(e)) return;
  e.did_eof = true;
  if (close_deferred_) {
    ConnectionClosed(e, PeerOf(e), deferred_gen_event_);
    close_deferred_ = false;
  }
}

bool ZeekTcp::DataPending(const Endpoint& e) const {
  if (e.skip_deliveries) return false;
  const std::uint64_t delivered = static_cast<std::uint64_t>(e.start_seq) + e.last_reassem;
  const std::uint64_t last = FullSeq(e.last_seq, e.seq_wraps);
  if (last < delivered) return false;
  // Delivered up to the FIN (which takes one sequence number) or the end.
  if (delivered != last - 1 && delivered != last) return true;
  return e.state != State::kReset && !PeerOf(e).held.empty();
}

// ---------------------------------------------------------------------------
// Timers. A connection's own packets drive them: a timer due at T fires when
// a packet at or after T arrives (in Zeek any packet of the trace does).

void ZeekTcp::AdvanceTimers(Timestamp now) {
  if (attempt_at_ <= now) attempt_at_ = kNever;  // fired without removing
  for (Timestamp& t : expire_at_) {
    if (t > now) continue;
    t = is_active_ ? now + kSessionTimer : kNever;  // rescheduled, or dead
  }
}

bool ZeekTcp::ExpireTimerWouldRemove() const {
  const Endpoint& o = Orig();
  const Endpoint& r = Resp();
  const bool both_inactive = o.state == State::kInactive && r.state == State::kInactive;
  if (!o.did_close && !r.did_close) return both_inactive;
  return (o.did_close && r.did_close) || o.state == State::kReset ||
         r.state == State::kReset || o.state == State::kInactive ||
         r.state == State::kInactive || both_inactive;
}

Timestamp ZeekTcp::ComputeExpiresAt() const {
  Timestamp at = std::min(delete_at_, last_time_ + inactivity_timeout_);
  const State os = Orig().state;
  if (is_active_ && attempt_at_ != kNever &&
      (os == State::kSynSent || os == State::kSynAckSent) && Resp().state == State::kInactive) {
    at = std::min(at, attempt_at_);
  }
  if (is_active_ && ExpireTimerWouldRemove()) {
    // Removes when it fires more than tcp_connection_linger after the last packet.
    const Timestamp quiet = last_time_ + kConnectionLinger + Timestamp{1};
    for (Timestamp t : expire_at_) {
      if (t != kNever) at = std::min(at, std::max(t, quiet));
    }
  }
  return at;
}

}  // namespace wirecheck::capture
