#pragma once
// Zeek's view of one TCP connection, rebuilt from sequence-level facts only
// (no payload bytes): endpoint states, the conn.log `history` letters and
// `conn_state`, byte counts taken from sequence numbers, missed bytes, role
// flips ('^'), connection reuse, and the timers after which Zeek removes the
// connection. The rules and their sources are in docs/zeek-compatibility.md.
//
// Contract: packets are delivered in capture order; `is_orig` is relative to
// the roles *as they are now* (after any flip). A segment's data counts as
// seen (for gaps / missed_bytes) only when `payload` holds all
// `payload_length` bytes, as in Zeek. Checksums are not verified (`zeek -C`).
// Never throws.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "capture/decoded_packet.h"
#include "capture/state_packer.h"
#include "capture/zeek_history.h"

namespace wirecheck::capture {

class ZeekTcp {
 public:
  /// Zeek's TCP_ENDPOINT_* states.
  enum class State : std::uint8_t {
    kInactive, kSynSent, kSynAckSent, kPartial, kEstablished, kClosed, kReset,
  };

  /// Zeek's decision for the first packet of a new connection: true when its
  /// sender is the originator, false when Zeek flips the roles (a partial
  /// connection whose source port is the likely server port).
  static bool SenderIsOriginator(const DecodedPacket& first);

  /// Starts the connection with its first packet. `flipped_at_start` is
  /// !SenderIsOriginator(first): the packet then counts as the responder's
  /// and the history starts with '^'.
  ZeekTcp(const DecodedPacket& first, bool flipped_at_start);

  /// Feeds a later packet. Returns true when Zeek flips the roles on this
  /// packet: the caller must swap its own orig/resp facts; history() already
  /// holds the '^'.
  bool Deliver(bool is_orig, const DecodedPacket& packet);

  /// Zeek's connection-reuse test: does this packet (a SYN, or a SYN-ACK on a
  /// half-open connection) start a new connection on the same 4-tuple?
  bool IsReuse(bool is_orig, const DecodedPacket& packet) const;

  /// A packet of this direction failed its checksum and was dropped (only
  /// when the caller verifies checksums): 'C'/'c', logarithmically.
  void ChecksumError(bool is_orig);

  /// The network time from which Zeek's timers have removed this connection
  /// if no further packet of it came (attempt, inactivity, close and expire
  /// timers). A packet at or after this time starts a new connection.
  Timestamp ExpiresAt() const { return expires_at_; }

  const std::string& history() const { return history_.letters(); }
  std::string_view conn_state() const;
  /// conn.log orig_bytes / resp_bytes: payload bytes from sequence numbers
  /// (Zeek logs them only when the duration is above zero).
  std::uint64_t bytes(bool orig) const;
  /// conn.log missed_bytes: bytes acknowledged but never seen (content gaps).
  std::uint64_t missed_bytes() const { return missed_bytes_; }
  /// Zeek's last activity time: packets after both sides closed do not count,
  /// so conn.log duration is last_time() - first packet time.
  Timestamp last_time() const { return last_time_; }
  State state(bool orig) const { return orig ? Orig().state : Resp().state; }

  /// Every field, for a frozen connection (frozen_tcp.h); a ZeekTcp made
  /// from the unpacker is the one packed.
  void PackTo(StatePacker& out) const;
  explicit ZeekTcp(StateUnpacker& in);

 private:
  /// One side, as Zeek's TCP_Endpoint plus the sequence bookkeeping of its
  /// TCP_Reassembler (relative sequence numbers, data itself not kept).
  struct Endpoint {
    State state = State::kInactive;
    State prev_state = State::kInactive;
    bool is_orig = true;
    bool did_close = false;
    bool did_eof = false;
    bool skip_deliveries = false;
    std::int64_t start_seq = 0;
    std::uint32_t last_seq = 0, ack_seq = 0, seq_wraps = 0, ack_wraps = 0;
    std::uint64_t fin_seq = 0;
    std::uint32_t fin_count = 0;
    std::uint64_t hist_last_syn = 0, hist_last_fin = 0, hist_last_rst = 0;
    ScaledRepeat retransmits, zero_windows, gaps, checksum_errors;
    std::uint64_t last_reassem = 1;  // next relative seq to deliver
    std::uint64_t trim = 0;          // acked below this
    /// Data seen above a hole, [begin, end) sorted and disjoint; stays empty
    /// (no allocation) while segments arrive in order.
    std::vector<std::pair<std::uint64_t, std::uint64_t>> held;

