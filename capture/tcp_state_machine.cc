#include "capture/tcp_state_machine.h"

#include <utility>

#include "capture/seq.h"

namespace wirecheck::capture {

namespace {

/// Sequence space a segment occupies: SYN and FIN count one each.
std::uint32_t SeqLength(const DecodedPacket& p) {
  return p.payload_length + (p.Has(tcp_flag::kSyn) ? 1 : 0) + (p.Has(tcp_flag::kFin) ? 1 : 0);
}

}  // namespace

void TcpStateMachine::Path::push_back(TcpState s) {
  if (size_ < kInPlace) {
    first_[size_++] = s;
    return;
  }
  if (!more_) more_ = std::make_unique<std::vector<TcpState>>();
  more_->push_back(s);
  size_ = kInPlace + 1;
}

void TcpStateMachine::Path::pop_back() {
  if (size_ <= kInPlace) {
    --size_;
    return;
  }
  more_->pop_back();
  if (more_->empty()) size_ = kInPlace;
}

std::vector<TcpState> TcpStateMachine::Path::ToVector() const {
  const std::size_t in_place = size_ < kInPlace ? size_ : kInPlace;
  std::vector<TcpState> all(first_.begin(), first_.begin() + in_place);
  if (size_ > kInPlace) all.insert(all.end(), more_->begin(), more_->end());
  return all;
}

void TcpStateMachine::PackTo(StatePacker& out, const std::array<std::uint32_t, 2>& seq_near) const {
  WIRECHECK_CHECK_PACKED_SIZE(TcpStateMachine, 72);
  WIRECHECK_CHECK_PACKED_SIZE(Side, 32);
  for (std::size_t i = 0; i < 2; ++i) {
    const Side& s = sides_[i];
    out.Enumerator(s.state);
    out.Flags({s.fin_sent, s.fin_acked, s.saw_peer_fin});
    out.Seq(s.fin_seq, seq_near[i]);
    s.path.PackTo(out);
  }
  out.Bool(simultaneous_close_);
}

void TcpStateMachine::UnpackFrom(StateUnpacker& in, const std::array<std::uint32_t, 2>& seq_near) {
  for (std::size_t i = 0; i < 2; ++i) {
    Side& s = sides_[i];
    s.state = in.Enumerator<TcpState>();
    StateUnpacker::FlagBits flags = in.Flags();
    s.fin_sent = flags.Next();
    s.fin_acked = flags.Next();
    s.saw_peer_fin = flags.Next();
    s.fin_seq = in.Seq(seq_near[i]);
    s.path.UnpackFrom(in);
  }
  simultaneous_close_ = in.Bool();
}

void TcpStateMachine::Path::PackTo(StatePacker& out) const {
  const std::size_t in_place = size_ < kInPlace ? size_ : kInPlace;
  out.Unsigned(in_place + (size_ > kInPlace ? more_->size() : 0));
  for (std::size_t i = 0; i < in_place; ++i) out.Enumerator(first_[i]);
  if (size_ > kInPlace) {
    for (TcpState s : *more_) out.Enumerator(s);
  }
}

void TcpStateMachine::Path::UnpackFrom(StateUnpacker& in) {
  size_ = 0;
  more_.reset();
  for (std::uint64_t n = in.Unsigned(); n > 0; --n) push_back(in.Enumerator<TcpState>());
}

void TcpStateMachine::Enter(Side& s, TcpState next) {
  if (!s.path.empty() && s.state == next) return;
  s.state = next;
  s.path.push_back(next);
}

void TcpStateMachine::OnSegment(Direction from, const DecodedPacket& packet) {
  Side& sender = side(from);
  Side& receiver = side(Reverse(from));
  OnSend(sender, receiver, packet);
  OnReceive(receiver, sender, packet);
}

void TcpStateMachine::Swap() {
  std::swap(sides_[0], sides_[1]);
}

void TcpStateMachine::OnSend(Side& me, Side& peer, const DecodedPacket& p) {
  if (p.Has(tcp_flag::kRst)) {
    Enter(me, TcpState::kClosed);
    return;
  }
  if (p.Has(tcp_flag::kSyn)) {
    if (!p.Has(tcp_flag::kAck)) {
      if (me.path.empty() || me.state == TcpState::kClosed) Enter(me, TcpState::kSynSent);
    } else if (me.state == TcpState::kSynSent) {
      Enter(me, TcpState::kSynReceived);  // simultaneous open
    } else if (me.path.empty() || me.state == TcpState::kListen) {
      Enter(me, TcpState::kListen);       // it answered a SYN: it was listening
      Enter(me, TcpState::kSynReceived);
    }
  } else if (me.path.empty()) {
    Enter(me, TcpState::kEstablished);    // mid-stream start: inferred
  } else if (me.state == TcpState::kSynSent && p.Has(tcp_flag::kAck)) {
    Enter(me, TcpState::kEstablished);    // third packet of the handshake
  }
  if (!p.Has(tcp_flag::kFin) || me.fin_sent) return;
  me.fin_sent = true;
  me.fin_seq = p.seq + SeqLength(p) - 1;
  const bool acks_peer_fin = peer.fin_sent && p.Has(tcp_flag::kAck) &&
                             seq::Ge(p.ack, peer.fin_seq + 1);
  if (me.state == TcpState::kCloseWait && !acks_peer_fin) {
    // Sent before the peer's FIN arrived: both sides are closing at once.
    simultaneous_close_ = true;
    me.path.pop_back();
    me.state = me.path.empty() ? TcpState::kClosed : me.path.back();
    Enter(me, TcpState::kFinWait1);
    Enter(me, TcpState::kClosing);
  } else if (me.state == TcpState::kCloseWait) {
    Enter(me, TcpState::kLastAck);
  } else if (me.state == TcpState::kEstablished || me.state == TcpState::kSynReceived) {
    Enter(me, TcpState::kFinWait1);
  }
}

void TcpStateMachine::OnReceive(Side& me, Side& peer, const DecodedPacket& p) {
  (void)peer;
  if (p.Has(tcp_flag::kRst)) {
    if (!me.path.empty()) Enter(me, TcpState::kClosed);
    return;
  }
  if (me.path.empty() && !p.Has(tcp_flag::kSyn)) Enter(me, TcpState::kEstablished);
  if (p.Has(tcp_flag::kAck) && !p.Has(tcp_flag::kSyn) && me.state == TcpState::kSynReceived) {
    Enter(me, TcpState::kEstablished);
  }
  if (me.fin_sent && !me.fin_acked && p.Has(tcp_flag::kAck) && seq::Ge(p.ack, me.fin_seq + 1)) {
    me.fin_acked = true;
    if (me.state == TcpState::kFinWait1) Enter(me, TcpState::kFinWait2);
    else if (me.state == TcpState::kClosing) Enter(me, TcpState::kTimeWait);
    else if (me.state == TcpState::kLastAck) Enter(me, TcpState::kClosed);
  }
  if (!p.Has(tcp_flag::kFin) || me.saw_peer_fin) return;
  me.saw_peer_fin = true;
  switch (me.state) {
    case TcpState::kEstablished:
    case TcpState::kSynReceived: Enter(me, TcpState::kCloseWait); break;
    case TcpState::kFinWait1: Enter(me, TcpState::kClosing); break;
    case TcpState::kFinWait2: Enter(me, TcpState::kTimeWait); break;
    default: break;
  }
}

}  // namespace wirecheck::capture
