#pragma once
// The pcapng file format (IETF draft-ietf-opsawg-pcapng) read from bytes in
// memory: sections in either byte order, interfaces with their own link type,
// snaplen and time resolution, and the three packet block types. Every other
// block is skipped by its length. Internal to FileSource.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "capture/pcap_format.h"

namespace wirecheck::capture {

class PcapngReader {
 public:
  /// True when the bytes start with a Section Header Block whose byte-order
  /// magic is readable in either order.
  static bool HasMagic(std::span<const std::uint8_t> bytes);
  /// `bytes` must outlive the reader; packet spans point into them.
  void Open(std::span<const std::uint8_t> bytes);
  /// kPacket, kEnd at a clean end of file, or kError with problem() set.
  /// Allocates only when an Interface Description Block adds an interface.
  ReadStatus Next(RawPacket* packet);
  const FormatProblem& problem() const { return problem_; }
  /// The first interface's link type, found by walking the blocks before the
  /// first packet; kEthernet when the file declares no interface.
  std::uint32_t FirstLinkType() const;

 private:
  /// How an interface's timestamp units become nanoseconds.
  struct Interface {
    std::uint32_t link_type = 0;
    std::uint32_t snaplen = 0;  // 0: no limit
    enum class Scale { kMultiply, kDivide, kShift, kZero } scale = Scale::kMultiply;
    std::uint64_t factor = 1000;     // multiplier, divisor, or shift count
    std::int64_t offset_seconds = 0;  // if_tsoffset
  };
  struct Block {
    std::uint32_t type = 0;
    const std::uint8_t* body = nullptr;  // after type and length
    std::size_t body_size = 0;           // before the trailing length
    std::uint32_t total_length = 0;
  };

  ReadStatus ReadBlock(Block* block);
  ReadStatus StartSection(const Block& block);
  ReadStatus AddInterface(const Block& block);
  static void ReadInterfaceOptions(std::span<const std::uint8_t> options, bool swapped,
                                   Interface* interface);
  ReadStatus EnhancedPacket(const Block& block, RawPacket* packet);
  ReadStatus SimplePacket(const Block& block, RawPacket* packet);
  ReadStatus ObsoletePacket(const Block& block, RawPacket* packet);
  ReadStatus FillPacket(std::uint32_t interface_id, std::uint64_t ticks, std::uint32_t caplen,
                        std::uint32_t len, std::span<const std::uint8_t> room,
                        RawPacket* packet);
  ReadStatus Fail(std::string what);
  std::string BlockName(std::uint32_t type) const;

  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t pos_ = 0;  // start of the block being read
  bool swapped_ = false;
  std::vector<Interface> interfaces_;  // this section's, by interface id
  FormatProblem problem_;
};

}  // namespace wirecheck::capture
