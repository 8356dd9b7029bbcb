#pragma once
// Wrap-safe TCP sequence number arithmetic (RFC 793 / RFC 1982 style).

#include <cstdint>

namespace wirecheck::capture::seq {

/// a - b as a signed distance; correct while |a - b| < 2^31.
inline std::int32_t Diff(std::uint32_t a, std::uint32_t b) {
  return static_cast<std::int32_t>(a - b);
}
inline bool Lt(std::uint32_t a, std::uint32_t b) { return Diff(a, b) < 0; }
inline bool Le(std::uint32_t a, std::uint32_t b) { return Diff(a, b) <= 0; }
inline bool Gt(std::uint32_t a, std::uint32_t b) { return Diff(a, b) > 0; }
inline bool Ge(std::uint32_t a, std::uint32_t b) { return Diff(a, b) >= 0; }

}  // namespace wirecheck::capture::seq
