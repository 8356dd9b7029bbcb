#include "harness/wire/wire_address.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <array>

namespace wirecheck::wire {
namespace {

struct Range {
  int family;
  std::array<std::uint8_t, 16> bytes;
  int prefix;
};

constexpr std::array<Range, 5> kRanges = {{
    {AF_INET, {192, 0, 2}, 24},
    {AF_INET, {198, 51, 100}, 24},
    {AF_INET, {203, 0, 113}, 24},
    {AF_INET, {127}, 8},
    {AF_INET6, {0x20, 0x01, 0x0d, 0xb8}, 32},
}};

bool Within(const WireAddress& address, const Range& range) {
  if (address.family != range.family || address.prefix < range.prefix) return false;
  for (int bit = 0; bit < range.prefix; ++bit) {
    const int mask = 0x80 >> (bit % 8);
    if ((address.bytes[bit / 8] & mask) != (range.bytes[bit / 8] & mask)) return false;
  }
  return true;
}

}  // namespace

std::optional<WireAddress> ParseWireAddress(const std::string& text, std::string* err) {
  const std::size_t slash = text.find('/');
  const std::string host = text.substr(0, slash);
  WireAddress address;
  address.text = text;
  address.family = host.find(':') == std::string::npos ? AF_INET : AF_INET6;
  address.bytes.resize(address.family == AF_INET ? 4 : 16);
  const int bits = static_cast<int>(address.bytes.size()) * 8;
  address.prefix = bits;
  if (slash != std::string::npos) {
    const std::string digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3 || digits.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(digits) > bits) {
      *err = text + ": the prefix length is not a number from 0 to " + std::to_string(bits);
      return std::nullopt;
    }
    address.prefix = std::stoi(digits);
  }
  if (inet_pton(address.family, host.c_str(), address.bytes.data()) != 1) {
    *err = text + " is not an IP address";
    return std::nullopt;
  }
  for (const Range& range : kRanges) {
    if (Within(address, range)) return address;
  }
  *err = text +
         " is not a documentation address (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) "
         "or in 127.0.0.0/8";
  return std::nullopt;
}

}  // namespace wirecheck::wire
