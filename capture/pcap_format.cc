#include "capture/pcap_format.h"

#include <utility>

namespace wirecheck::capture {
namespace {

constexpr std::uint32_t kMicroMagic = 0xa1b2c3d4;
constexpr std::uint32_t kNanoMagic = 0xa1b23c4d;
constexpr std::uint32_t kKuznetzovMagic = 0xa1b2cd34;  // 24-byte record headers
constexpr std::size_t kFileHeaderSize = 24;
/// The link type field's upper 16 bits carry the FCS length and reserved
/// bits, not the link type (libpcap's LT_LINKTYPE).
constexpr std::uint32_t kLinkTypeMask = 0x0000ffff;

/// libpcap's max_snaplen_for_dlt(): a header snaplen of 0 or above this
/// means "no limit", which is this.
std::uint32_t MaxSnapshot(std::uint32_t link_type) {
  switch (link_type) {
    case 231: return 128u * 1024 * 1024;  // D-Bus
    case 279: return 8u * 1024 * 1024;    // EBHSCR
    case 249: return 1024u * 1024;        // USBPcap
    default: return 262144;
  }
}

bool IsMagic(std::uint32_t magic) {
  return magic == kMicroMagic || magic == kNanoMagic || magic == kKuznetzovMagic;
}

}  // namespace

bool PcapReader::HasMagic(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 4) return false;
  return IsMagic(LoadU32(bytes.data(), false)) || IsMagic(LoadU32(bytes.data(), true));
}

bool PcapReader::Open(std::span<const std::uint8_t> bytes, std::string* what) {
  data_ = bytes.data();
  size_ = bytes.size();
  if (size_ < kFileHeaderSize) {
    *what = "file cut short inside the pcap file header (needs 24 bytes, " +
            std::to_string(size_) + " left)";
    return false;
  }
  swapped_ = !IsMagic(LoadU32(data_, false));
  const std::uint32_t magic = LoadU32(data_, swapped_);
  ns_per_fraction_ = magic == kNanoMagic ? 1 : 1000;
  record_header_size_ = magic == kKuznetzovMagic ? 24 : 16;
  const std::uint16_t major = LoadU16(data_ + 4, swapped_);
  const std::uint16_t minor = LoadU16(data_ + 6, swapped_);
  // Versions before 2.3 (and DG/UX's 543.0) stored len before caplen; some
  // 2.3 writers did too, which only a caplen > len betrays (as in libpcap).
  if (major == 2 && minor <= 4) {
    length_order_ = minor < 3    ? LengthOrder::kSwapped
                    : minor == 3 ? LengthOrder::kMaybeSwapped
                                 : LengthOrder::kNormal;
  } else if (major == 543 && minor == 0) {
    length_order_ = LengthOrder::kSwapped;
  } else {
    *what = "unsupported pcap version " + std::to_string(major) + "." + std::to_string(minor);
    return false;
  }
  link_type_ = LoadU32(data_ + 20, swapped_) & kLinkTypeMask;
  const std::uint32_t snaplen = LoadU32(data_ + 16, swapped_);
  snapshot_ = MaxSnapshot(link_type_);
  if (snaplen != 0 && snaplen < snapshot_) snapshot_ = snaplen;
  // Kuznetzov's patched libpcap counted a faked Ethernet header on top.
  if (magic == kKuznetzovMagic && link_type_ == link_type::kEthernet) snapshot_ += 14;
  pos_ = kFileHeaderSize;
  return true;
}

ReadStatus PcapReader::Next(RawPacket* packet) {
  const std::size_t left = size_ - pos_;
  if (left == 0) return ReadStatus::kEnd;
  if (left < record_header_size_) {
    return Fail("file cut short inside a packet record header (needs " +
                std::to_string(record_header_size_) + " bytes, " + std::to_string(left) +
                " left)");
  }
  const std::uint8_t* header = data_ + pos_;
  const std::uint32_t seconds = LoadU32(header, swapped_);
  const std::uint32_t fraction = LoadU32(header + 4, swapped_);
  std::uint32_t caplen = LoadU32(header + 8, swapped_);
  std::uint32_t len = LoadU32(header + 12, swapped_);
  if (length_order_ == LengthOrder::kSwapped ||
      (length_order_ == LengthOrder::kMaybeSwapped && caplen > len)) {
    std::swap(caplen, len);
  }
  if (caplen > kAbsurdCaptureLength) {
    return Fail("captured length " + std::to_string(caplen) + " is absurd (limit " +
                std::to_string(kAbsurdCaptureLength) + ")");
  }
  const std::size_t room = left - record_header_size_;
  if (caplen > room) {
    return Fail("file cut short inside a packet (needs " + std::to_string(caplen) +
                " bytes, " + std::to_string(room) + " left)");
  }
  // Both fields are unsigned 32-bit in the format; unsigned arithmetic
  // cannot overflow into undefined behaviour.
  const std::uint64_t ns = std::uint64_t{seconds} * 1'000'000'000u +
                           std::uint64_t{fraction} * ns_per_fraction_;
  packet->ts = Timestamp(static_cast<std::int64_t>(ns));
  packet->link_type = link_type_;
  packet->wire_length = len;
  // A record longer than the file's snapshot length is damage; like libpcap
  // (and so tcpdump), hand over only the snapshot length, skip the rest.
  packet->data = {header + record_header_size_, caplen < snapshot_ ? caplen : snapshot_};
  pos_ += record_header_size_ + caplen;
  return ReadStatus::kPacket;
}

ReadStatus PcapReader::Fail(std::string what) {
  problem_ = {std::move(what), pos_};
  return ReadStatus::kError;
}

}  // namespace wirecheck::capture
