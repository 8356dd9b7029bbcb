#include "capture/zeek_tcp.h"

#include <algorithm>
#include <limits>

#include "capture/likely_server_ports.h"
#include "capture/seq.h"
#include "capture/zeek_tcp_rules.h"

namespace wirecheck::capture {
using namespace zeek_tcp_rules;


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
  if (FlipAfterLoneSynAck(packet)) is_orig = !is_orig;
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

bool ZeekTcp::FlipAfterLoneSynAck(const DecodedPacket& p) {
  // "Right after a SYN-ACK": the history is still the originator's one 'H'.
  const std::string& h = history_.letters();
  if (h.size() != 1 || h[0] != 'H') return false;
  // A stealth scan answers a SYN-ACK with a RST or nothing: only an ACK or
  // data (no SYN, FIN or RST) shows the SYN-ACK's sender is the server.
  if (p.flags & (tcp_flag::kSyn | tcp_flag::kFin | tcp_flag::kRst)) return false;
  if (!p.Has(tcp_flag::kAck) && PayloadLength(p) == 0) return false;
  Flip();
  // The SYN-ACK is rewritten as the responder's, as if flipped at the start.
  history_.Replace("^h");
  // Zeek PR #2552: a connection flipped this way is not partial.
  first_packet_seen_ |= kOrigSeen;
  return true;
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
