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

std::string IpAddress::ToString() const {
  char buffer[INET6_ADDRSTRLEN];
  const char* text = v6_ ? inet_ntop(AF_INET6, bytes_.data(), buffer, sizeof(buffer))
                         : inet_ntop(AF_INET, bytes_.data() + 12, buffer, sizeof(buffer));
  return text != nullptr ? std::string(text) : std::string();
}

}  // namespace wirecheck::capture
