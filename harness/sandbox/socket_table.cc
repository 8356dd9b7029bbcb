#include "harness/sandbox/socket_table.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace wirecheck {
namespace {

bool ParseHex(std::string_view text, std::uint64_t* value) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *value, 16);
  return ec == std::errc() && end == text.data() + text.size();
}

bool ParseDecimal(std::string_view text, std::uint64_t* value) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *value, 10);
  return ec == std::errc() && end == text.data() + text.size();
}

// The address is printed as the kernel's in-memory 32-bit words in host
// order: each 8 hex digits are one word of the network-order address.
bool ParseAddress(std::string_view hex, bool ipv6, std::string* out) {
  std::size_t words = ipv6 ? 4 : 1;
  if (hex.size() != words * 8) return false;
  unsigned char bytes[16];
  for (std::size_t w = 0; w < words; ++w) {
    std::uint64_t word;
    if (!ParseHex(hex.substr(w * 8, 8), &word)) return false;
    std::uint32_t host_word = static_cast<std::uint32_t>(word);
    std::memcpy(bytes + 4 * w, &host_word, 4);  // back to the in-memory (network) order
  }
  char text[INET6_ADDRSTRLEN];
  if (inet_ntop(ipv6 ? AF_INET6 : AF_INET, bytes, text, sizeof text) == nullptr) return false;
  *out = text;
  return true;
}

bool ParseEndpoint(std::string_view field, bool ipv6, std::string* address, std::uint16_t* port) {
  std::size_t colon = field.find(':');
  std::uint64_t value;
  if (colon == std::string_view::npos || !ParseHex(field.substr(colon + 1), &value) ||
      value > 0xffff) {
    return false;
  }
  *port = static_cast<std::uint16_t>(value);
  return ParseAddress(field.substr(0, colon), ipv6, address);
}

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    std::size_t start = i;
    while (i < line.size() && line[i] != ' ') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

// "  0: 0100007F:1A85 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000 0 12345 ..."
bool ParseLine(std::string_view line, SocketEntry* entry) {
  std::vector<std::string_view> f = Fields(line);
  if (f.size() < 10 || f[0].empty() || f[0].back() != ':') return false;
  std::uint64_t state, tx, rx, uid, inode;
  std::size_t colon = f[4].find(':');
  if (colon == std::string_view::npos) return false;
  bool ok = ParseEndpoint(f[1], entry->ipv6, &entry->local_address, &entry->local_port) &&
            ParseEndpoint(f[2], entry->ipv6, &entry->remote_address, &entry->remote_port) &&
            ParseHex(f[3], &state) && state <= 0xff && ParseHex(f[4].substr(0, colon), &tx) &&
            ParseHex(f[4].substr(colon + 1), &rx) && ParseDecimal(f[7], &uid) &&
            ParseDecimal(f[9], &inode);
  if (!ok) return false;
  entry->state = static_cast<std::uint8_t>(state);
  entry->tx_queue = static_cast<std::uint32_t>(tx);
  entry->rx_queue = static_cast<std::uint32_t>(rx);
  entry->uid = static_cast<std::uint32_t>(uid);
  entry->inode = inode;
  return true;
}

}  // namespace

std::vector<SocketEntry> ParseSocketTable(std::string_view text, SocketProtocol protocol,
                                          bool ipv6, int* bad_lines) {
  std::vector<SocketEntry> out;
  int bad = 0;
  bool header = true;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (header) {
      header = false;
      if (line.find("local_address") != std::string_view::npos) continue;
    }
    if (Fields(line).empty()) continue;
    SocketEntry entry;
    entry.protocol = protocol;
    entry.ipv6 = ipv6;
    if (ParseLine(line, &entry)) {
      out.push_back(std::move(entry));
    } else {
      ++bad;
    }
  }
  if (bad_lines != nullptr) *bad_lines = bad;
  return out;
}

std::string TcpStateName(std::uint8_t state) {
  static constexpr const char* kNames[] = {
      "", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
      "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"};
  if (state >= 1 && state < std::size(kNames)) return kNames[state];
  return "state " + std::to_string(state);
}

}  // namespace wirecheck
