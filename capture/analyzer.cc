#include "capture/analyzer.h"

#include <algorithm>
#include <memory>
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

/// Deletes a node as the kind it was made as (LiveNode has no virtual
/// destructor: no vtable pointer in every node).
struct NodeDeleter {
  void operator()(LiveNode* n) const {
    if (n->transport == Transport::kTcp) delete static_cast<TcpNode*>(n);
    else delete static_cast<UdpNode*>(n);
  }
};
using LiveEntry = std::unique_ptr<LiveNode, NodeDeleter>;

Timestamp ExpiresAt(LiveNode& n) {
  if (TcpConversation* tcp = TcpOf(n)) return tcp->ExpiresAt();
  return UdpOf(n)->ExpiresAt();
}

/// A TCP conversation already handed on (hand_off_when_closed) that lingers
/// until Zeek's timers would remove it. Kept in a table of its own so the
/// live table, looked up by every packet, stays small.
struct LingeringEntry {
  FlowKey key;
  std::uint64_t id = 0;
  TcpTombstone tombstone;
};

/// When to look at an entry again; stale timers (the entry was replaced, or
/// its expiry moved later) are recognised when they come due.
struct Timer {
  std::uint64_t id;
  FlowKey key;
  bool lingering;
};

}  // namespace

class Analyzer::Impl {
 public:
  Impl(AnalyzerOptions options, ConversationSink sink)
      : options_(options), sink_(std::move(sink)) {}

  void Feed(const RawPacket& raw, std::uint64_t number);
  void Finish();
  std::size_t open() const { return live_.size() + lingering_.size(); }
  TraceStats stats_;

 private:
  void ExpireUntil(Timestamp now);
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
  FlowTable<LiveEntry> live_;
  FlowTable<LingeringEntry> lingering_;
  ExpiryCalendar<Timer> timers_;
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
  LiveEntry* live = live_.Find(key);
  if (options_.verify_checksums && !ChecksumsOk(p, live ? live->get() : nullptr)) return;
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
  live_.Erase(node.key);  // destroys node
}

void Analyzer::Impl::HandOff(LiveNode& node) {
  Emit(node);
  LingeringEntry lingering{node.key, node.id, std::move(*TcpOf(node)).Retire()};
  live_.Erase(lingering.key);  // destroys node
  timers_.Add(lingering.tombstone.ExpiresAt(), Timer{lingering.id, lingering.key, true});
  lingering_.Insert(std::move(lingering));
}

void Analyzer::Impl::Start(const FlowKey& key, const DecodedPacket& p) {
  const std::uint64_t id = next_id_++;
  LiveEntry node(p.transport == Transport::kTcp
                     ? static_cast<LiveNode*>(new TcpNode(key, id, p, options_))
                     : static_cast<LiveNode*>(new UdpNode(key, id, p, options_)));
  timers_.Add(ExpiresAt(*node), Timer{id, key, false});
  live_.Insert(std::move(node));
}

void Analyzer::Impl::ExpireUntil(Timestamp now) {
  timers_.TakeDue(now, [this, now](const Timer& timer) {
    if (timer.lingering) {
      const LingeringEntry* entry = lingering_.Find(timer.key);
      if (entry == nullptr || entry->id != timer.id) return;  // stale
      if (entry->tombstone.ExpiresAt() <= now) lingering_.Erase(timer.key);
      else timers_.Add(entry->tombstone.ExpiresAt(), timer);
      return;
    }
    LiveEntry* entry = live_.Find(timer.key);
    if (entry == nullptr || (*entry)->id != timer.id) return;  // stale
    const Timestamp at = ExpiresAt(**entry);
    if (at <= now) End(**entry);
    else timers_.Add(at, timer);
  });
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
  live_.ForEach([&open](LiveEntry& entry) { open.push_back(entry.get()); });
  std::sort(open.begin(), open.end(),
            [](const LiveNode* a, const LiveNode* b) { return a->id < b->id; });
  for (LiveNode* node : open) Emit(*node);
  live_.Clear();
  lingering_.Clear();
  timers_.Clear();
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
