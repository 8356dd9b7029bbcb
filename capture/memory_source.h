#pragma once
// Packets held in memory: the source for unit tests and for callers that
// already have the bytes.

#include <cstdint>
#include <string>
#include <vector>

#include "capture/packet_source.h"

namespace wirecheck::capture {

struct OwnedPacket {
  Timestamp ts{};
  std::uint32_t link_type = link_type::kEthernet;
  std::uint32_t wire_length = 0;  // 0: the size of bytes
  std::vector<std::uint8_t> bytes;
};

class MemorySource : public PacketSource {
 public:
  explicit MemorySource(std::vector<OwnedPacket> packets) : packets_(std::move(packets)) {}
  ReadStatus Next(RawPacket* packet) override;
  const std::string& error() const override { return error_; }
  CaptureStats stats() const override;

 private:
  std::vector<OwnedPacket> packets_;
  std::size_t next_ = 0;
  std::string error_;
};

}  // namespace wirecheck::capture
