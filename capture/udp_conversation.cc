#include "capture/udp_conversation.h"

#include <algorithm>
#include <utility>

namespace wirecheck::capture {

UdpConversation::UdpConversation(std::uint64_t id, const DecodedPacket& first,
                                 const AnalyzerOptions& options)
    : options_(options), zeek_(first, !ZeekUdp::SenderIsOriginator(first)) {
  const bool sender_is_orig = ZeekUdp::SenderIsOriginator(first);
  conv_.id = id;
  conv_.transport = Transport::kUdp;
  const Endpoint src{first.src, first.src_port};
  const Endpoint dst{first.dst, first.dst_port};
  conv_.orig = sender_is_orig ? src : dst;
  conv_.resp = sender_is_orig ? dst : src;
  conv_.originator_rule = sender_is_orig ? OriginatorRule::kFirstDatagram : OriginatorRule::kServerPort;
  conv_.first_ts = first.ts;
  conv_.packets.reserve(std::min<std::size_t>(16, options.packet_record_cap));
  AddSeen(sender_is_orig ? Direction::kOrig : Direction::kResp, first);
}

bool UdpConversation::FromOrig(const DecodedPacket& packet) const {
  return packet.src_port == conv_.orig.port && packet.src == conv_.orig.addr;
}

void UdpConversation::Add(const DecodedPacket& packet) {
  bool is_orig = FromOrig(packet);
  if (zeek_.Deliver(is_orig, packet)) {
    Flip();
    is_orig = !is_orig;
  }
  AddSeen(is_orig ? Direction::kOrig : Direction::kResp, packet);
}

void UdpConversation::AddSeen(Direction dir, const DecodedPacket& p) {
  DirectionFacts& f = conv_.from(dir);
  ++f.packets;
  f.ip_bytes += p.ip_length;
  f.payload_bytes += p.payload_length;
  conv_.last_ts = std::max(conv_.last_ts, p.ts);  // capture times can step back
  if (p.ip_fragment) ++conv_.ip_fragments;

  const std::size_t room = options_.payload_cap - std::min(options_.payload_cap, f.data.size());
  const std::size_t take = std::min(room, p.payload.size());
  Datagram d;
  d.number = p.number;
  d.ts = p.ts;
  d.length = p.payload_length;
  d.kept = static_cast<std::uint32_t>(take);
  d.offset = f.data.size();
  f.data.append(reinterpret_cast<const char*>(p.payload.data()), take);
  if (take < p.payload_length) f.data_truncated = true;
  f.datagrams.push_back(d);

  if (conv_.packets.size() >= options_.packet_record_cap) {
    conv_.packets_truncated = true;
    return;
  }
  PacketRecord r;
  r.number = p.number;
  r.ts = p.ts;
  r.dir = dir;
  r.payload_length = p.payload_length;
  conv_.packets.push_back(r);
}

void UdpConversation::Flip() {
  std::swap(conv_.orig, conv_.resp);
  std::swap(conv_.dir[0], conv_.dir[1]);
  for (PacketRecord& r : conv_.packets) r.dir = Reverse(r.dir);
}

Conversation UdpConversation::Finish() {
  for (Direction d : {Direction::kOrig, Direction::kResp}) {
    DirectionFacts& f = conv_.from(d);
    f.zeek_bytes = zeek_.bytes(d == Direction::kOrig);
    f.stream_bytes = f.payload_bytes;
  }
  conv_.history = zeek_.history();
  conv_.conn_state = std::string(zeek_.conn_state());
  conv_.zeek_last_ts = conv_.last_ts;
  return std::move(conv_);
}

}  // namespace wirecheck::capture
