#include "capture/pcapng_format.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace wirecheck::capture {
namespace {

constexpr std::uint32_t kSectionHeader = 0x0a0d0d0a;  // reads the same in both orders
constexpr std::uint32_t kInterfaceDescription = 1;
constexpr std::uint32_t kObsoletePacket = 2;
constexpr std::uint32_t kSimplePacket = 3;
constexpr std::uint32_t kEnhancedPacket = 6;
constexpr std::uint32_t kByteOrderMagic = 0x1a2b3c4d;
constexpr std::size_t kMinBlockLength = 12;  // type, length, trailing length
constexpr std::uint16_t kOptEnd = 0;
constexpr std::uint16_t kOptTsResol = 9;
constexpr std::uint16_t kOptTsOffset = 14;
constexpr std::uint64_t kNsPerSecond = 1'000'000'000;

__extension__ typedef unsigned __int128 Uint128;
__extension__ typedef __int128 Int128;

/// The latest time (and, negated, the earliest) a packet may carry: about
/// 146 years either side of 1970, a little beyond classic pcap's unsigned
/// 32-bit seconds. Within it the difference of any two timestamps, and a
/// timestamp plus any of the analyzer's timers, fit in 64 bits.
constexpr std::int64_t kMaxTimestampNs = std::int64_t{1} << 62;

std::uint64_t PowerOfTen(unsigned exponent) {
  std::uint64_t value = 1;
  while (exponent-- > 0) value *= 10;
  return value;
}

}  // namespace

bool PcapngReader::HasMagic(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 12 || LoadU32(bytes.data(), false) != kSectionHeader) return false;
  const std::uint32_t magic = LoadU32(bytes.data() + 8, false);
  return magic == kByteOrderMagic || __builtin_bswap32(magic) == kByteOrderMagic;
}

void PcapngReader::Open(std::span<const std::uint8_t> bytes) {
  data_ = bytes.data();
  size_ = bytes.size();
  pos_ = 0;
}

ReadStatus PcapngReader::Next(RawPacket* packet) {
  for (;;) {
    Block block;
    const ReadStatus status = ReadBlock(&block);
    if (status != ReadStatus::kPacket) return status;
    ReadStatus result = ReadStatus::kEnd;  // kEnd here: not a packet, go on
    switch (block.type) {
      case kSectionHeader: result = StartSection(block); break;
      case kInterfaceDescription: result = AddInterface(block); break;
      case kEnhancedPacket: result = EnhancedPacket(block, packet); break;
      case kSimplePacket: result = SimplePacket(block, packet); break;
      case kObsoletePacket: result = ObsoletePacket(block, packet); break;
      default: break;  // statistics, name resolution, custom...: not ours
    }
    if (result == ReadStatus::kError) return result;
    pos_ += block.total_length;
    if (result == ReadStatus::kPacket) return result;
  }
}

/// kPacket: *block is whole and its lengths agree; kEnd: clean end of file.
ReadStatus PcapngReader::ReadBlock(Block* block) {
  const std::size_t left = size_ - pos_;
  if (left == 0) return ReadStatus::kEnd;
  const std::uint8_t* at = data_ + pos_;
  if (left < 8) {
    return Fail("file cut short inside a block header (needs 8 bytes, " +
                std::to_string(left) + " left)");
  }
  if (LoadU32(at, false) == kSectionHeader) {
    // A new section may change the byte order; its magic says which.
    if (left < 12) {
      return Fail("file cut short inside a section header block (needs 12 bytes, " +
                  std::to_string(left) + " left)");
    }
    const std::uint32_t magic = LoadU32(at + 8, false);
    if (magic != kByteOrderMagic && __builtin_bswap32(magic) != kByteOrderMagic) {
      char hex[16];
      std::snprintf(hex, sizeof hex, "%08x", magic);
      return Fail(std::string("section header block with a bad byte-order magic ") + hex);
    }
    swapped_ = magic != kByteOrderMagic;
  }
  block->type = LoadU32(at, swapped_);
  block->total_length = LoadU32(at + 4, swapped_);
  const std::uint32_t length = block->total_length;
  if (length < kMinBlockLength || length % 4 != 0) {
    return Fail(BlockName(block->type) + " has a length of " + std::to_string(length) +
                (length < kMinBlockLength ? ", less than 12" : ", not a multiple of 4"));
  }
  if (length > left) {
    return Fail("file cut short inside " + BlockName(block->type) + " (needs " +
                std::to_string(length) + " bytes, " + std::to_string(left) + " left)");
  }
  const std::uint32_t trailer = LoadU32(at + length - 4, swapped_);
  if (trailer != length) {
    return Fail(BlockName(block->type) + " has a length of " + std::to_string(length) +
                " but its trailer says " + std::to_string(trailer));
  }
  block->body = at + 8;
  block->body_size = length - kMinBlockLength;
  return ReadStatus::kPacket;
}

