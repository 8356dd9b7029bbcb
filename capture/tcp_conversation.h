#pragma once
// One TCP connection instance being tracked: feeds each segment to the
// stream reassemblers, the RFC 793 state machine and Zeek's bookkeeping, and
// fills the Conversation that is handed on when it ends.

#include <array>
#include <cstdint>
#include <utility>

#include "capture/analyzer_options.h"
#include "capture/conversation.h"
#include "capture/decoded_packet.h"
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

 private:
  void Flip();
  void RebuildHandshake();
  void AddSeen(Direction dir, const DecodedPacket& p);
  void RecordPacket(Direction dir, const DecodedPacket& p, SegmentKind kind);
  SegmentKind AddPayload(Direction dir, const DecodedPacket& p);
  void NoteFlags(Direction dir, const DecodedPacket& p);
  void NoteHandshake(Direction dir, const DecodedPacket& p);
  std::uint32_t RelativeSeq(Direction dir, std::uint32_t seq) const;

  const AnalyzerOptions& options_;
  Conversation conv_;
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
