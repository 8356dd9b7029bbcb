#pragma once
// What the reassembly tells about a stream, as plain data for the
// conversations: how a segment related to the stream, and the holes that
// never filled. Apart from stream_reassembler.h so that conversation.h (read
// by everything above capture/) does not depend on the reassembler's layout.

#include <cstdint>

namespace wirecheck::capture {

/// How a segment related to what the stream already had.
enum class SegmentKind : std::uint8_t {
  kInOrder,          // starts exactly at the next expected byte
  kOutOfOrder,       // starts beyond a hole: held (or, if it also overlaps
                     // held data, partly a retransmission of it)
  kRetransmission,   // every byte was already received (delivered or held)
  kPartialOverlap,   // starts inside received data and adds new bytes
  kEmpty,            // no payload
};

/// Stream bytes [offset, offset + length) that were never seen.
struct StreamGap {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  bool operator==(const StreamGap&) const = default;
};

}  // namespace wirecheck::capture
