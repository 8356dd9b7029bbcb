#include "capture/zeek_tcp.h"

#include "capture/zeek_tcp_rules.h"

// ---------------------------------------------------------------------------
// Endpoint state machine (TCPSessionAdapter::UpdateStateMachine and friends).

namespace wirecheck::capture {

using namespace zeek_tcp_rules;

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
