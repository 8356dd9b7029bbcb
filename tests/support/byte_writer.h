#pragma once
// Appending multi-byte fields to test packets: network order unless a
// field is in the writing host's order (NULL headers, NFLOG TLVs).

#include <bit>
#include <cstdint>
#include <vector>

namespace wirecheck::testing {

using Bytes = std::vector<std::uint8_t>;

inline void Put16(Bytes* out, std::uint32_t value, std::endian order = std::endian::big) {
  const auto high = static_cast<std::uint8_t>(value >> 8);
  const auto low = static_cast<std::uint8_t>(value);
  out->push_back(order == std::endian::big ? high : low);
  out->push_back(order == std::endian::big ? low : high);
}

inline void Put32(Bytes* out, std::uint32_t value, std::endian order = std::endian::big) {
  for (int i = 0; i < 4; ++i) {
    const int shift = order == std::endian::big ? 24 - 8 * i : 8 * i;
    out->push_back(static_cast<std::uint8_t>(value >> shift));
  }
}

}  // namespace wirecheck::testing
