#pragma once
// An IPv4 or IPv6 address as a small value type (hashable, comparable).

#include <array>
#include <bit>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace wirecheck::capture {

/// Equality and memcmp-order of two 16-byte addresses in two 8-byte words
/// each (per packet: a memcmp call costs more than the comparison).
inline bool SameAddressBytes(const std::array<std::uint8_t, 16>& a,
                             const std::array<std::uint8_t, 16>& b) {
  std::uint64_t a0, a1, b0, b1;
  std::memcpy(&a0, a.data(), 8);
  std::memcpy(&a1, a.data() + 8, 8);
  std::memcpy(&b0, b.data(), 8);
  std::memcpy(&b1, b.data() + 8, 8);
  return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}
inline int CompareAddressBytes(const std::array<std::uint8_t, 16>& a,
                               const std::array<std::uint8_t, 16>& b) {
  for (std::size_t half = 0; half < 16; half += 8) {
    std::uint64_t x, y;
    std::memcpy(&x, a.data() + half, 8);
    std::memcpy(&y, b.data() + half, 8);
    if constexpr (std::endian::native == std::endian::little) {
      x = __builtin_bswap64(x);
      y = __builtin_bswap64(y);
    }
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

class IpAddress {
 public:
  IpAddress() = default;
  /// From 4 bytes in network order.
  static IpAddress V4(std::span<const std::uint8_t, 4> bytes);
  /// From 16 bytes in network order.
  static IpAddress V6(std::span<const std::uint8_t, 16> bytes);
  /// "127.0.0.1" or "::1"; nullopt when it is neither.
  static std::optional<IpAddress> Parse(std::string_view text);

  bool is_v6() const { return v6_; }
  /// 16 bytes: IPv6 as is, IPv4 as ::ffff:a.b.c.d (so comparisons are uniform).
  const std::array<std::uint8_t, 16>& bytes() const { return bytes_; }
  /// Dotted quad for IPv4, RFC 5952 text (inet_ntop) for IPv6.
  std::string ToString() const;
  /// A well-mixed hash of the 16 bytes and the family; cheap enough per packet.
  std::size_t Hash() const;

  /// Orders by the 16 bytes, then IPv4 before IPv6 (so 1.2.3.4 sorts right
  /// before ::ffff:1.2.3.4, which is a different address).
  auto operator<=>(const IpAddress&) const = default;
  bool operator==(const IpAddress& o) const {
    return v6_ == o.v6_ && SameAddressBytes(bytes_, o.bytes_);
  }

 private:
  std::array<std::uint8_t, 16> bytes_{};
  bool v6_ = false;
};

// Inline: both run twice per decoded packet. V4 writes the mapped form's low
// half as one 8-byte value rather than byte by byte, which keeps the copy
// out of the object cheap (see ip_layer.cc on store forwarding).
inline IpAddress IpAddress::V4(std::span<const std::uint8_t, 4> bytes) {
  std::uint32_t v4;
  std::memcpy(&v4, bytes.data(), 4);
  // Bytes 8..15 of ::ffff:a.b.c.d are 00 00 ff ff a b c d.
  const std::uint64_t low = std::endian::native == std::endian::little
                                ? std::uint64_t{v4} << 32 | 0xffff0000u
                                : std::uint64_t{0xffff} << 32 | v4;
  IpAddress a;
  std::memcpy(a.bytes_.data() + 8, &low, 8);
  return a;
}

inline IpAddress IpAddress::V6(std::span<const std::uint8_t, 16> bytes) {
  IpAddress a;
  std::memcpy(a.bytes_.data(), bytes.data(), 16);
  a.v6_ = true;
  return a;
}

inline std::size_t IpAddress::Hash() const {
  std::uint64_t high;
  std::uint64_t low;
  std::memcpy(&high, bytes_.data(), 8);
  std::memcpy(&low, bytes_.data() + 8, 8);
  // Multiply-xorshift mixing (splitmix64 finaliser) so that addresses that
  // differ in one byte land in unrelated buckets.
  std::uint64_t h = (low ^ (high * 0x9e3779b97f4a7c15ull)) + (v6_ ? 1 : 0);
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 31;
  return static_cast<std::size_t>(h);
}

}  // namespace wirecheck::capture

template <>
struct std::hash<wirecheck::capture::IpAddress> {
  std::size_t operator()(const wirecheck::capture::IpAddress& a) const noexcept { return a.Hash(); }
};
