#include "capture/analyzer.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "capture/checksum.h"
#include "capture/conversation_tunnels.h"
#include "capture/expiry_calendar.h"
#include "capture/flow_key.h"
#include "capture/flow_table.h"
#include "capture/gre.h"
#include "capture/icmp_unreachable.h"
#include "capture/node_pool.h"
#include "capture/tcp_conversation.h"
#include "capture/udp_conversation.h"
#include "capture/udp_tunnels.h"

namespace wirecheck::capture {

namespace {

/// What the live table holds for a key: a conversation being tracked (a
/// TcpNode or a UdpNode), a closed TCP connection frozen until Zeek's close
/// timer (a FrozenNode, thawed back into a TcpNode by a late packet), or
/// one already handed on that lingers (a LingeringNode, see
/// AnalyzerOptions::hand_off_when_closed). The table's
/// slots hold only a pointer to this; each kind is one allocation sized for
/// itself. Lingering entries share the table with live ones so that a new
/// conversation costs one lookup, and a hand-off replaces the pointer in
/// its slot instead of an erase and an insert into a second table.
enum class NodeKind : std::uint8_t { kTcp, kUdp, kFrozen, kLingering };

struct LiveNode {
  FlowKey key;
  std::uint64_t id = 0;
  NodeKind kind = NodeKind::kTcp;
  std::unique_ptr<ConversationTunnels> tunnels;  // only once tunnels concern it
};
struct TcpNode : LiveNode {
  TcpNode(const FlowKey& k, std::uint64_t i, const DecodedPacket& first, const AnalyzerOptions& o)
      : LiveNode{k, i, NodeKind::kTcp, nullptr}, conv(i, first, o) {}
  TcpNode(const FlowKey& k, std::uint64_t i, const FrozenTcp& frozen, const AnalyzerOptions& o)
      : LiveNode{k, i, NodeKind::kTcp, nullptr}, conv(frozen, o) {}
  TcpConversation conv;
};
struct UdpNode : LiveNode {
  UdpNode(const FlowKey& k, std::uint64_t i, const DecodedPacket& first, const AnalyzerOptions& o)
      : LiveNode{k, i, NodeKind::kUdp, nullptr}, conv(i, first, o) {}
  UdpConversation conv;
};
/// A closed TCP conversation, frozen (frozen_tcp.h). It keeps its TcpNode's
/// id and stamp, so the conversation's timers still find it.
struct FrozenNode : LiveNode {
  FrozenNode(const FlowKey& k, std::uint64_t i, FrozenTcp f)
      : LiveNode{k, i, NodeKind::kFrozen, nullptr}, frozen(std::move(f)) {}
  FrozenTcp frozen;
};
/// A TCP conversation already handed on, until Zeek's timers would remove it.
struct LingeringNode : LiveNode {
  LingeringNode(const FlowKey& k, std::uint64_t i, TcpTombstone t)
      : LiveNode{k, i, NodeKind::kLingering, nullptr}, tombstone(t) {}
  TcpTombstone tombstone;
};

TcpConversation* TcpOf(LiveNode& n) {
  return n.kind == NodeKind::kTcp ? &static_cast<TcpNode&>(n).conv : nullptr;
}
UdpConversation* UdpOf(LiveNode& n) {
  return n.kind == NodeKind::kUdp ? &static_cast<UdpNode&>(n).conv : nullptr;
}

Timestamp ExpiresAt(const LiveNode& n) {
  switch (n.kind) {
    case NodeKind::kTcp: return static_cast<const TcpNode&>(n).conv.ExpiresAt();
    case NodeKind::kUdp: return static_cast<const UdpNode&>(n).conv.ExpiresAt();
    case NodeKind::kFrozen: return static_cast<const FrozenNode&>(n).frozen.ExpiresAt();
    case NodeKind::kLingering: break;
  }
  return static_cast<const LingeringNode&>(n).tombstone.ExpiresAt();
}

/// When to look at a node again: its key's hash (HashFlowKey) and its
/// stamp, which tells it from a later node on the same key. 16 bytes where
/// the key itself would take 40: there is a timer per conversation, and
/// more. Stale timers (the node was replaced, or its expiry moved later)
/// are recognised when they come due.
struct Timer {
  std::uint64_t hash;
  std::uint64_t stamp;
};

/// A lingering node keeps its conversation's id, with this bit in its stamp
/// so that the conversation's own timers are stale for it.
constexpr std::uint64_t kLingeringStamp = std::uint64_t{1} << 63;

std::uint64_t StampOf(const LiveNode& n) {
  return n.kind == NodeKind::kLingering ? n.id | kLingeringStamp : n.id;
}

constexpr Encapsulation kNotTunnelled{};

namespace ip_protocol {
constexpr std::uint8_t kIpv4 = 4;
constexpr std::uint8_t kGre = 47;
constexpr std::uint8_t kIpv6 = 41;
}  // namespace ip_protocol

bool IsIpTunnel(std::uint8_t protocol) {
  return protocol == ip_protocol::kIpv4 || protocol == ip_protocol::kIpv6 || protocol == ip_protocol::kGre;
}

/// The UDP payload as Zeek hands it to tunnel analyzers: bounded by the IP
/// length, not by the UDP length field.
std::span<const std::uint8_t> UdpTunnelPayload(const DecodedPacket& p) {
  constexpr std::size_t kUdpHeader = 8;
  return p.segment.size() > kUdpHeader ? p.segment.subspan(kUdpHeader) : std::span<const std::uint8_t>();
}

RawPacket InnerRawPacket(const InnerPacket& inner, Timestamp ts) {
  RawPacket raw;
  raw.ts = ts;
  raw.link_type = inner.link_type;
  raw.wire_length = static_cast<std::uint32_t>(inner.bytes.size());
  raw.data = inner.bytes;
  return raw;
}

}  // namespace

class Analyzer::Impl {
 public:
  Impl(AnalyzerOptions options, ConversationSink sink)
      : options_(options), sink_(std::move(sink)) {}
  ~Impl() { DeleteAll(); }