ReadStatus PcapngReader::StartSection(const Block& block) {
  if (block.body_size < 16) return Fail("section header block too short");
  const std::uint16_t major = LoadU16(block.body + 4, swapped_);
  const std::uint16_t minor = LoadU16(block.body + 6, swapped_);
  if (major != 1) {
    return Fail("unsupported pcapng version " + std::to_string(major) + "." +
                std::to_string(minor));
  }
  interfaces_.clear();  // interface ids are per section
  return ReadStatus::kEnd;
}

ReadStatus PcapngReader::AddInterface(const Block& block) {
  if (block.body_size < 8) return Fail("interface description block too short");
  Interface interface;
  interface.link_type = LoadU16(block.body, swapped_);
  interface.snaplen = LoadU32(block.body + 4, swapped_);
  ReadInterfaceOptions({block.body + 8, block.body_size - 8}, swapped_, &interface);
  interfaces_.push_back(interface);
  return ReadStatus::kEnd;
}

/// Reads if_tsresol and if_tsoffset. A malformed option list ends the walk
/// with the defaults (microseconds, no offset) for what it did not reach:
/// the options are metadata, the packets are still readable.
void PcapngReader::ReadInterfaceOptions(std::span<const std::uint8_t> options, bool swapped,
                                        Interface* interface) {
  std::uint8_t resolution = 6;
  std::uint64_t offset_seconds = 0;
  std::size_t at = 0;
  while (options.size() - at >= 4) {
    const std::uint16_t code = LoadU16(options.data() + at, swapped);
    const std::uint16_t length = LoadU16(options.data() + at + 2, swapped);
    at += 4;
    const std::size_t padded = (std::size_t{length} + 3) & ~std::size_t{3};
    if (code == kOptEnd || padded > options.size() - at) break;
    const std::uint8_t* value = options.data() + at;
    if (code == kOptTsResol && length >= 1) resolution = value[0];
    if (code == kOptTsOffset && length == 8) offset_seconds = LoadU64(value, swapped);
    at += padded;
  }
  interface->offset_seconds = static_cast<std::int64_t>(offset_seconds);  // signed seconds
  if (resolution & 0x80) {
    interface->scale = Interface::Scale::kShift;  // units of 2^-k seconds
    interface->factor = resolution & 0x7f;
  } else if (resolution <= 9) {
    interface->scale = Interface::Scale::kMultiply;
    interface->factor = PowerOfTen(9u - resolution);
  } else if (resolution <= 28) {  // 10^19 is the largest power of ten in 64 bits
    interface->scale = Interface::Scale::kDivide;
    interface->factor = PowerOfTen(resolution - 9u);
  } else {
    interface->scale = Interface::Scale::kZero;  // a 64-bit count is < 1 ns
  }
}

ReadStatus PcapngReader::EnhancedPacket(const Block& block, RawPacket* packet) {
  if (block.body_size < 20) return Fail("enhanced packet block too short");
  const std::uint8_t* body = block.body;
  const std::uint64_t ticks =
      std::uint64_t{LoadU32(body + 4, swapped_)} << 32 | LoadU32(body + 8, swapped_);
  return FillPacket(LoadU32(body, swapped_), ticks, LoadU32(body + 12, swapped_),
                    LoadU32(body + 16, swapped_), {body + 20, block.body_size - 20}, packet);
}

ReadStatus PcapngReader::ObsoletePacket(const Block& block, RawPacket* packet) {
  if (block.body_size < 20) return Fail("packet block too short");
  const std::uint8_t* body = block.body;
  const std::uint64_t ticks =
      std::uint64_t{LoadU32(body + 4, swapped_)} << 32 | LoadU32(body + 8, swapped_);
  return FillPacket(LoadU16(body, swapped_), ticks, LoadU32(body + 12, swapped_),
                    LoadU32(body + 16, swapped_), {body + 20, block.body_size - 20}, packet);
}

