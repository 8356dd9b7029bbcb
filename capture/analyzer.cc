#include "capture/analyzer.h"

#include <algorithm>
#include <memory>
#include <new>
#include <utility>

#include "capture/checksum.h"
#include "capture/expiry_calendar.h"
#include "capture/flow_key.h"
#include "capture/flow_table.h"
#include "capture/tcp_conversation.h"
#include "capture/udp_conversation.h"

namespace wirecheck::capture {

namespace {

/// A conversation being tracked, with its key (the live table's slots hold
/// only a pointer to this): a TcpNode or a UdpNode, one allocation each,
/// each sized for its own kind.
struct LiveNode {
  FlowKey key;
  std::uint64_t id = 0;
  Transport transport = Transport::kTcp;
};
struct TcpNode : LiveNode {
  TcpNode(const FlowKey& k, std::uint64_t i, const DecodedPacket& first, const AnalyzerOptions& o)
      : LiveNode{k, i, Transport::kTcp}, conv(i, first, o) {}
  TcpConversation conv;
};
struct UdpNode : LiveNode {
  UdpNode(const FlowKey& k, std::uint64_t i, const DecodedPacket& first, const AnalyzerOptions& o)
      : LiveNode{k, i, Transport::kUdp}, conv(i, first, o) {}
  UdpConversation conv;
};

TcpConversation* TcpOf(LiveNode& n) {
  return n.transport == Transport::kTcp ? &static_cast<TcpNode&>(n).conv : nullptr;
}
UdpConversation* UdpOf(LiveNode& n) {
  return n.transport == Transport::kUdp ? &static_cast<UdpNode&>(n).conv : nullptr;
}

/// Keeps the memory of ended nodes for the next ones, last freed first, so
/// that a new conversation is built in memory that is still in cache and a
/// 1-2 KB malloc/free pair per conversation is saved.
template <typename Node>
class NodePool {
 public:
  NodePool() = default;
  NodePool(const NodePool&) = delete;
  NodePool& operator=(const NodePool&) = delete;
  ~NodePool() {
    for (void* block : free_) ::operator delete(block);
  }

  template <typename... Args>
  Node* New(Args&&... args) {
    void* block = Take();
    try {
      return ::new (block) Node(std::forward<Args>(args)...);
    } catch (...) {
      ::operator delete(block);
      throw;
    }
  }
  void Delete(Node* node) {
    node->~Node();
    if (free_.size() < kMaxFree) free_.push_back(node);
    else ::operator delete(node);
  }

 private:
  /// Enough for the ends between two starts; more would only hold memory.
  static constexpr std::size_t kMaxFree = 256;
  void* Take() {
    if (free_.empty()) return ::operator new(sizeof(Node));
    void* block = free_.back();
    free_.pop_back();
    return block;
  }
  std::vector<void*> free_;
};

Timestamp ExpiresAt(LiveNode& n) {
  if (TcpConversation* tcp = TcpOf(n)) return tcp->ExpiresAt();
  return UdpOf(n)->ExpiresAt();
}

/// A TCP conversation already handed on (hand_off_when_closed) that lingers
/// until Zeek's timers would remove it. Kept in a table of its own so the
/// live table, looked up by every packet, stays small.
struct LingeringEntry {
  FlowKey key;
  TcpTombstone tombstone;
};

/// When to look at an entry again: its key's hash (HashFlowKey) and what
/// tells the entry from a later one on the same key (a live node's id, a
/// lingering entry's expiry, which never moves). 16 bytes where the key
/// itself would take 40: there is a timer per conversation, and more.
/// Stale timers (the entry was replaced, or its expiry moved later) are
/// recognised when they come due.
struct Timer {
  std::uint64_t hash;
  std::uint64_t stamp;
};

}  // namespace

class Analyzer::Impl {
 public:
  Impl(AnalyzerOptions options, ConversationSink sink)
      : options_(options), sink_(std::move(sink)) {}

  void Feed(const RawPacket& raw, std::uint64_t number);
  void Finish();
  ~Impl() { DeleteAllLive(); }
  std::size_t open() const { return live_.size() + lingering_.size(); }
  TraceStats stats_;