  bool AtConversationBound() const {
    return options_.max_conversations != 0 && started_ >= options_.max_conversations;
  }
  void Feed(const RawPacket& raw, std::uint64_t number);
  void Finish();
  std::size_t open() const { return live_.size(); }
  std::vector<IpTunnel> TakeIpTunnels() { return ip_tunnels_.Take(); }
  TraceStats stats_;

 private:
  /// One packet: a captured one, or one found inside the tunnels `at`.
  void Analyse(const RawPacket& raw, std::uint64_t number, const Encapsulation& at);
  /// A decoded TCP/UDP packet: to its conversation. Inlined into
  /// Analyse(), as it was into Feed() before tunnels (bench/capture_bench).
  [[gnu::always_inline]] void Track(const DecodedPacket& p, const Encapsulation& at);
  /// An IP-in-IP or GRE packet: the packet inside it, as Zeek's IPTunnel.
  void DecapsulateIp(const DecodedPacket& p, std::uint64_t number, const Encapsulation& at);
  /// A datagram just added to `node`, whose payload Zeek hands to `tunnel`.
  /// `node` may be gone after this.
  void DecapsulateUdp(LiveNode& node, const DecodedPacket& p, const Encapsulation& at, UdpTunnel tunnel);
  /// `node`'s conversation has a packet inside the tunnels `at`.
  void NoteTunnels(LiveNode& node, const Encapsulation& at) {
    if (at.depth == 0 && !node.tunnels) return;  // plain traffic
    TunnelsOf(node).Note(at);
  }
  ConversationTunnels& TunnelsOf(LiveNode& node);
  /// With verify_checksums: false when p must be dropped (counted, and a
  /// bad transport checksum noted in its conversation's history).
  bool ChecksumsOk(const DecodedPacket& p, LiveNode** slot);
  /// A packet Decode() counted as another transport: an ICMP port
  /// unreachable quoting a datagram of a tracked UDP flow is noted on it.
  void NoteOtherTransport(const RawPacket& raw, std::uint64_t number);
  /// The packet of a key that has a node in *slot. Returns the node that
  /// took it (nullptr: a straggler after a hand-off, or untracked).
  LiveNode* AddToNode(LiveNode** slot, const DecodedPacket& p, const Encapsulation& at);
  /// Starts a conversation with p in place of *slot's node, which ended.
  LiveNode* Restart(LiveNode** slot, const DecodedPacket& p, const Encapsulation& at);
  LiveNode* NewNode(const FlowKey& key, const DecodedPacket& p, const Encapsulation& at);
  /// Ends a conversation: to the sink, out of the table.
  void End(LiveNode** slot);
  /// Ends a finished TCP conversation early, leaving a LingeringNode.
  void HandOff(LiveNode** slot);
  /// A TcpNode whose connection has closed, after a packet: frozen (or
  /// handed off) until Zeek's timers end it.
  void Settle(LiveNode** slot);
  /// A FrozenNode in *slot becomes a TcpNode again (for a late packet).
  void Thaw(LiveNode** slot);
  void Emit(LiveNode& node);
  void AddTimer(const LiveNode& node);
  void ExpireUntil(Timestamp now);
  void Expire(const Timer& timer, Timestamp now);
  void DeleteNode(LiveNode* node);
  void DeleteAll();

