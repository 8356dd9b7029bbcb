#include "capture/ip_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

namespace wirecheck::capture {

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  // inet_pton needs a NUL-terminated string; anything longer than the longest
  // IPv6 text form cannot be an address.
  char buffer[INET6_ADDRSTRLEN + 1];
  if (text.size() >= sizeof(buffer)) return std::nullopt;
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';

  std::array<std::uint8_t, 16> raw{};
  if (inet_pton(AF_INET, buffer, raw.data()) == 1) {
    return V4(std::span<const std::uint8_t, 4>(raw.data(), 4));
  }
  if (inet_pton(AF_INET6, buffer, raw.data()) == 1) {
    return V6(std::span<const std::uint8_t, 16>(raw));
  }
  return std::nullopt;
}

namespace {

/// Appends 0-255 in decimal.
char* PutDecimal(char* out, std::uint8_t v) {
  if (v >= 100) *out++ = static_cast<char>('0' + v / 100);
  if (v >= 10) *out++ = static_cast<char>('0' + v / 10 % 10);
  *out++ = static_cast<char>('0' + v % 10);
  return out;
}

char* PutDottedQuad(char* out, const std::uint8_t* b) {
  for (int i = 0; i < 4; ++i) {
    if (i > 0) *out++ = '.';
    out = PutDecimal(out, b[i]);
  }
  return out;
}

/// Lower-case hex without leading zeros, as inet_ntop writes a group.
char* PutHexGroup(char* out, unsigned v) {
  static constexpr char kHex[] = "0123456789abcdef";
  bool started = false;
  for (int shift = 12; shift >= 0; shift -= 4) {
    const unsigned digit = (v >> shift) & 0xf;
    if (digit != 0 || started || shift == 0) {
      *out++ = kHex[digit];
      started = true;
    }
  }
  return out;
}

/// glibc's inet_ntop6 (resolv/inet_ntop.c, from BIND), step for step: the
/// first longest run of two or more zero groups becomes "::", and an
/// IPv4-compatible or IPv4-mapped address ends in a dotted quad.
char* PutIpv6(char* out, const std::uint8_t* b) {
  unsigned words[8];
  for (int i = 0; i < 8; ++i) words[i] = static_cast<unsigned>(b[2 * i]) << 8 | b[2 * i + 1];
  int best_base = -1, best_len = 0, cur_base = -1, cur_len = 0;
  for (int i = 0; i < 8; ++i) {
    if (words[i] == 0) {
      if (cur_base == -1) cur_base = i, cur_len = 1;
      else ++cur_len;
    } else if (cur_base != -1) {
      if (best_base == -1 || cur_len > best_len) best_base = cur_base, best_len = cur_len;
      cur_base = -1;
    }
  }
  if (cur_base != -1 && (best_base == -1 || cur_len > best_len)) best_base = cur_base, best_len = cur_len;
  if (best_base != -1 && best_len < 2) best_base = -1;
  for (int i = 0; i < 8; ++i) {
    if (best_base != -1 && i >= best_base && i < best_base + best_len) {
      if (i == best_base) *out++ = ':';
      continue;
    }
    if (i != 0) *out++ = ':';
    if (i == 6 && best_base == 0 &&
        (best_len == 6 || (best_len == 7 && words[7] != 0x0001) || (best_len == 5 && words[5] == 0xffff))) {
      return PutDottedQuad(out, b + 12);
    }
    out = PutHexGroup(out, words[i]);
  }
  if (best_base != -1 && best_base + best_len == 8) *out++ = ':';
  return out;
}

}  // namespace

/// Written by hand, not with inet_ntop: `wirecheck show` formats two
/// addresses per conversation, and inet_ntop's sprintf per byte took a
/// tenth of its time (bench/capture_bench). The same text, byte for byte
/// (IpAddressTest compares them).
std::string IpAddress::ToString() const {
  char buffer[INET6_ADDRSTRLEN];
  const char* end = v6_ ? PutIpv6(buffer, bytes_.data()) : PutDottedQuad(buffer, bytes_.data() + 12);
  return std::string(buffer, static_cast<std::size_t>(end - buffer));
}

}  // namespace wirecheck::capture
