// TcpConversation frozen and thawed (frozen_tcp.h). Every field is packed,
// so a thawed conversation is the frozen one: nothing here depends on which
// fields a closed connection still reads, and no field is dropped. What
// makes the form small is only how numbers are written: most are small or
// zero once relative to the connection's first packet (times) or to each
// side's first sequence number. ZeekTcp is packed first: the thawing
// constructor builds it before its own body reads the rest.

#include "capture/tcp_conversation.h"

namespace wirecheck::capture {

namespace {

void PackEndpoint(StatePacker& out, const Endpoint& e) {
  out.Bool(e.addr.is_v6());
  const auto& bytes = e.addr.bytes();
  out.Raw(e.addr.is_v6() ? std::span<const std::uint8_t>(bytes) : std::span<const std::uint8_t>(bytes).subspan(12));
  out.Unsigned(e.port);
}

Endpoint UnpackEndpoint(StateUnpacker& in) {
  Endpoint e;
  if (in.Bool()) {
    std::array<std::uint8_t, 16> bytes;
    in.RawInto(bytes.data(), bytes.size());
    e.addr = IpAddress::V6(bytes);
  } else {
    std::array<std::uint8_t, 4> bytes;
    in.RawInto(bytes.data(), bytes.size());
    e.addr = IpAddress::V4(bytes);
  }
  e.port = in.Narrow<std::uint16_t>();
  return e;
}

/// 0: none, 1 + the direction.
void PackDirection(StatePacker& out, const std::optional<Direction>& d) {
  out.Unsigned(d ? 1 + static_cast<std::uint64_t>(*d) : 0);
}

std::optional<Direction> UnpackDirection(StateUnpacker& in) {
  const std::uint64_t v = in.Unsigned();
  if (v == 0) return std::nullopt;
  return static_cast<Direction>(v - 1);
}

void PackOptions(StatePacker& out, const TcpOptions& o) {
  WIRECHECK_CHECK_PACKED_SIZE(TcpOptions, 16);
  out.Unsigned(o.mss);
  out.Signed(o.window_scale);
  out.Flags({o.sack_permitted, o.has_timestamps});
  out.Unsigned(o.ts_val);
  out.Unsigned(o.ts_ecr);
}

TcpOptions UnpackOptions(StateUnpacker& in) {
  TcpOptions o;
  o.mss = in.Narrow<std::uint16_t>();
  o.window_scale = static_cast<std::int8_t>(in.Signed());
  StateUnpacker::FlagBits flags = in.Flags();
  o.sack_permitted = flags.Next();
  o.has_timestamps = flags.Next();
  o.ts_val = in.Narrow<std::uint32_t>();
  o.ts_ecr = in.Narrow<std::uint32_t>();
  return o;
}

void PackRecord(StatePacker& out, const PacketRecord& r) {
  WIRECHECK_CHECK_PACKED_SIZE(PacketRecord, 40);
  out.Unsigned(r.number);
  out.Time(r.ts);
  out.Enumerator(r.dir);
  out.Unsigned(r.flags);
  out.Unsigned(r.rel_seq);
  out.Unsigned(r.rel_ack);
  out.Unsigned(r.payload_length);
  out.Unsigned(r.window);
  out.Enumerator(r.kind);
}

void UnpackRecord(StateUnpacker& in, PacketRecord& r) {
  r.number = in.Unsigned();
  r.ts = in.Time();
  r.dir = in.Enumerator<Direction>();
  r.flags = in.Narrow<std::uint8_t>();
  r.rel_seq = in.Narrow<std::uint32_t>();
  r.rel_ack = in.Narrow<std::uint32_t>();
  r.payload_length = in.Narrow<std::uint32_t>();
  r.window = in.Narrow<std::uint16_t>();
  r.kind = in.Enumerator<SegmentKind>();
}

}  // namespace

void TcpConversation::PackSent(StatePacker& out, const Sent& s, std::uint32_t seq_near) {
  WIRECHECK_CHECK_PACKED_SIZE(Sent, 112);
  out.Unsigned(s.packets);
  out.Unsigned(s.ip_bytes);
  out.Unsigned(s.payload_bytes);
  out.Unsigned(s.fin_packet);
  out.Unsigned(s.rst_packet);
  out.Time(s.fin_ts);
  out.Time(s.rst_ts);
  out.Unsigned(s.retransmissions);
  out.Unsigned(s.out_of_order);
  out.Unsigned(s.overlaps);
  out.Unsigned(s.zero_windows);
  out.Seq(s.isn, seq_near);
  out.Bool(s.syn_seen);
  PackOptions(out, s.syn_options);
}

void TcpConversation::UnpackSent(StateUnpacker& in, Sent& s, std::uint32_t seq_near) {
  s.packets = in.Unsigned();
  s.ip_bytes = in.Unsigned();
  s.payload_bytes = in.Unsigned();
  s.fin_packet = in.Unsigned();
  s.rst_packet = in.Unsigned();
  s.fin_ts = in.Time();
  s.rst_ts = in.Time();
  s.retransmissions = in.Unsigned();
  s.out_of_order = in.Unsigned();
  s.overlaps = in.Unsigned();
  s.zero_windows = in.Unsigned();
  s.isn = in.Seq(seq_near);
  s.syn_seen = in.Bool();
  s.syn_options = UnpackOptions(in);
}

FrozenTcp TcpConversation::Freeze(std::vector<std::uint8_t>* scratch) const {
  WIRECHECK_CHECK_PACKED_SIZE(TcpConversation, 992);
  WIRECHECK_CHECK_PACKED_SIZE(Handshake, 56);
  StatePacker out(scratch, first_ts_);
  zeek_.PackTo(out);
  out.Unsigned(seq_base_[0]);
  out.Unsigned(seq_base_[1]);
  out.Flags({seq_base_known_[0], seq_base_known_[1], packets_truncated_,
             handshake_.data_before_complete});
  out.Unsigned(id_);
  PackEndpoint(out, orig_);
  PackEndpoint(out, resp_);
  out.Enumerator(originator_rule_);
  PackDirection(out, first_fin_);
  PackDirection(out, first_rst_);
  out.Time(first_ts_);
  out.Time(last_ts_);
  out.Unsigned(ip_fragments_);
  out.Unsigned(handshake_.syn_packet);
  out.Unsigned(handshake_.syn_ack_packet);
  out.Unsigned(handshake_.ack_packet);
  out.Time(handshake_.syn_ts);
  out.Time(handshake_.syn_ack_ts);
  out.Time(handshake_.ack_ts);
  for (std::size_t i = 0; i < 2; ++i) PackSent(out, sent_[i], seq_base_[i]);
  out.Unsigned(packets_.size());
  for (const PacketRecord& r : packets_) PackRecord(out, r);
  states_.PackTo(out, seq_base_);
  for (std::size_t i = 0; i < 2; ++i) streams_[i].PackTo(out, seq_base_[i]);
  return FrozenTcp(out.packed(), first_ts_, ExpiresAt());
}

TcpConversation::TcpConversation(const FrozenTcp& frozen, const AnalyzerOptions& options)
    : TcpConversation(StateUnpacker(frozen.bytes(), frozen.base()), options) {}

TcpConversation::TcpConversation(StateUnpacker in, const AnalyzerOptions& options)
    : options_(options), zeek_(in) {
  seq_base_[0] = in.Narrow<std::uint32_t>();
  seq_base_[1] = in.Narrow<std::uint32_t>();
  StateUnpacker::FlagBits flags = in.Flags();
  seq_base_known_[0] = flags.Next();
  seq_base_known_[1] = flags.Next();
  packets_truncated_ = flags.Next();
  handshake_.data_before_complete = flags.Next();
  id_ = in.Unsigned();
  orig_ = UnpackEndpoint(in);
  resp_ = UnpackEndpoint(in);
  originator_rule_ = in.Enumerator<OriginatorRule>();
  first_fin_ = UnpackDirection(in);
  first_rst_ = UnpackDirection(in);
  first_ts_ = in.Time();
  last_ts_ = in.Time();
  ip_fragments_ = in.Unsigned();
  handshake_.syn_packet = in.Unsigned();
  handshake_.syn_ack_packet = in.Unsigned();
  handshake_.ack_packet = in.Unsigned();
  handshake_.syn_ts = in.Time();
  handshake_.syn_ack_ts = in.Time();
  handshake_.ack_ts = in.Time();
  for (std::size_t i = 0; i < 2; ++i) UnpackSent(in, sent_[i], seq_base_[i]);
  packets_.resize(in.Unsigned());
  for (PacketRecord& r : packets_) UnpackRecord(in, r);
  states_.UnpackFrom(in, seq_base_);
  for (std::size_t i = 0; i < 2; ++i) streams_[i].UnpackFrom(in, seq_base_[i]);
  assert(in.AtEnd());
}

}  // namespace wirecheck::capture
