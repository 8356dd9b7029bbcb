#include "capture/stream_reassembler.h"

#include <algorithm>
#include <cassert>
#include <iterator>

#include "capture/seq.h"

namespace wirecheck::capture {

namespace {

std::span<const std::uint8_t> AsBytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace

const std::string StreamReassembler::kNoData;
const std::vector<StreamGap> StreamReassembler::kNoGaps;

void StreamReassembler::Start(std::uint32_t first_seq) {
  if (started_) return;
  started_ = true;
  base_seq_ = first_seq;
}

std::int64_t StreamReassembler::SignedOffsetOf(std::uint32_t seq) const {
  const std::uint32_t next_seq = base_seq_ + static_cast<std::uint32_t>(delivered_);
  return static_cast<std::int64_t>(delivered_) + seq::Diff(seq, next_seq);
}

std::uint64_t StreamReassembler::OffsetOf(std::uint32_t seq) const {
  if (!started_) return 0;
  const std::int64_t offset = SignedOffsetOf(seq);
  return offset < 0 ? 0 : static_cast<std::uint64_t>(offset);
}

SegmentKind StreamReassembler::Add(std::uint32_t seq, std::uint32_t payload_length,
                                   std::span<const std::uint8_t> captured) {
  if (payload_length == 0) return SegmentKind::kEmpty;
  if (captured.size() > payload_length) captured = captured.first(payload_length);
  if (!started_) Start(seq);
  const std::int64_t start = SignedOffsetOf(seq);
  const auto next = static_cast<std::int64_t>(delivered_);
  if (start == next && nothing_held()) {  // the common case: nothing else to look at
    Deliver(delivered_, payload_length, captured);
    return SegmentKind::kInOrder;
  }
  const std::int64_t end = start + payload_length;
  // Bytes before `next` were delivered already (or precede stream byte 0).
  const std::size_t skip = start < next ? static_cast<std::size_t>(next - start) : 0;
  if (skip > 0) {  // the part before `next` can only be checked against data()
    const std::size_t before_zero = start < 0 ? static_cast<std::size_t>(-start) : 0;
    const std::size_t stop = std::min(skip, captured.size());
    if (before_zero < stop) {
      const std::uint64_t from = before_zero > 0 ? 0 : static_cast<std::uint64_t>(start);
      CompareWithDelivered(from, captured.subspan(before_zero, stop - before_zero));
    }
  }
  if (end <= next) return SegmentKind::kRetransmission;
  const std::uint64_t new_start = skip > 0 ? delivered_ : static_cast<std::uint64_t>(start);
  const auto rest = captured.subspan(std::min(skip, captured.size()));
  std::uint64_t added = static_cast<std::uint64_t>(end) - new_start;
  if (nothing_held() && new_start == delivered_) {
    Deliver(new_start, static_cast<std::uint32_t>(added), rest);
  } else {
    added = Hold(new_start, static_cast<std::uint64_t>(end), rest);
    DrainHeld();
    EnforceHeldLimit();
  }
  if (added == 0) return SegmentKind::kRetransmission;
  if (start < next) return SegmentKind::kPartialOverlap;
  return start == next ? SegmentKind::kInOrder : SegmentKind::kOutOfOrder;
}

void StreamReassembler::Finish() {
  while (!nothing_held()) SkipHoleBeforeHeld();
}

void StreamReassembler::Deliver(std::uint64_t offset, std::uint32_t length,
                                std::span<const std::uint8_t> bytes) {
  assert(offset == delivered_);
  assert(bytes.size() <= length);
  if (!bytes.empty()) {
    const std::uint64_t room = offset < keep_limit_ ? keep_limit_ - offset : 0;
    const std::size_t keep = static_cast<std::size_t>(std::min<std::uint64_t>(room, bytes.size()));
    if (keep > 0) extra().data.append(reinterpret_cast<const char*>(bytes.data()), keep);
    if (keep < bytes.size()) data_truncated_ = true;
  }
  if (bytes.size() < length) RecordGap(offset + bytes.size(), length - bytes.size());
  delivered_ += length;
}

void StreamReassembler::DrainHeld() {
  HeldMap& held = extra().held;
  while (!held.empty() && held.begin()->first == delivered_) {
    const auto first = held.begin();
    extra_->held_bytes -= first->second.length;
    Deliver(first->first, first->second.length, AsBytes(first->second.bytes));
    held.erase(first);
  }
  assert(held.empty() || held.begin()->first > delivered_);
}

void StreamReassembler::RecordGap(std::uint64_t offset, std::uint64_t length) {
  if (length == 0) return;
  std::vector<StreamGap>& gaps = extra().gaps;
  if (!gaps.empty() && gaps.back().offset + gaps.back().length == offset) {
    gaps.back().length += length;
  } else {
    gaps.push_back({offset, length});
    extra_->known_before_gap.push_back(offset - gap_bytes_);
  }
  gap_bytes_ += length;
}

void StreamReassembler::SkipHoleBeforeHeld() {
  const std::uint64_t first = extra_->held.begin()->first;
  RecordGap(delivered_, first - delivered_);
  delivered_ = first;
  DrainHeld();
}

void StreamReassembler::EnforceHeldLimit() {
  while (extra_->held_bytes > kMaxHeldBytes || extra_->held.size() > kMaxHeldPieces) SkipHoleBeforeHeld();
}

std::uint64_t StreamReassembler::Hold(std::uint64_t start, std::uint64_t end,
                                      std::span<const std::uint8_t> known) {
  HeldMap& held = extra().held;
  std::uint64_t added = 0;
  std::uint64_t p = start;
  auto it = held.upper_bound(start);
  if (it != held.begin()) {
    const auto prev = std::prev(it);
    if (prev->first + prev->second.length > start) it = prev;
  }
  while (p < end) {
    if (it == held.end() || it->first >= end) {
      InsertPiece(it, p, end, start, known);
      added += end - p;
      break;
    }
    if (it->first > p) {
      InsertPiece(it, p, it->first, start, known);
      added += it->first - p;
      p = it->first;
    }
    const std::uint64_t piece_end = std::min(end, it->first + it->second.length);
    CompareWithHeld(*it, p, piece_end, start, known);
    p = piece_end;
    ++it;
  }
  extra_->held_bytes += added;
  return added;
}

void StreamReassembler::InsertPiece(HeldMap::iterator hint, std::uint64_t start,
                                    std::uint64_t end, std::uint64_t seg_start,
                                    std::span<const std::uint8_t> known) {
  Held piece;
  piece.length = static_cast<std::uint32_t>(end - start);
  const std::uint64_t known_end = seg_start + known.size();
  if (start < known_end) {
    const auto from = static_cast<std::size_t>(start - seg_start);
    const auto to = static_cast<std::size_t>(std::min(end, known_end) - seg_start);
    piece.bytes.assign(reinterpret_cast<const char*>(known.data()) + from, to - from);
  }
  extra_->held.emplace_hint(hint, start, std::move(piece));
}

void StreamReassembler::CompareWithHeld(const HeldMap::value_type& piece, std::uint64_t start,
                                        std::uint64_t end, std::uint64_t seg_start,
                                        std::span<const std::uint8_t> known) {
  const std::uint64_t stop =
      std::min({end, piece.first + piece.second.bytes.size(), seg_start + known.size()});
  for (std::uint64_t o = start; o < stop; ++o) {
    if (static_cast<std::uint8_t>(piece.second.bytes[o - piece.first]) != known[o - seg_start]) {
      ++inconsistent_bytes_;
    }
  }
}

void StreamReassembler::CompareWithDelivered(std::uint64_t offset,
                                             std::span<const std::uint8_t> known) {
  if (!extra_) return;  // no byte kept: nothing to compare with
  const std::string& data = extra_->data;
  const std::vector<StreamGap>& gaps = extra_->gaps;
  const std::vector<std::uint64_t>& known_before_gap = extra_->known_before_gap;
  const std::uint64_t end =
      std::min({offset + known.size(), delivered_, static_cast<std::uint64_t>(keep_limit_)});
  // gaps[0, i) start at or before p; data holds every known byte before end.
  auto i = static_cast<std::size_t>(
      std::upper_bound(gaps.begin(), gaps.end(), offset,
                       [](std::uint64_t v, const StreamGap& g) { return v < g.offset; }) -
      gaps.begin());
  std::uint64_t p = offset;
  while (p < end) {
    std::uint64_t index = p;
    if (i > 0) {
      const std::uint64_t gap_end = gaps[i - 1].offset + gaps[i - 1].length;
      if (p < gap_end) {  // unknown bytes: nothing to compare
        p = gap_end;
        continue;
      }
      index = known_before_gap[i - 1] + (p - gap_end);
    }
    const std::uint64_t run_end = i < gaps.size() ? std::min(end, gaps[i].offset) : end;
    assert(index + (run_end - p) <= data.size());
    for (; p < run_end; ++p, ++index) {
      if (static_cast<std::uint8_t>(data[index]) != known[p - offset]) ++inconsistent_bytes_;
    }
    ++i;
  }
}

void StreamReassembler::PackTo(StatePacker& out, std::uint32_t seq_near) const {
  WIRECHECK_CHECK_PACKED_SIZE(StreamReassembler, 56);
  WIRECHECK_CHECK_PACKED_SIZE(Extra, 136);
  out.Unsigned(keep_limit_);
  out.Flags({started_, data_truncated_, extra_ != nullptr});
  out.Seq(base_seq_, seq_near);
  out.Unsigned(delivered_);
  out.Unsigned(gap_bytes_);
  out.Unsigned(inconsistent_bytes_);
  if (!extra_) return;
  out.Bytes(extra_->data);
  out.Unsigned(extra_->gaps.size());
  for (const StreamGap& g : extra_->gaps) {
    out.Unsigned(g.offset);
    out.Unsigned(g.length);
  }
  out.Unsigned(extra_->known_before_gap.size());
  for (std::uint64_t known : extra_->known_before_gap) out.Unsigned(known);
  out.Unsigned(extra_->held_bytes);
  out.Unsigned(extra_->held.size());
  for (const auto& [offset, piece] : extra_->held) {
    out.Unsigned(offset);
    out.Unsigned(piece.length);
    out.Bytes(piece.bytes);
  }
}

void StreamReassembler::UnpackFrom(StateUnpacker& in, std::uint32_t seq_near) {
  keep_limit_ = in.Unsigned();
  StateUnpacker::FlagBits flags = in.Flags();
  started_ = flags.Next();
  data_truncated_ = flags.Next();
  const bool has_extra = flags.Next();
  base_seq_ = in.Seq(seq_near);
  delivered_ = in.Unsigned();
  gap_bytes_ = in.Unsigned();
  inconsistent_bytes_ = in.Unsigned();
  extra_.reset();
  if (!has_extra) return;
  Extra& e = extra();
  e.data = in.String();
  e.gaps.resize(in.Unsigned());
  for (StreamGap& g : e.gaps) {
    g.offset = in.Unsigned();
    g.length = in.Unsigned();
  }
  e.known_before_gap.resize(in.Unsigned());
  for (std::uint64_t& known : e.known_before_gap) known = in.Unsigned();
  e.held_bytes = in.Unsigned();
  for (std::uint64_t n = in.Unsigned(); n > 0; --n) {
    const std::uint64_t offset = in.Unsigned();
    Held piece;
    piece.length = in.Narrow<std::uint32_t>();
    piece.bytes = in.String();
    e.held.emplace_hint(e.held.end(), offset, std::move(piece));
  }
}

}  // namespace wirecheck::capture
