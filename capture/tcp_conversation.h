#pragma once
// One TCP connection instance being tracked: feeds each segment to the
// stream reassemblers, the RFC 793 state machine and Zeek's bookkeeping, and
// builds the Conversation that is handed on when it ends.
//
// Kept compact, since Zeek's 5 s close timer holds every closed connection
// (tens of thousands at once on a busy capture) until it expires: only what
// later packets update is held, not a Conversation with its output-only
// strings and containers; a stream with nothing kept allocates nothing.
// Once closed it waits packed (Freeze(), frozen_tcp.h), a quarter of this.

#include <array>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "capture/analyzer_options.h"
#include "capture/conversation.h"
#include "capture/decoded_packet.h"
#include "capture/frozen_tcp.h"
#include "capture/state_packer.h"
#include "capture/stream_reassembler.h"
#include "capture/tcp_state_machine.h"
#include "capture/zeek_tcp.h"

namespace wirecheck::capture {

class TcpTombstone;

class TcpConversation {
 public:
  /// Starts with the first packet seen on the 4-tuple; the originator is
  /// chosen by Zeek's rule (ZeekTcp::SenderIsOriginator).
  TcpConversation(std::uint64_t id, const DecodedPacket& first, const AnalyzerOptions& options);

  /// True when `packet` was sent by the current originator.
  bool FromOrig(const DecodedPacket& packet) const;
  /// Zeek's reuse test: this packet starts a new connection on the 4-tuple.
  bool IsReuse(const DecodedPacket& packet) const;
  Timestamp ExpiresAt() const { return zeek_.ExpiresAt(); }
  /// Both FINs sent and acknowledged, or a RST seen: nothing more is
  /// expected but stragglers.
  bool Finished() const;

  void Add(const DecodedPacket& packet);
  /// The packet failed its checksum and is otherwise ignored.
  void ChecksumError(const DecodedPacket& packet) { zeek_.ChecksumError(FromOrig(packet)); }
  /// Completes the streams and the Zeek columns and hands the result over.
  Conversation Finish();
  /// After Finish(): what must linger until Zeek's timers expire.
  TcpTombstone Retire() &&;

  /// The whole state, packed (frozen_tcp.h): what the analyzer keeps of a
  /// closed connection. `scratch` is working room, reused between calls.
  FrozenTcp Freeze(std::vector<std::uint8_t>* scratch) const;
  /// Thaws a frozen conversation: the one that was frozen, exactly.
  TcpConversation(const FrozenTcp& frozen, const AnalyzerOptions& options);

 private:
  /// What one side sent, as far as the packets update it (the rest of
  /// DirectionFacts is filled by Finish()).
  struct Sent {
    std::uint64_t packets = 0;
    std::uint64_t ip_bytes = 0;
    std::uint64_t payload_bytes = 0;
    std::uint64_t fin_packet = 0;
    std::uint64_t rst_packet = 0;
    Timestamp fin_ts{};
    Timestamp rst_ts{};
    std::uint64_t retransmissions = 0;
    std::uint64_t out_of_order = 0;
    std::uint64_t overlaps = 0;
    std::uint64_t zero_windows = 0;
    std::uint32_t isn = 0;
    bool syn_seen = false;
    TcpOptions syn_options;
  };
  Sent& from(Direction d) { return sent_[static_cast<std::size_t>(d)]; }
  const Sent& from(Direction d) const { return sent_[static_cast<std::size_t>(d)]; }
  void Flip();
  void RebuildHandshake();
  void AddSeen(Direction dir, const DecodedPacket& p);
  void RecordPacket(Direction dir, const DecodedPacket& p, SegmentKind kind);
  SegmentKind AddPayload(Direction dir, const DecodedPacket& p);
  void NoteFlags(Direction dir, const DecodedPacket& p);
  void NoteHandshake(Direction dir, const DecodedPacket& p);
  std::uint32_t RelativeSeq(Direction dir, std::uint32_t seq) const;

  TcpConversation(StateUnpacker in, const AnalyzerOptions& options);
  static void PackSent(StatePacker& out, const Sent& s, std::uint32_t seq_near);
  static void UnpackSent(StateUnpacker& in, Sent& s, std::uint32_t seq_near);

  const AnalyzerOptions& options_;
  std::uint64_t id_ = 0;
  Endpoint orig_;
  Endpoint resp_;
  OriginatorRule originator_rule_ = OriginatorRule::kFirstSyn;
  std::optional<Direction> first_fin_;
  std::optional<Direction> first_rst_;
  bool packets_truncated_ = false;
  Timestamp first_ts_{};
  Timestamp last_ts_{};
  std::uint64_t ip_fragments_ = 0;
  Handshake handshake_;
  std::array<Sent, 2> sent_;
  std::vector<PacketRecord> packets_;  // in capture order, up to the cap
  ZeekTcp zeek_;
  TcpStateMachine states_;
  std::array<StreamReassembler, 2> streams_;
  std::array<std::uint32_t, 2> seq_base_{};    // for relative sequence numbers
  std::array<bool, 2> seq_base_known_{};
};

/// What remains of a TCP conversation that was handed on before Zeek's
/// timers would remove it (AnalyzerOptions::hand_off_when_closed): when it
/// expires and whether a new SYN reuses the 4-tuple. Both ends have closed
/// or reset, so by Zeek's rule any SYN (or a SYN-ACK when the originator
/// never spoke) starts a new connection; other late packets only count as
/// late and, unlike in Zeek, do not move the expiry. 16 bytes (a 72-byte node
/// in the analyzer), against the kilobytes of a live conversation: the
/// analyzer holds many of these.
class TcpTombstone {
 public:
  TcpTombstone() = default;
  TcpTombstone(Timestamp expires_at, bool orig_inactive)
      : expires_at_(expires_at), orig_inactive_(orig_inactive) {}
  bool IsReuse(const DecodedPacket& p) const {
    return p.Has(tcp_flag::kSyn) && (!p.Has(tcp_flag::kAck) || orig_inactive_);
  }
  Timestamp ExpiresAt() const { return expires_at_; }

 private:
  Timestamp expires_at_{};
  bool orig_inactive_ = false;
};

}  // namespace wirecheck::capture
