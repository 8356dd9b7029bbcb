#include "capture/checksum.h"

#include <cstdint>
#include <span>

namespace wirecheck::capture {

namespace {

/// One's-complement sum of 16-bit big-endian words, folded later.
std::uint64_t Sum(std::span<const std::uint8_t> bytes, std::uint64_t sum = 0) {
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) sum += static_cast<std::uint32_t>(bytes[i] << 8 | bytes[i + 1]);
  if (i < bytes.size()) sum += static_cast<std::uint32_t>(bytes[i] << 8);
  return sum;
}

std::uint16_t Fold(std::uint64_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(sum);
}

}  // namespace

bool IpHeaderChecksumOk(const DecodedPacket& p) {
  if (p.ip_version != 4 || p.ip_header.size() < 20) return true;
  const std::size_t header_length = static_cast<std::size_t>(p.ip_header[0] & 0x0f) * 4;
  if (header_length > p.ip_header.size()) return true;
  return Fold(Sum(p.ip_header.first(header_length))) == 0xffff;
}

bool TransportChecksumOk(const DecodedPacket& p) {
  if (p.segment.size() < p.segment_length || p.segment.size() < 8) return true;
  const bool udp = p.transport == Transport::kUdp;
  if (udp && p.ip_version == 4 && p.segment[6] == 0 && p.segment[7] == 0) return true;
  std::uint64_t sum = 0;
  if (p.ip_version == 4) {
    sum = Sum(std::span(p.src.bytes()).subspan(12), sum);
    sum = Sum(std::span(p.dst.bytes()).subspan(12), sum);
  } else {
    sum = Sum(std::span(p.src.bytes()), sum);
    sum = Sum(std::span(p.dst.bytes()), sum);
  }
  sum += static_cast<std::uint8_t>(p.transport);
  sum += p.segment_length & 0xffff;
  sum += p.segment_length >> 16;
  sum = Sum(p.segment.first(p.segment_length), sum);
  return Fold(sum) == 0xffff;
}

}  // namespace wirecheck::capture
