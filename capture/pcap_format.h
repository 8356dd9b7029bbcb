#pragma once
// The classic pcap file format (www.tcpdump.org/manpages/pcap-savefile.5.html)
// read from bytes in memory, and the byte loads it shares with pcapng_format.
// Internal to FileSource.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>

#include "capture/packet_source.h"

namespace wirecheck::capture {

/// A captured length above this is damage, not a packet (the largest real
/// snapshot lengths are 256 KiB; D-Bus allows 128 MiB).
inline constexpr std::uint32_t kAbsurdCaptureLength = 256u * 1024 * 1024;

/// Unaligned loads in the file's byte order (`swapped`: opposite to ours).
inline std::uint16_t LoadU16(const std::uint8_t* at, bool swapped) {
  std::uint16_t value;
  std::memcpy(&value, at, sizeof value);
  return swapped ? __builtin_bswap16(value) : value;
}
inline std::uint32_t LoadU32(const std::uint8_t* at, bool swapped) {
  std::uint32_t value;
  std::memcpy(&value, at, sizeof value);
  return swapped ? __builtin_bswap32(value) : value;
}
inline std::uint64_t LoadU64(const std::uint8_t* at, bool swapped) {
  std::uint64_t value;
  std::memcpy(&value, at, sizeof value);
  return swapped ? __builtin_bswap64(value) : value;
}

/// What stopped a reader: the problem in words and the byte offset of the
/// record or block it was in. FileSource adds the path and packet number.
struct FormatProblem {
  std::string what;
  std::uint64_t offset = 0;
};

/// Reads classic pcap records from `bytes`, which must outlive the reader;
/// packet spans point into them.
class PcapReader {
 public:
  /// True when the first four bytes are one of the pcap magics we read
  /// (micro- or nanosecond, either byte order, and Kuznetzov's patched one).
  static bool HasMagic(std::span<const std::uint8_t> bytes);
  /// Checks the 24-byte file header. False with *what set when it is cut short
  /// or of a version nobody writes.
  bool Open(std::span<const std::uint8_t> bytes, std::string* what);
  /// kPacket, kEnd at a clean end of file, or kError with problem() set.
  ReadStatus Next(RawPacket* packet);
  const FormatProblem& problem() const { return problem_; }
  std::uint32_t link_type() const { return link_type_; }

 private:
  ReadStatus Fail(std::string what);

  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t pos_ = 0;
  bool swapped_ = false;
  std::uint64_t ns_per_fraction_ = 1000;  // 1000: microsecond file; 1: nanosecond
  std::size_t record_header_size_ = 16;   // 24 in Kuznetzov's patched format
  enum class LengthOrder { kNormal, kSwapped, kMaybeSwapped } length_order_ = LengthOrder::kNormal;
  std::uint32_t link_type_ = 0;
  std::uint32_t snapshot_ = 0;  // the header's snaplen as libpcap adjusts it
  FormatProblem problem_;
};

}  // namespace wirecheck::capture
