#include "capture/tcp_conversation.h"

#include <algorithm>
#include <utility>

namespace wirecheck::capture {

namespace {

std::size_t Index(Direction d) { return static_cast<std::size_t>(d); }

bool IsDone(TcpState s) { return s == TcpState::kTimeWait || s == TcpState::kClosed; }

std::optional<Direction> Reversed(std::optional<Direction> d) {
  if (!d) return d;
  return Reverse(*d);
}

}  // namespace

TcpConversation::TcpConversation(std::uint64_t id, const DecodedPacket& first,
                                 const AnalyzerOptions& options)
    : options_(options),
      zeek_(first, !ZeekTcp::SenderIsOriginator(first)),
      streams_{StreamReassembler(options.payload_cap), StreamReassembler(options.payload_cap)} {
  const bool sender_is_orig = ZeekTcp::SenderIsOriginator(first);
  id_ = id;
  const Endpoint src{first.src, first.src_port};
  const Endpoint dst{first.dst, first.dst_port};
  orig_ = sender_is_orig ? src : dst;
  resp_ = sender_is_orig ? dst : src;
  if (first.Has(tcp_flag::kSyn) && !first.Has(tcp_flag::kAck)) {
    originator_rule_ = OriginatorRule::kFirstSyn;
  } else {
    originator_rule_ = sender_is_orig ? OriginatorRule::kFirstPacket : OriginatorRule::kServerPort;
  }
  first_ts_ = first.ts;
  packets_.reserve(std::min<std::size_t>(16, options.packet_record_cap));
  AddSeen(sender_is_orig ? Direction::kOrig : Direction::kResp, first);
}

bool TcpConversation::FromOrig(const DecodedPacket& packet) const {
  return packet.src_port == orig_.port && packet.src == orig_.addr &&
         !(packet.dst_port == orig_.port && packet.dst == orig_.addr && orig_ == resp_);
}

bool TcpConversation::IsReuse(const DecodedPacket& packet) const {
  if (!packet.Has(tcp_flag::kSyn)) return false;  // Zeek's first test, before the roles are looked up
  return zeek_.IsReuse(FromOrig(packet), packet);
}

bool TcpConversation::Finished() const {
  if (first_rst_) return true;
  return sent_[0].fin_packet && sent_[1].fin_packet &&
         IsDone(states_.state(Direction::kOrig)) && IsDone(states_.state(Direction::kResp));
}

void TcpConversation::Add(const DecodedPacket& packet) {
  bool is_orig = FromOrig(packet);
  if (zeek_.Deliver(is_orig, packet)) {
    Flip();
    is_orig = !is_orig;
  }
  AddSeen(is_orig ? Direction::kOrig : Direction::kResp, packet);
}

void TcpConversation::AddSeen(Direction dir, const DecodedPacket& p) {
  Sent& f = from(dir);
  ++f.packets;
  f.ip_bytes += p.ip_length;
  f.payload_bytes += p.payload_length;
  last_ts_ = std::max(last_ts_, p.ts);  // capture times can step back
  if (p.ip_fragment) ++ip_fragments_;
  NoteFlags(dir, p);
  NoteHandshake(dir, p);
  states_.OnSegment(dir, p);
  RecordPacket(dir, p, AddPayload(dir, p));
}

void TcpConversation::NoteFlags(Direction dir, const DecodedPacket& p) {
  Sent& f = from(dir);
  const std::size_t i = Index(dir);
  if (p.Has(tcp_flag::kSyn) && !f.syn_seen) {
    if (dir == Direction::kOrig && !p.Has(tcp_flag::kAck)) originator_rule_ = OriginatorRule::kFirstSyn;
    f.syn_seen = true;
    f.isn = p.seq;
    f.syn_options = p.options;
    seq_base_[i] = p.seq;
    seq_base_known_[i] = true;
  }
  if (!seq_base_known_[i]) {
    seq_base_[i] = p.seq;  // no SYN: relative to the first segment, as Wireshark does
    seq_base_known_[i] = true;
  }
  if (p.Has(tcp_flag::kFin) && !f.fin_packet) {
    f.fin_packet = p.number;
    f.fin_ts = p.ts;
    if (!first_fin_) first_fin_ = dir;
  }
  if (p.Has(tcp_flag::kRst) && !f.rst_packet) {
    f.rst_packet = p.number;
    f.rst_ts = p.ts;
    if (!first_rst_) first_rst_ = dir;
  }
  if (p.window == 0 && p.Has(tcp_flag::kAck) &&
      !p.Has(tcp_flag::kSyn) && !p.Has(tcp_flag::kFin) && !p.Has(tcp_flag::kRst)) {
    ++f.zero_windows;
  }
}

void TcpConversation::NoteHandshake(Direction dir, const DecodedPacket& p) {
  Handshake& h = handshake_;
  const bool syn = p.Has(tcp_flag::kSyn);
  const bool ack = p.Has(tcp_flag::kAck);
  if (syn && !ack && dir == Direction::kOrig && !h.syn_packet) {
    h.syn_packet = p.number;
    h.syn_ts = p.ts;
  } else if (syn && ack && dir == Direction::kResp && h.syn_packet && !h.syn_ack_packet) {
    h.syn_ack_packet = p.number;
    h.syn_ack_ts = p.ts;
  } else if (!syn && ack && dir == Direction::kOrig && h.syn_ack_packet && !h.ack_packet &&
             p.ack == from(Direction::kResp).isn + 1) {
    h.ack_packet = p.number;
    h.ack_ts = p.ts;
    return;  // data on the third packet of the handshake is in order
  }
  if (p.payload_length > 0 && h.syn_packet && !h.complete()) h.data_before_complete = true;
}

SegmentKind TcpConversation::AddPayload(Direction dir, const DecodedPacket& p) {
  StreamReassembler& stream = streams_[Index(dir)];
  if (p.Has(tcp_flag::kSyn) && !stream.started()) stream.Start(p.seq + 1);
  // A RST's payload is a diagnostic, not stream data (RFC 1122 4.2.2.12).
  if (p.payload_length == 0 || p.Has(tcp_flag::kRst)) return SegmentKind::kEmpty;
  const std::uint32_t data_seq = p.seq + (p.Has(tcp_flag::kSyn) ? 1u : 0u);
  const SegmentKind kind = stream.Add(data_seq, p.payload_length, p.payload);
  Sent& f = from(dir);
  if (kind == SegmentKind::kRetransmission) ++f.retransmissions;
  else if (kind == SegmentKind::kOutOfOrder) ++f.out_of_order;
  else if (kind == SegmentKind::kPartialOverlap) ++f.overlaps;
  return kind;
}

void TcpConversation::RecordPacket(Direction dir, const DecodedPacket& p, SegmentKind kind) {
  if (packets_.size() >= options_.packet_record_cap) {
    packets_truncated_ = true;
    return;
  }
  const std::size_t i = Index(dir);
  const std::size_t peer = Index(Reverse(dir));
  // Filled in place: a record built on the stack and copied is read back
  // in 16-byte halves from its 1- to 8-byte stores, a store-forwarding
  // stall per packet.
  PacketRecord& r = packets_.emplace_back();
  r.number = p.number;
  r.ts = p.ts;
  r.dir = dir;
  r.flags = p.flags;
  r.rel_seq = p.seq - seq_base_[i];
  r.rel_ack = (p.Has(tcp_flag::kAck) && seq_base_known_[peer]) ? p.ack - seq_base_[peer] : 0;
  r.payload_length = p.payload_length;
  r.window = p.window;
  r.kind = kind;
}

void TcpConversation::Flip() {
  std::swap(orig_, resp_);
  std::swap(sent_[0], sent_[1]);
  std::swap(streams_[0], streams_[1]);
  std::swap(seq_base_[0], seq_base_[1]);
  std::swap(seq_base_known_[0], seq_base_known_[1]);
  states_.Swap();
  first_fin_ = Reversed(first_fin_);
  first_rst_ = Reversed(first_rst_);
  for (PacketRecord& r : packets_) r.dir = Reverse(r.dir);
  RebuildHandshake();
}

void TcpConversation::RebuildHandshake() {
  // After a flip (e.g. a SYN-ACK captured before its SYN), replay the
  // records with the roles as they are now; the SYN-ACK may precede the SYN.
  Handshake h;
  for (const PacketRecord& r : packets_) {
    const bool syn = r.flags & tcp_flag::kSyn, ack = r.flags & tcp_flag::kAck;
    if (syn && !ack && r.dir == Direction::kOrig && !h.syn_packet) {
      h.syn_packet = r.number;
      h.syn_ts = r.ts;
    } else if (syn && ack && r.dir == Direction::kResp && !h.syn_ack_packet) {
      h.syn_ack_packet = r.number;
      h.syn_ack_ts = r.ts;
    } else if (!syn && ack && r.dir == Direction::kOrig && h.syn_packet && h.syn_ack_packet &&
               !h.ack_packet && r.rel_ack == 1) {
      h.ack_packet = r.number;
      h.ack_ts = r.ts;
      continue;
    }
    if (r.payload_length > 0 && h.syn_packet && !h.complete()) h.data_before_complete = true;
  }
  handshake_ = h;
}

Conversation TcpConversation::Finish() {
  Conversation conv;
  conv.id = id_;
  conv.transport = Transport::kTcp;
  conv.orig = orig_;
  conv.resp = resp_;
  conv.originator_rule = originator_rule_;
  conv.first_ts = first_ts_;
  conv.last_ts = last_ts_;
  conv.handshake = handshake_;
  conv.first_fin = first_fin_;
  conv.first_rst = first_rst_;
  conv.packets = std::move(packets_);
  conv.packets_truncated = packets_truncated_;
  conv.ip_fragments = ip_fragments_;
  for (Direction d : {Direction::kOrig, Direction::kResp}) {
    const Sent& s = from(d);
    DirectionFacts& f = conv.from(d);
    f.packets = s.packets;
    f.ip_bytes = s.ip_bytes;
    f.payload_bytes = s.payload_bytes;
    f.syn_seen = s.syn_seen;
    f.isn = s.isn;
    f.syn_options = s.syn_options;
    f.fin_packet = s.fin_packet;
    f.fin_ts = s.fin_ts;
    f.rst_packet = s.rst_packet;
    f.rst_ts = s.rst_ts;
    f.retransmissions = s.retransmissions;
    f.out_of_order = s.out_of_order;
    f.overlaps = s.overlaps;
    f.zero_windows = s.zero_windows;
    StreamReassembler& stream = streams_[Index(d)];
    stream.Finish();
    f.stream_bytes = stream.delivered();
    f.data_truncated = stream.data_truncated();
    f.data = stream.TakeData();
    f.gaps = stream.gaps();
    f.states = states_.TakePath(d);
    f.zeek_bytes = zeek_.bytes(d == Direction::kOrig);
  }
  conv.simultaneous_close = states_.simultaneous_close();
  conv.history = zeek_.history();
  conv.conn_state = std::string(zeek_.conn_state());
  conv.missed_bytes = zeek_.missed_bytes();
  conv.zeek_last_ts = zeek_.last_time();
  return conv;
}

TcpTombstone TcpConversation::Retire() && {
  return TcpTombstone(zeek_.ExpiresAt(), zeek_.state(true) == ZeekTcp::State::kInactive);
}

}  // namespace wirecheck::capture