 private:
  void ExpireUntil(Timestamp now);
  void ExpireLive(const Timer& timer, Timestamp now);
  void ExpireLingering(const Timer& timer, Timestamp now);
  void AddLiveTimer(const LiveNode& node, Timestamp at);
  void DeleteNode(LiveNode* node);
  void DeleteAllLive();
  /// With verify_checksums: false when p must be dropped (counted, and a
  /// bad transport checksum noted in its conversation's history).
  bool ChecksumsOk(const DecodedPacket& p, LiveNode* node);
  void Start(const FlowKey& key, const DecodedPacket& p);
  void AddToLive(LiveNode& node, const DecodedPacket& p);
  void AddToLingering(const LingeringEntry& entry, const DecodedPacket& p);
  /// Ends a live conversation: to the sink, out of the table.
  void End(LiveNode& node);
  void HandOff(LiveNode& node);
  void Emit(LiveNode& node);

  AnalyzerOptions options_;
  ConversationSink sink_;
  NodePool<TcpNode> tcp_nodes_;
  NodePool<UdpNode> udp_nodes_;
  FlowTable<LiveNode*> live_;  // owns the nodes (DeleteNode)
  FlowTable<LingeringEntry> lingering_;
  ExpiryCalendar<Timer> live_timers_;
  ExpiryCalendar<Timer> lingering_timers_;
  std::uint64_t next_id_ = 1;
};

void Analyzer::Impl::Feed(const RawPacket& raw, std::uint64_t number) {
  if (stats_.packets++ == 0) stats_.first_ts = raw.ts;
  stats_.last_ts = std::max(stats_.last_ts, raw.ts);
  DecodedPacket p;
  const DecodeResult result = Decode(raw, &p);
  if (result != DecodeResult::kOk) {
    stats_.decode.Count(result);
    return;
  }
  p.number = number;
  p.ts = raw.ts;
  ExpireUntil(p.ts);
  const FlowKey key = FlowKey::Of(p);
  LiveNode** live = live_.Find(key);
  if (options_.verify_checksums && !ChecksumsOk(p, live ? *live : nullptr)) return;
  ++stats_.decoded;
  if (live != nullptr) return AddToLive(**live, p);
  const LingeringEntry* lingering = lingering_.size() ? lingering_.Find(key) : nullptr;
  if (lingering != nullptr) return AddToLingering(*lingering, p);
  Start(key, p);
}

bool Analyzer::Impl::ChecksumsOk(const DecodedPacket& p, LiveNode* node) {
  if (!IpHeaderChecksumOk(p)) {
    stats_.decode.Count(DecodeResult::kBadIpChecksum);
    return false;
  }
  if (TransportChecksumOk(p)) return true;
  stats_.decode.Count(DecodeResult::kBadTransportChecksum);
  if (node == nullptr) return false;
  if (TcpConversation* tcp = TcpOf(*node)) tcp->ChecksumError(p);
  if (UdpConversation* udp = UdpOf(*node)) udp->ChecksumError(p);
  return false;
}

void Analyzer::Impl::AddToLive(LiveNode& node, const DecodedPacket& p) {
  const bool expired = p.ts >= ExpiresAt(node);  // Zeek: at or after
  if (TcpConversation* tcp = TcpOf(node)) {
    if (expired || tcp->IsReuse(p)) {
      const FlowKey key = node.key;
      End(node);
      return Start(key, p);
    }
    tcp->Add(p);
    if (options_.hand_off_when_closed && tcp->Finished()) HandOff(node);
    return;
  }
  if (expired) {
    const FlowKey key = node.key;
    End(node);
    return Start(key, p);
  }
  UdpOf(node)->Add(p);
}

void Analyzer::Impl::AddToLingering(const LingeringEntry& entry, const DecodedPacket& p) {
  if (p.ts >= entry.tombstone.ExpiresAt() || entry.tombstone.IsReuse(p)) {
    const FlowKey key = entry.key;
    lingering_.Erase(key);
    return Start(key, p);
  }
  ++stats_.late_packets;
}

void Analyzer::Impl::End(LiveNode& node) {
  Emit(node);
  DeleteNode(live_.Erase(node.key));
}

void Analyzer::Impl::HandOff(LiveNode& node) {
  Emit(node);
  LingeringEntry lingering{node.key, std::move(*TcpOf(node)).Retire()};
  DeleteNode(live_.Erase(lingering.key));
  const Timestamp at = lingering.tombstone.ExpiresAt();
  lingering_timers_.Add(at, Timer{HashFlowKey(lingering.key), static_cast<std::uint64_t>(at.count())});
  lingering_.Insert(std::move(lingering));
}

void Analyzer::Impl::Start(const FlowKey& key, const DecodedPacket& p) {
  const std::uint64_t id = next_id_++;
  LiveNode* node = p.transport == Transport::kTcp
                       ? static_cast<LiveNode*>(tcp_nodes_.New(key, id, p, options_))
                       : static_cast<LiveNode*>(udp_nodes_.New(key, id, p, options_));
  AddLiveTimer(*node, ExpiresAt(*node));
  live_.Insert(node);
}

void Analyzer::Impl::AddLiveTimer(const LiveNode& node, Timestamp at) {
  live_timers_.Add(at, Timer{HashFlowKey(node.key), node.id});
}

void Analyzer::Impl::DeleteNode(LiveNode* node) {
  if (node == nullptr) return;
  if (node->transport == Transport::kTcp) tcp_nodes_.Delete(static_cast<TcpNode*>(node));
  else udp_nodes_.Delete(static_cast<UdpNode*>(node));
}

void Analyzer::Impl::DeleteAllLive() {
  live_.ForEach([this](LiveNode*& node) { DeleteNode(std::exchange(node, nullptr)); });
  live_.Clear();
}

void Analyzer::Impl::ExpireUntil(Timestamp now) {
  live_timers_.TakeDue(now, [this, now](const Timer& timer) { ExpireLive(timer, now); });
  lingering_timers_.TakeDue(now, [this, now](const Timer& timer) { ExpireLingering(timer, now); });
}

void Analyzer::Impl::ExpireLive(const Timer& timer, Timestamp now) {
  LiveNode** entry = live_.FindHashed(
      timer.hash, [&timer](const LiveNode* node) { return node->id == timer.stamp; });
  if (entry == nullptr) return;  // stale: the conversation ended already
  const Timestamp at = ExpiresAt(**entry);
  if (at <= now) End(**entry);
  else live_timers_.Add(at, timer);
}

void Analyzer::Impl::ExpireLingering(const Timer& timer, Timestamp now) {
  LingeringEntry* entry = lingering_.FindHashed(timer.hash, [&timer](const LingeringEntry& e) {
    return static_cast<std::uint64_t>(e.tombstone.ExpiresAt().count()) == timer.stamp;
  });
  if (entry == nullptr) return;  // stale: replaced by a new connection
  if (entry->tombstone.ExpiresAt() <= now) lingering_.Erase(entry->key);
  else lingering_timers_.Add(entry->tombstone.ExpiresAt(), timer);
}

void Analyzer::Impl::Emit(LiveNode& node) {
  ++stats_.conversations;
  if (TcpConversation* tcp = TcpOf(node)) {
    sink_(tcp->Finish());
  } else {
    sink_(UdpOf(node)->Finish());
  }
}

void Analyzer::Impl::Finish() {
  std::vector<LiveNode*> open;
  open.reserve(live_.size());
  live_.ForEach([&open](LiveNode* node) { open.push_back(node); });
  std::sort(open.begin(), open.end(),
            [](const LiveNode* a, const LiveNode* b) { return a->id < b->id; });
  for (LiveNode* node : open) Emit(*node);
  DeleteAllLive();
  lingering_.Clear();
  live_timers_.Clear();
  lingering_timers_.Clear();
}

Analyzer::Analyzer(AnalyzerOptions options, ConversationSink sink)
    : impl_(std::make_unique<Impl>(options, std::move(sink))) {}
Analyzer::~Analyzer() = default;
void Analyzer::Feed(const RawPacket& packet, std::uint64_t number) { impl_->Feed(packet, number); }
void Analyzer::Finish() { impl_->Finish(); }
const TraceStats& Analyzer::stats() const { return impl_->stats_; }
std::size_t Analyzer::open_conversations() const { return impl_->open(); }

Trace AnalyzeSource(PacketSource& source, const AnalyzerOptions& options) {
  Trace trace;
  Analyzer analyzer(options, [&trace](Conversation&& c) {
    trace.conversations.push_back(std::move(c));
  });
  RawPacket packet;
  std::uint64_t number = 0;
  for (;;) {
    const ReadStatus status = source.Next(&packet);
    if (status == ReadStatus::kPacket) {
      analyzer.Feed(packet, ++number);
    } else if (status == ReadStatus::kError) {
      trace.error = source.error();
      break;
    } else if (status == ReadStatus::kEnd) {
      break;
    }
  }
  analyzer.Finish();
  std::sort(trace.conversations.begin(), trace.conversations.end(),
            [](const Conversation& a, const Conversation& b) { return a.id < b.id; });
  trace.stats = analyzer.stats();
  trace.stats.capture = source.stats();
  return trace;
}

}  // namespace wirecheck::capture
