#include "capture/udp_conversation.h"

#include <algorithm>
#include <utility>

namespace wirecheck::capture {

UdpConversation::UdpConversation(std::uint64_t id, const DecodedPacket& first,
                                 const AnalyzerOptions& options)
    : options_(options),
      id_(id),
      ends_{Endpoint{first.src, first.src_port}, Endpoint{first.dst, first.dst_port}},
      first_ts_(first.ts),
      last_ts_(first.ts),
      zeek_(first, !ZeekUdp::SenderIsOriginator(first)) {
  const bool sender_is_orig = ZeekUdp::SenderIsOriginator(first);
  orig_ = sender_is_orig ? 0 : 1;
  originator_rule_ = sender_is_orig ? OriginatorRule::kFirstDatagram : OriginatorRule::kServerPort;
  records_.reserve(8);
  AddSeen(0, first);
}

bool UdpConversation::FromOrig(const DecodedPacket& packet) const {
  const Endpoint& orig = ends_[orig_];
  return packet.src_port == orig.port && packet.src == orig.addr;
}

void UdpConversation::Add(const DecodedPacket& packet) {
  const bool is_orig = FromOrig(packet);
  const std::size_t sender = is_orig ? orig_ : orig_ ^ 1u;
  if (zeek_.Deliver(is_orig, packet)) orig_ ^= 1u;
  AddSeen(sender, packet);
}

void UdpConversation::AddPortUnreachable(const PortUnreachable& icmp) {
  if (!unreachable_) unreachable_ = std::make_unique<Unreachable>();
  if (unreachable_->count++ >= kPortUnreachableMarksKept) return;
  const bool first_sent = icmp.src_port == ends_[0].port && icmp.src == ends_[0].addr;
  unreachable_->kept.push_back({PortUnreachableMark{icmp.number, icmp.ts}, first_sent ? 0u : 1u});
}

void UdpConversation::AddSeen(std::size_t sender, const DecodedPacket& p) {
  Sent& s = sent_[sender];
  ++s.packets;
  s.ip_bytes += p.ip_length;
  s.payload_bytes += p.payload_length;
  last_ts_ = std::max(last_ts_, p.ts);  // capture times can step back
  if (p.ip_fragment) ++ip_fragments_;

  const std::size_t cap = options_.payload_cap;
  const std::size_t room = cap - static_cast<std::size_t>(std::min<std::uint64_t>(cap, s.kept));
  const std::size_t take = std::min(room, p.payload.size());
  if (take < p.payload_length) s.data_truncated = true;
  s.kept += take;
  if (bytes_.size() + take > bytes_.capacity()) {
    // Grow by half, not double: the buffer lives as long as the flow.
    bytes_.reserve(std::max(bytes_.size() + take, bytes_.capacity() + bytes_.capacity() / 2));
  }
  bytes_.append(reinterpret_cast<const char*>(p.payload.data()), take);
  Record& r = records_.emplace_back();  // in place: see TcpConversation::RecordPacket
  r.number = p.number;
  r.ts = p.ts;
  r.length = p.payload_length;
  r.kept_sender = static_cast<std::uint32_t>(take << 1 | sender);  // take <= 65535: a UDP length
}

void UdpConversation::FinishSide(std::size_t end, Conversation& conv) const {
  const bool is_orig = end == orig_;
  DirectionFacts& f = conv.from(is_orig ? Direction::kOrig : Direction::kResp);
  const Sent& s = sent_[end];
  f.packets = s.packets;
  f.ip_bytes = s.ip_bytes;
  f.payload_bytes = s.payload_bytes;
  f.zeek_bytes = zeek_.bytes(is_orig);
  f.stream_bytes = s.payload_bytes;
  f.data_truncated = s.data_truncated;
  f.data.reserve(s.kept);
  f.datagrams.reserve(s.packets);
  std::size_t at = 0;
  for (const Record& r : records_) {
    if (r.sender() == end) {
      f.datagrams.push_back(Datagram{r.number, r.ts, r.length, r.kept(), f.data.size()});
      f.data.append(bytes_, at, r.kept());
    }
    at += r.kept();
  }
}

Conversation UdpConversation::Finish() {
  Conversation conv;
  conv.id = id_;
  conv.transport = Transport::kUdp;
  conv.orig = ends_[orig_];
  conv.resp = ends_[orig_ ^ 1u];
  conv.originator_rule = originator_rule_;
  conv.first_ts = first_ts_;
  conv.last_ts = last_ts_;
  conv.zeek_last_ts = last_ts_;
  conv.ip_fragments = ip_fragments_;
  FinishSide(0, conv);
  FinishSide(1, conv);
  const std::size_t recorded = std::min(records_.size(), options_.packet_record_cap);
  conv.packets_truncated = recorded < records_.size();
  conv.packets.reserve(recorded);
  for (std::size_t i = 0; i < recorded; ++i) {
    const Record& r = records_[i];
    PacketRecord p;
    p.number = r.number;
    p.ts = r.ts;
    p.dir = r.sender() == orig_ ? Direction::kOrig : Direction::kResp;
    p.payload_length = r.length;
    conv.packets.push_back(p);
  }
  if (unreachable_) {
    conv.port_unreachable_count = unreachable_->count;
    for (auto [mark, sender] : unreachable_->kept) {
      mark.refused = sender == orig_ ? Direction::kOrig : Direction::kResp;
      conv.port_unreachable.push_back(mark);
    }
    unreachable_.reset();
  }
  conv.history = zeek_.history();
  conv.conn_state = std::string(zeek_.conn_state());
  records_ = {};
  bytes_ = {};
  return conv;
}

}  // namespace wirecheck::capture
