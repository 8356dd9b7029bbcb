#pragma once
// One direction of a TCP connection turned back into the byte stream the
// sender wrote: segments placed by sequence number (wrap-safe), out-of-order
// segments held until the hole before them fills, retransmissions and
// overlaps recognised, holes that never fill recorded as gaps (never as fake
// bytes). At most `keep_limit` stream bytes are kept; counts stay exact.
//
// Rules:
// - Sequence numbers are unwrapped around the next expected byte into 64-bit
//   stream offsets, so streams past 4 GiB and ISNs near 2^32 both work; a
//   segment must lie within 2^31 bytes of that position (TCP's own limit).
// - First copy wins: a byte already delivered or held is never replaced;
//   a later copy that differs counts in inconsistent_bytes(). A first copy's
//   uncaptured (snap-length) bytes stay unknown even if a later copy has them.
// - Bytes before stream byte 0 (e.g. the SYN's or earlier) are ignored.
// - Held memory is bounded: when more than kMaxHeldBytes stream bytes or
//   kMaxHeldPieces pieces are held, the hole before the first held piece is
//   declared a gap and the held data after it is delivered, as at Finish().
// - Compact: an in-order stream whose bytes are not kept (keep_limit 0, as
//   `wirecheck show` runs it) allocates nothing; the kept bytes, the gaps and
//   the held segments live in one block made at the first of them, since the
//   analyzer holds tens of thousands of streams (Zeek's close timer).

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "capture/state_packer.h"
#include "capture/stream_segment.h"

namespace wirecheck::capture {

class StreamReassembler {
 public:
  /// Most stream bytes held out of order before the oldest hole becomes a gap
  /// (far above any loopback receive window in practice).
  static constexpr std::uint64_t kMaxHeldBytes = std::uint64_t{16} << 20;
  /// Most held pieces (segments, split where they overlap) before the same.
  static constexpr std::size_t kMaxHeldPieces = 65536;

  explicit StreamReassembler(std::size_t keep_limit = 1 << 20) : keep_limit_(keep_limit) {}

  /// Anchors the stream: `first_seq` is the sequence number of stream byte 0
  /// (ISN + 1 after a SYN; the first segment's seq for a mid-stream start).
  /// Add() of a non-empty segment before Start() starts the stream at that
  /// segment. Start() on a started stream changes nothing.
  void Start(std::uint32_t first_seq);
  bool started() const { return started_; }

  /// Adds a segment. `payload_length` is what the headers say; `captured` is
  /// the prefix that was captured (bytes beyond it are unknown and become a
  /// gap when delivered; a longer span is cut to payload_length). Returns how
  /// the segment related to the stream. An empty segment changes nothing.
  SegmentKind Add(std::uint32_t seq, std::uint32_t payload_length,
                  std::span<const std::uint8_t> captured);

  /// End of the stream: held segments are delivered after recording the
  /// holes before them as gaps. Later Add() calls still work.
  void Finish();

  /// Stream bytes delivered so far, gaps included (the stream's length).
  std::uint64_t delivered() const { return delivered_; }
  /// The known bytes among stream offsets [0, min(delivered, keep_limit));
  /// bytes inside gaps are absent (see gaps()), so data().size() may be less
  /// than delivered().
  const std::string& data() const { return extra_ ? extra_->data : kNoData; }
  /// Moves the kept bytes out (after Finish(), to hand them on without a copy).
  std::string TakeData() { return extra_ ? std::move(extra_->data) : std::string(); }
  /// True when captured bytes at offsets >= keep_limit were dropped.
  bool data_truncated() const { return data_truncated_; }
  /// In stream order; adjacent gaps are merged into one.
  const std::vector<StreamGap>& gaps() const { return extra_ ? extra_->gaps : kNoGaps; }
  std::uint64_t gap_bytes() const { return gap_bytes_; }
  /// Bytes in overlapping segments whose content disagreed with what the
  /// stream already had (first copy wins). Only bytes known on both sides
  /// and, once delivered, still kept in data() can be compared.
  std::uint64_t inconsistent_bytes() const { return inconsistent_bytes_; }
  /// Stream bytes currently held out of order (each byte counted once).
  std::uint64_t held_bytes() const { return extra_ ? extra_->held_bytes : 0; }
  /// The 64-bit stream offset of a sequence number (unwrapped around the
  /// next expected byte); 0 for one before stream byte 0 or before Start().
  std::uint64_t OffsetOf(std::uint32_t seq) const;

  /// Every field, for a frozen connection (frozen_tcp.h); the stream's
  /// anchor is packed relative to `seq_near`.
  void PackTo(StatePacker& out, std::uint32_t seq_near) const;
  void UnpackFrom(StateUnpacker& in, std::uint32_t seq_near);

 private:
  struct Held {
    std::uint32_t length = 0;           // bytes per the headers
    std::string bytes;                  // captured prefix
  };
  using HeldMap = std::map<std::uint64_t, Held>;  // by stream offset
  /// What most streams never need (see the rules above).
  struct Extra {
    std::string data;
    std::vector<StreamGap> gaps;
    std::vector<std::uint64_t> known_before_gap;  // per gap: known bytes before it
    std::uint64_t held_bytes = 0;
    HeldMap held;
  };
  static const std::string kNoData;
  static const std::vector<StreamGap> kNoGaps;

  Extra& extra() {
    if (!extra_) extra_ = std::make_unique<Extra>();
    return *extra_;
  }
  bool nothing_held() const { return !extra_ || extra_->held.empty(); }

  std::int64_t SignedOffsetOf(std::uint32_t seq) const;
  void Deliver(std::uint64_t offset, std::uint32_t length, std::span<const std::uint8_t> bytes);
  void DrainHeld();
  void RecordGap(std::uint64_t offset, std::uint64_t length);
  void SkipHoleBeforeHeld();
  void EnforceHeldLimit();
  /// Stores the not-yet-held parts of [start, end) (`known` is its captured
  /// prefix); returns how many stream bytes were new.
  std::uint64_t Hold(std::uint64_t start, std::uint64_t end, std::span<const std::uint8_t> known);
  void InsertPiece(HeldMap::iterator hint, std::uint64_t start, std::uint64_t end,
                   std::uint64_t seg_start, std::span<const std::uint8_t> known);
  void CompareWithHeld(const HeldMap::value_type& piece, std::uint64_t start, std::uint64_t end,
                       std::uint64_t seg_start, std::span<const std::uint8_t> known);
  /// Counts bytes of `known` (at stream `offset`) that differ from data().
  void CompareWithDelivered(std::uint64_t offset, std::span<const std::uint8_t> known);

  std::size_t keep_limit_;
  bool started_ = false;
  std::uint32_t base_seq_ = 0;          // seq of stream byte 0
  bool data_truncated_ = false;
  std::uint64_t delivered_ = 0;
  std::uint64_t gap_bytes_ = 0;
  std::uint64_t inconsistent_bytes_ = 0;
  std::unique_ptr<Extra> extra_;  // null until needed
};

}  // namespace wirecheck::capture
