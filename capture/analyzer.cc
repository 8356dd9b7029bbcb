#include "capture/analyzer.h"

#include <algorithm>
#include <memory>
#include <queue>
#include <unordered_map>
#include <utility>
#include <variant>

#include "capture/checksum.h"
#include "capture/flow_key.h"
#include "capture/tcp_conversation.h"
#include "capture/udp_conversation.h"

namespace wirecheck::capture {

namespace {

/// An entry of the flow table: a TCP or UDP conversation being tracked.
/// `handed_off` TCP entries were already given to the sink and linger only
/// so that Zeek's timers and reuse rules still apply to late packets.
struct Entry {
  // Live conversations are large (kilobytes): held by pointer so that the
  // many lingering tombstones stay small.
  std::variant<std::unique_ptr<TcpConversation>, std::unique_ptr<UdpConversation>, TcpTombstone> conv;
  std::uint64_t id;
  bool handed_off = false;  // always true for a TcpTombstone

  Timestamp ExpiresAt() const {
    if (auto* tcp = std::get_if<std::unique_ptr<TcpConversation>>(&conv)) return (*tcp)->ExpiresAt();
    if (auto* udp = std::get_if<std::unique_ptr<UdpConversation>>(&conv)) return (*udp)->ExpiresAt();
    return std::get<TcpTombstone>(conv).ExpiresAt();
  }
};

/// When to look at an entry again; stale timers (the entry was replaced, or
/// its expiry moved later) are recognised when they come due.
struct Timer {
  Timestamp at;
  std::uint64_t id;
  FlowKey key;
  bool operator>(const Timer& other) const { return at > other.at; }
};

}  // namespace

class Analyzer::Impl {
 public:
  Impl(AnalyzerOptions options, ConversationSink sink)
      : options_(options), sink_(std::move(sink)) {}

  void Feed(const RawPacket& raw, std::uint64_t number);
  void Finish();
  TraceStats stats_;
  std::unordered_map<FlowKey, Entry, FlowKeyHash> table_;

 private:
  void ExpireUntil(Timestamp now);
  /// With verify_checksums: false when p must be dropped (counted, and a
  /// bad transport checksum noted in its conversation's history).
  bool ChecksumsOk(const DecodedPacket& p, Entry* entry);
  void Start(const FlowKey& key, const DecodedPacket& p);
  void AddToExisting(const FlowKey& key, Entry& entry, const DecodedPacket& p);
  void Emit(Entry& entry);
  void ArmTimer(const FlowKey& key, const Entry& entry);

  AnalyzerOptions options_;
  ConversationSink sink_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
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
  auto it = table_.find(key);
  if (options_.verify_checksums && !ChecksumsOk(p, it == table_.end() ? nullptr : &it->second)) return;
  ++stats_.decoded;
  if (it == table_.end()) {
    Start(key, p);
  } else {
    AddToExisting(key, it->second, p);
  }
}

bool Analyzer::Impl::ChecksumsOk(const DecodedPacket& p, Entry* entry) {
  if (!IpHeaderChecksumOk(p)) {
    stats_.decode.Count(DecodeResult::kBadIpChecksum);
    return false;
  }
  if (TransportChecksumOk(p)) return true;
  stats_.decode.Count(DecodeResult::kBadTransportChecksum);
  if (entry == nullptr) return false;
  if (auto* tcp = std::get_if<std::unique_ptr<TcpConversation>>(&entry->conv)) (*tcp)->ChecksumError(p);
  if (auto* udp = std::get_if<std::unique_ptr<UdpConversation>>(&entry->conv)) (*udp)->ChecksumError(p);
  return false;
}

void Analyzer::Impl::AddToExisting(const FlowKey& key, Entry& entry, const DecodedPacket& p) {
  const bool expired = p.ts > entry.ExpiresAt();
  if (auto* live = std::get_if<std::unique_ptr<TcpConversation>>(&entry.conv)) {
    TcpConversation* tcp = live->get();
    if (expired || tcp->IsReuse(p)) {
      Emit(entry);
      table_.erase(key);
      Start(key, p);
      return;
    }
    tcp->Add(p);
    if (options_.hand_off_when_closed && tcp->Finished()) {
      Emit(entry);
      TcpTombstone tombstone = std::move(*tcp).Retire();
      entry.conv = std::move(tombstone);
    }
    return;
  }
  if (auto* tombstone = std::get_if<TcpTombstone>(&entry.conv)) {
    if (expired || tombstone->IsReuse(p)) {
      table_.erase(key);
      Start(key, p);
      return;
    }
    ++stats_.late_packets;
    return;
  }
  auto& udp = std::get<std::unique_ptr<UdpConversation>>(entry.conv);
  if (expired) {
    Emit(entry);
    table_.erase(key);
    Start(key, p);
    return;
  }
  udp->Add(p);
}

void Analyzer::Impl::Start(const FlowKey& key, const DecodedPacket& p) {
  const std::uint64_t id = next_id_++;
  auto [it, inserted] =
      p.transport == Transport::kTcp
          ? table_.try_emplace(key, Entry{std::make_unique<TcpConversation>(id, p, options_), id})
          : table_.try_emplace(key, Entry{std::make_unique<UdpConversation>(id, p, options_), id});
  ArmTimer(key, it->second);
}

void Analyzer::Impl::ArmTimer(const FlowKey& key, const Entry& entry) {
  timers_.push(Timer{entry.ExpiresAt(), entry.id, key});
}

void Analyzer::Impl::ExpireUntil(Timestamp now) {
  while (!timers_.empty() && timers_.top().at < now) {
    const Timer timer = timers_.top();
    timers_.pop();
    auto it = table_.find(timer.key);
    if (it == table_.end() || it->second.id != timer.id) continue;  // stale
    if (it->second.ExpiresAt() < now) {
      Emit(it->second);
      table_.erase(it);
    } else {
      ArmTimer(timer.key, it->second);
    }
  }
}

void Analyzer::Impl::Emit(Entry& entry) {
  if (entry.handed_off) return;
  entry.handed_off = true;
  ++stats_.conversations;
  if (auto* tcp = std::get_if<std::unique_ptr<TcpConversation>>(&entry.conv)) sink_((*tcp)->Finish());
  if (auto* udp = std::get_if<std::unique_ptr<UdpConversation>>(&entry.conv)) sink_((*udp)->Finish());
}

void Analyzer::Impl::Finish() {
  std::vector<Entry*> open;
  open.reserve(table_.size());
  for (auto& [key, entry] : table_) open.push_back(&entry);
  std::sort(open.begin(), open.end(), [](const Entry* a, const Entry* b) { return a->id < b->id; });
  for (Entry* entry : open) Emit(*entry);
  table_.clear();
  timers_ = {};
}

Analyzer::Analyzer(AnalyzerOptions options, ConversationSink sink)
    : impl_(std::make_unique<Impl>(options, std::move(sink))) {}
Analyzer::~Analyzer() = default;
void Analyzer::Feed(const RawPacket& packet, std::uint64_t number) { impl_->Feed(packet, number); }
void Analyzer::Finish() { impl_->Finish(); }
const TraceStats& Analyzer::stats() const { return impl_->stats_; }
std::size_t Analyzer::open_conversations() const { return impl_->table_.size(); }

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