    void PackTo(StatePacker& out) const;
    void UnpackFrom(StateUnpacker& in);
  };
  struct Outcome {
    bool do_close = false;
    bool gen_event = false;
  };

  Endpoint& Orig() { return ends_[orig_index_]; }
  Endpoint& Resp() { return ends_[orig_index_ ^ 1]; }
  const Endpoint& Orig() const { return ends_[orig_index_]; }
  const Endpoint& Resp() const { return ends_[orig_index_ ^ 1]; }
  Endpoint& PeerOf(const Endpoint& e) { return &e == &ends_[0] ? ends_[1] : ends_[0]; }
  const Endpoint& PeerOf(const Endpoint& e) const {
    return &e == &ends_[0] ? ends_[1] : ends_[0];
  }

  void Process(bool is_orig, const DecodedPacket& p);
  void ProcessAck(Endpoint& peer, const DecodedPacket& p, std::uint64_t& rel_ack);
  void UpdateHistory(Endpoint& e, std::uint8_t flags, std::uint64_t rel_seq, std::uint32_t len);
  void UpdateLastSeq(Endpoint& e, std::uint32_t last, std::uint8_t flags, std::uint32_t len);
  void SetState(Endpoint& e, State s);
  void SetPartialStatus(std::uint8_t flags, bool is_orig);
  void Flip();
  /// Zeek's flip of a connection that began with an unflipped SYN-ACK, on
  /// the ACK or data right after it (zeek/zeek PR #2191): true when it flips.
  bool FlipAfterLoneSynAck(const DecodedPacket& p);

  Outcome UpdateStateMachine(Endpoint& e, bool is_orig, const DecodedPacket& p);
  void UpdateInactive(Endpoint& e, Endpoint& peer, bool is_orig, const DecodedPacket& p,
                      Outcome& out);
  void UpdateSynSent(Endpoint& e, const DecodedPacket& p, Outcome& out);
  void UpdateEstablished(Endpoint& e, Endpoint& peer, const DecodedPacket& p, Outcome& out);
  void UpdateClosed(Endpoint& e, Endpoint& peer, const DecodedPacket& p, Outcome& out);
  void ConnectionClosed(Endpoint& e, Endpoint& peer, bool gen_event);

  // Reassembler bookkeeping (sequence numbers only).
  void DataSent(Endpoint& e, std::uint64_t seq, std::uint64_t len);
  void AckReceived(Endpoint& e, std::uint64_t seq);
  void Undelivered(Endpoint& e, std::uint64_t up_to);
  void Deliver(Endpoint& e, std::uint64_t end);
  void Gap(Endpoint& e, std::uint64_t len);
  void CheckEof(Endpoint& e);
  bool DataPending(const Endpoint& e) const;
  std::uint64_t Size(const Endpoint& e) const;

  void AdvanceTimers(Timestamp now);
  bool ExpireTimerWouldRemove() const;
  /// ExpiresAt() from the timers as they stand; cached after every packet
  /// because the analyzer asks for it several times per packet.
  Timestamp ComputeExpiresAt() const;

  ZeekHistory history_;
  std::array<Endpoint, 2> ends_;
  std::uint8_t orig_index_ = 0;
  std::uint8_t first_packet_seen_ = 0;  // bit 1: orig, bit 2: resp
  bool is_partial_ = false;
  bool is_active_ = true;
  bool close_deferred_ = false;
  bool deferred_gen_event_ = false;
  bool flipped_now_ = false;
  std::uint64_t missed_bytes_ = 0;
  Timestamp last_time_{};
  Timestamp inactivity_timeout_{};
  Timestamp attempt_at_;
  std::array<Timestamp, 2> expire_at_;
  Timestamp delete_at_;
  Timestamp expires_at_{};
};

}  // namespace wirecheck::capture
