#pragma once
// Unaligned loads of multi-byte fields from packet bytes. The caller has
// checked that the bytes are there; these only assemble them.

#include <cstdint>

namespace wirecheck::capture {

/// Network (big-endian) order, the order of every IP/TCP/UDP/Ethernet field.
inline std::uint16_t LoadBe16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] << 8 | p[1]);
}

inline std::uint32_t LoadBe32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

/// Little-endian order: BSD NULL headers and NFLOG TLVs written by
/// little-endian hosts.
inline std::uint16_t LoadLe16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[1] << 8 | p[0]);
}

inline std::uint32_t LoadLe32(const std::uint8_t* p) {
  return std::uint32_t{p[3]} << 24 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[1]} << 8 | p[0];
}

}  // namespace wirecheck::capture