/// A simple packet block has no captured length: the packet is cut at the
/// interface's snaplen and at the block's end, whichever comes first.
ReadStatus PcapngReader::SimplePacket(const Block& block, RawPacket* packet) {
  if (block.body_size < 4) return Fail("simple packet block too short");
  const std::uint32_t len = LoadU32(block.body, swapped_);
  std::size_t caplen = std::min<std::size_t>(len, block.body_size - 4);
  if (!interfaces_.empty() && interfaces_[0].snaplen != 0) {
    caplen = std::min<std::size_t>(caplen, interfaces_[0].snaplen);
  }
  return FillPacket(0, 0, static_cast<std::uint32_t>(caplen), len,
                    {block.body + 4, block.body_size - 4}, packet);
}

ReadStatus PcapngReader::FillPacket(std::uint32_t interface_id, std::uint64_t ticks,
                                    std::uint32_t caplen, std::uint32_t len,
                                    std::span<const std::uint8_t> room, RawPacket* packet) {
  if (interface_id >= interfaces_.size()) {
    return Fail("packet on interface " + std::to_string(interface_id) + ", but the section has " +
                std::to_string(interfaces_.size()) + " interface description blocks");
  }
  if (caplen > kAbsurdCaptureLength) {
    return Fail("captured length " + std::to_string(caplen) + " is absurd (limit " +
                std::to_string(kAbsurdCaptureLength) + ")");
  }
  if (caplen > room.size()) {
    return Fail("captured length " + std::to_string(caplen) + " runs past the end of its block (" +
                std::to_string(room.size()) + " bytes of room)");
  }
  const Interface& interface = interfaces_[interface_id];
  // In 128 bits, where no resolution and offset can overflow, then checked.
  Int128 ns = 0;
  switch (interface.scale) {
    case Interface::Scale::kMultiply: ns = Int128{ticks} * interface.factor; break;
    case Interface::Scale::kDivide: ns = ticks / interface.factor; break;
    case Interface::Scale::kShift:
      ns = static_cast<Int128>((Uint128{ticks} * kNsPerSecond) >> interface.factor);
      break;
    case Interface::Scale::kZero: break;
  }
  ns += Int128{interface.offset_seconds} * kNsPerSecond;
  if (ns > kMaxTimestampNs || ns < -kMaxTimestampNs) {
    return Fail("timestamp more than 146 years from 1970 (if_tsresol/if_tsoffset of interface " +
                std::to_string(interface_id) + ")");
  }
  packet->ts = Timestamp(static_cast<std::int64_t>(ns));
  packet->link_type = interface.link_type;
  packet->wire_length = len;
  packet->data = room.first(caplen);
  return ReadStatus::kPacket;
}

std::uint32_t PcapngReader::FirstLinkType() const {
  PcapngReader scan = *this;
  scan.pos_ = 0;
  scan.interfaces_.clear();
  Block block;
  while (scan.ReadBlock(&block) == ReadStatus::kPacket) {
    if (block.type == kInterfaceDescription && block.body_size >= 8) {
      return LoadU16(block.body, scan.swapped_);
    }
    if (block.type == kEnhancedPacket || block.type == kSimplePacket ||
        block.type == kObsoletePacket) {
      break;
    }
    scan.pos_ += block.total_length;
  }
  return link_type::kEthernet;
}

ReadStatus PcapngReader::Fail(std::string what) {
  problem_ = {std::move(what), pos_};
  return ReadStatus::kError;
}

std::string PcapngReader::BlockName(std::uint32_t type) const {
  switch (type) {
    case kSectionHeader: return "a section header block";
    case kInterfaceDescription: return "an interface description block";
    case kObsoletePacket: return "a packet block";
    case kSimplePacket: return "a simple packet block";
    case kEnhancedPacket: return "an enhanced packet block";
    default: break;
  }
  char hex[16];
  std::snprintf(hex, sizeof hex, "%08x", type);
  return std::string("a block of type 0x") + hex;
}

}  // namespace wirecheck::capture
