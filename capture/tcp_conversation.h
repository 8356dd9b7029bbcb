#pragma once
// One TCP connection instance being tracked: feeds each segment to the
// stream reassemblers, the RFC 793 state machine and Zeek's bookkeeping, and
// fills the Conversation that is handed on when it ends.

#include <array>
#include <cstdint>

#include "capture/analyzer.h"
#include "capture/conversation.h"
#include "capture/decoded_packet.h"
#include "capture/stream_reassembler.h"
#include "capture/tcp_state_machine.h"
#include "capture/zeek_tcp.h"

namespace wirecheck::capture {

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
  /// After Finish(): a straggler only updates Zeek's bookkeeping (reuse and
  /// expiry decisions); the conversation was already handed on.
  void AddLate(const DecodedPacket& packet) { zeek_.Deliver(FromOrig(packet), packet); }
  /// Completes the streams and the Zeek columns and hands the result over.
  Conversation Finish();

 private:
  void Flip();
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

}  // namespace wirecheck::capture
