#include "capture/memory_source.h"

namespace wirecheck::capture {

ReadStatus MemorySource::Next(RawPacket* packet) {
  if (next_ >= packets_.size()) return ReadStatus::kEnd;
  const OwnedPacket& owned = packets_[next_++];
  packet->ts = owned.ts;
  packet->link_type = owned.link_type;
  packet->data = owned.bytes;
  packet->wire_length = owned.wire_length != 0
                            ? owned.wire_length
                            : static_cast<std::uint32_t>(owned.bytes.size());
  return ReadStatus::kPacket;
}

CaptureStats MemorySource::stats() const {
  CaptureStats stats;
  stats.packets_read = next_;
  return stats;
}

}  // namespace wirecheck::capture