  AnalyzerOptions options_;
  ConversationSink sink_;
  NodePool<TcpNode> tcp_nodes_;
  NodePool<UdpNode> udp_nodes_;
  NodePool<FrozenNode> frozen_nodes_;
  NodePool<LingeringNode> lingering_nodes_;
  std::vector<std::uint8_t> freeze_scratch_;
  FlowTable<LiveNode*> live_;  // owns the nodes (DeleteNode)
  ExpiryCalendar<Timer> timers_;
  IpTunnels ip_tunnels_;
  std::uint64_t next_id_ = 1;   // conversations and IP tunnels
  std::uint64_t started_ = 0;   // conversations
};

void Analyzer::Impl::Feed(const RawPacket& raw, std::uint64_t number) {
  if (stats_.packets++ == 0) stats_.first_ts = raw.ts;
  stats_.last_ts = std::max(stats_.last_ts, raw.ts);
  Analyse(raw, number, kNotTunnelled);
}

void Analyzer::Impl::Analyse(const RawPacket& raw, std::uint64_t number, const Encapsulation& at) {
  DecodedPacket p;
  const DecodeResult result = Decode(raw, &p);
  if (result == DecodeResult::kOk) {
    p.number = number;
    p.ts = raw.ts;
    return Track(p, at);
  }
  if (result == DecodeResult::kOtherTransport) {
    if (options_.open_tunnels && IsIpTunnel(p.other_protocol)) return DecapsulateIp(p, number, at);
    NoteOtherTransport(raw, number);
  }
  stats_.decode.Count(result);
}

inline void Analyzer::Impl::Track(const DecodedPacket& p, const Encapsulation& at) {
  ExpireUntil(p.ts);
  const FlowKey key = FlowKey::Of(p);
  LiveNode** slot = live_.Find(key);
  if (options_.verify_checksums && !ChecksumsOk(p, slot)) return;
  ++stats_.decoded;
  LiveNode* node = nullptr;
  if (slot != nullptr) {
    node = AddToNode(slot, p, at);
    if (node == nullptr) return;
  } else if (AtConversationBound()) {
    ++stats_.untracked_packets;
    return;
  } else {
    node = NewNode(key, p, at);
    live_.Insert(node);
  }
  const UdpConversation* udp = UdpOf(*node);
  if (udp == nullptr || !options_.open_tunnels) return;
  const UdpTunnel tunnel = UdpTunnelFor(udp->resp_port(), UdpTunnelPayload(p));
  if (tunnel != UdpTunnel::kNone) DecapsulateUdp(*node, p, at, tunnel);
}

void Analyzer::Impl::DecapsulateIp(const DecodedPacket& p, std::uint64_t number,
                                   const Encapsulation& at) {
  InnerPacket inner{p.segment, p.other_protocol == ip_protocol::kIpv4 ? link_type::kIpv4 : link_type::kIpv6};
  TunnelType type = TunnelType::kIp;
  if (p.other_protocol == ip_protocol::kGre) {
    const DecodeResult result = DecodeGre(p.segment, &inner);
    if (result != DecodeResult::kOk) return stats_.decode.Count(result);
    type = TunnelType::kGre;
  }
  // IPTunnel.cc: the depth first, then a packet that announced its IP
  // version (IP-in-IP, PPTP) must fill the tunnel exactly.
  if (TooDeep(at, std::min(options_.tunnel_max_depth, kMaxTunnelDepth))) {
    return stats_.decode.Count(DecodeResult::kTunnelTooDeep);
  }
  if (inner.link_type == link_type::kIpv4 || inner.link_type == link_type::kIpv6) {
    switch (FitInnerIp(inner.bytes, inner.link_type == link_type::kIpv4 ? 4 : 6)) {
      case InnerIpFit::kExact: break;
      case InnerIpFit::kShort: return stats_.decode.Count(DecodeResult::kTruncatedTunnel);
      case InnerIpFit::kLong:
      case InnerIpFit::kBadVersion: return stats_.decode.Count(DecodeResult::kBadTunnelHeader);
    }
  }
  const std::uint64_t id = ip_tunnels_.Use(p.src, p.dst, type, p.ts, &next_id_).id;
  Analyse(InnerRawPacket(inner, p.ts), number, at.Inside(id, type));
}

void Analyzer::Impl::DecapsulateUdp(LiveNode& node, const DecodedPacket& p, const Encapsulation& at,
                                    UdpTunnel tunnel) {
  if (node.tunnels && node.tunnels->Refuses(tunnel)) return;
  const UdpConversation* udp = UdpOf(node);
  const std::span<const std::uint8_t> payload = UdpTunnelPayload(p);
  const std::uint32_t max_depth = std::min(options_.tunnel_max_depth, kMaxTunnelDepth);
  const Decapsulation d = capture::DecapsulateUdp(tunnel, payload, at, max_depth);
  if (d.outcome == Decapsulation::Outcome::kNoPacket) return;
  if (d.violation) TunnelsOf(node).Refuse(tunnel);
  if (d.history_x) TunnelsOf(node).MarkTooDeep(udp->history_length());
  ++stats_.tunnel_payloads;
  if (d.outcome == Decapsulation::Outcome::kRefused) return stats_.decode.Count(d.reason);
  Analyse(InnerRawPacket(d.inner, p.ts), p.number, at.Inside(node.id, TunnelTypeOf(tunnel)));
}

ConversationTunnels& Analyzer::Impl::TunnelsOf(LiveNode& node) {
  if (!node.tunnels) node.tunnels = std::make_unique<ConversationTunnels>();
  return *node.tunnels;
}

bool Analyzer::Impl::ChecksumsOk(const DecodedPacket& p, LiveNode** slot) {
  if (!IpHeaderChecksumOk(p)) {
    stats_.decode.Count(DecodeResult::kBadIpChecksum);
    return false;
  }
  if (TransportChecksumOk(p) || ZeekSkipsVxlanChecksum(p)) return true;
  stats_.decode.Count(DecodeResult::kBadTransportChecksum);
  if (slot == nullptr) return false;
  const bool frozen = (*slot)->kind == NodeKind::kFrozen;
  if (frozen) Thaw(slot);
  if (TcpConversation* tcp = TcpOf(**slot)) tcp->ChecksumError(p);
  if (UdpConversation* udp = UdpOf(**slot)) udp->ChecksumError(p);
  if (frozen) Settle(slot);  // still closed: only its history changed
  return false;
}

void Analyzer::Impl::NoteOtherTransport(const RawPacket& raw, std::uint64_t number) {
  PortUnreachable icmp;
  if (!DecodePortUnreachable(raw, &icmp)) return;
  icmp.number = number;
  DecodedPacket quoted;
  quoted.transport = Transport::kUdp;
  quoted.src = icmp.src;
  quoted.dst = icmp.dst;
  quoted.src_port = icmp.src_port;
  quoted.dst_port = icmp.dst_port;
  LiveNode** slot = live_.Find(FlowKey::Of(quoted));
  if (slot == nullptr) return;
  UdpConversation* udp = UdpOf(**slot);
  // A flow past its timeout has ended, though its timer has not yet run.
  if (udp != nullptr && icmp.ts < udp->ExpiresAt()) udp->AddPortUnreachable(icmp);
}

LiveNode* Analyzer::Impl::AddToNode(LiveNode** slot, const DecodedPacket& p, const Encapsulation& at) {
  if ((*slot)->kind == NodeKind::kFrozen) Thaw(slot);
  LiveNode& node = **slot;
  const bool expired = p.ts >= ExpiresAt(node);  // Zeek: at or after
  // Zeek checks a connection's tunnels before it hands it the packet.
  if (TcpConversation* tcp = TcpOf(node)) {
    if (expired || tcp->IsReuse(p)) {
      Emit(node);
      return Restart(slot, p, at);
    }
    NoteTunnels(node, at);
    tcp->Add(p);
    if (!tcp->Finished()) return &node;
    Settle(slot);
    return options_.hand_off_when_closed ? nullptr : *slot;
  }
  if (UdpConversation* udp = UdpOf(node)) {
    if (expired) {
      Emit(node);
      return Restart(slot, p, at);
    }
    NoteTunnels(node, at);
    udp->Add(p);
    return &node;
  }
  // Lingering: a new connection, or a straggler of the one handed on.
  if (expired || static_cast<LingeringNode&>(node).tombstone.IsReuse(p)) return Restart(slot, p, at);
  ++stats_.late_packets;
  return nullptr;
}

LiveNode* Analyzer::Impl::Restart(LiveNode** slot, const DecodedPacket& p, const Encapsulation& at) {
  LiveNode* old = *slot;
  if (AtConversationBound()) {  // the old one was emitted: the flow is untracked from here
    ++stats_.untracked_packets;
    live_.Erase(old->key);  // invalidates slot
    DeleteNode(old);
    return nullptr;
  }
  *slot = NewNode(old->key, p, at);  // same key, same slot
  DeleteNode(old);
  return *slot;
}

LiveNode* Analyzer::Impl::NewNode(const FlowKey& key, const DecodedPacket& p, const Encapsulation& at) {
  const std::uint64_t id = next_id_++;
  ++started_;
  LiveNode* node = p.transport == Transport::kTcp
                       ? static_cast<LiveNode*>(tcp_nodes_.New(key, id, p, options_))
                       : static_cast<LiveNode*>(udp_nodes_.New(key, id, p, options_));
  NoteTunnels(*node, at);
  AddTimer(*node);
  return node;
}

void Analyzer::Impl::End(LiveNode** slot) {
  LiveNode* node = *slot;
  if (node->kind != NodeKind::kLingering) Emit(*node);
  live_.Erase(node->key);  // invalidates slot
  DeleteNode(node);
}

void Analyzer::Impl::HandOff(LiveNode** slot) {
  LiveNode* node = *slot;
  Emit(*node);
  TcpTombstone tombstone = std::move(static_cast<TcpNode*>(node)->conv).Retire();
  *slot = lingering_nodes_.New(node->key, node->id, tombstone);  // same key, same slot
  DeleteNode(node);
  AddTimer(**slot);
}

void Analyzer::Impl::Settle(LiveNode** slot) {
  if (options_.hand_off_when_closed) return HandOff(slot);
  // It lingers until Zeek's close timer: frozen, a quarter of its size.
  TcpNode* node = static_cast<TcpNode*>(*slot);
  FrozenNode* frozen = frozen_nodes_.New(node->key, node->id, node->conv.Freeze(&freeze_scratch_));
  frozen->tunnels = std::move(node->tunnels);
  *slot = frozen;  // same key, same slot, same stamp: its timers stay valid
  DeleteNode(node);
}

void Analyzer::Impl::Thaw(LiveNode** slot) {
  FrozenNode* frozen = static_cast<FrozenNode*>(*slot);
  TcpNode* node = tcp_nodes_.New(frozen->key, frozen->id, frozen->frozen, options_);
  node->tunnels = std::move(frozen->tunnels);
  *slot = node;
  DeleteNode(frozen);
}

void Analyzer::Impl::AddTimer(const LiveNode& node) {
  timers_.Add(ExpiresAt(node), Timer{HashFlowKey(node.key), StampOf(node)});
}

void Analyzer::Impl::DeleteNode(LiveNode* node) {
  switch (node->kind) {
    case NodeKind::kTcp: return tcp_nodes_.Delete(static_cast<TcpNode*>(node));
    case NodeKind::kUdp: return udp_nodes_.Delete(static_cast<UdpNode*>(node));
    case NodeKind::kFrozen: return frozen_nodes_.Delete(static_cast<FrozenNode*>(node));
    case NodeKind::kLingering: return lingering_nodes_.Delete(static_cast<LingeringNode*>(node));
  }
}

void Analyzer::Impl::DeleteAll() {
  live_.ForEach([this](LiveNode*& node) { DeleteNode(std::exchange(node, nullptr)); });
  live_.Clear();
}

void Analyzer::Impl::ExpireUntil(Timestamp now) {
  timers_.TakeDue(now, [this, now](const Timer& timer) { Expire(timer, now); });
}

void Analyzer::Impl::Expire(const Timer& timer, Timestamp now) {
  LiveNode** slot = live_.FindHashed(
      timer.hash, [&timer](const LiveNode* node) { return StampOf(*node) == timer.stamp; });
  if (slot == nullptr) return;  // stale: the node was replaced or removed
  const Timestamp at = ExpiresAt(**slot);
  if (at <= now) End(slot);
  else timers_.Add(at, timer);
}

void Analyzer::Impl::Emit(LiveNode& node) {
  ++stats_.conversations;
  Conversation c = [&] {
    if (TcpConversation* tcp = TcpOf(node)) return tcp->Finish();
    if (UdpConversation* udp = UdpOf(node)) return udp->Finish();
    return TcpConversation(static_cast<FrozenNode&>(node).frozen, options_).Finish();
  }();
  if (node.tunnels) node.tunnels->ApplyTo(&c);
  sink_(std::move(c));
}

void Analyzer::Impl::Finish() {
  std::vector<LiveNode*> open;
  open.reserve(live_.size());
  live_.ForEach([&open](LiveNode* node) {
    if (node->kind != NodeKind::kLingering) open.push_back(node);
  });
  std::sort(open.begin(), open.end(),
            [](const LiveNode* a, const LiveNode* b) { return a->id < b->id; });
  for (LiveNode* node : open) Emit(*node);
  DeleteAll();
  timers_.Clear();
}

Analyzer::Analyzer(AnalyzerOptions options, ConversationSink sink)
    : impl_(std::make_unique<Impl>(options, std::move(sink))) {}
Analyzer::~Analyzer() = default;
void Analyzer::Feed(const RawPacket& packet, std::uint64_t number) { impl_->Feed(packet, number); }
void Analyzer::Finish() { impl_->Finish(); }
const TraceStats& Analyzer::stats() const { return impl_->stats_; }
std::size_t Analyzer::open_conversations() const { return impl_->open(); }
std::vector<IpTunnel> Analyzer::TakeIpTunnels() { return impl_->TakeIpTunnels(); }

std::string FeedSource(PacketSource& source, Analyzer& analyzer) {
  RawPacket packet;
  std::uint64_t number = 0;
  std::string error;
  for (;;) {
    const ReadStatus status = source.Next(&packet);
    if (status == ReadStatus::kPacket) {
      analyzer.Feed(packet, ++number);
    } else if (status == ReadStatus::kError) {
      error = source.error();
      break;
    } else if (status == ReadStatus::kEnd) {
      break;
    }
  }
  analyzer.Finish();
  return error;
}

Trace AnalyzeSource(PacketSource& source, const AnalyzerOptions& options) {
  Trace trace;
  Analyzer analyzer(options, [&trace](Conversation&& c) {
    trace.conversations.push_back(std::move(c));
  });
  trace.error = FeedSource(source, analyzer);
  std::sort(trace.conversations.begin(), trace.conversations.end(),
            [](const Conversation& a, const Conversation& b) { return a.id < b.id; });
  trace.ip_tunnels = analyzer.TakeIpTunnels();
  trace.stats = analyzer.stats();
  trace.stats.capture = source.stats();
  return trace;
}

}  // namespace wirecheck::capture
