#pragma once
// The only addresses a wire's hosts may have: the documentation ranges
// (RFC 5737: 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24; RFC 3849:
// 2001:db8::/32) and 127.0.0.0/8. Whatever goes wrong, nothing a run sends
// can then be meant for a real host.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wirecheck::wire {

/// An address or prefix, "192.0.2.1/24" or "2001:db8::1/64".
struct WireAddress {
  int family = 0;  // AF_INET or AF_INET6
  std::vector<std::uint8_t> bytes;
  int prefix = 0;
  std::string text;
};

/// Parses "address/prefix" and checks it lies within the allowed ranges
/// (the whole prefix, not only the address). nullopt with *err:
/// "10.0.0.1/24 is not a documentation address (192.0.2.0/24, ...) or in 127.0.0.0/8".
std::optional<WireAddress> ParseWireAddress(const std::string& text, std::string* err);

}  // namespace wirecheck::wire
