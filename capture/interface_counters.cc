#include "capture/interface_counters.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <string>

namespace wirecheck::capture {

// Lines look like "    lo: 1234 10 0 0 0 0 0 0 1234 10 0 ...": the name
// (right-aligned, then ':'), eight receive columns (bytes, packets, ...),
// then the transmit columns (bytes, packets, ...).
std::optional<InterfacePackets> ParseNetDevPackets(std::string_view text, std::string_view interface) {
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = line.substr(0, colon);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    if (name != interface) continue;
    std::string_view rest = line.substr(colon + 1);
    std::uint64_t values[10] = {};
    for (std::uint64_t& value : values) {
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
      const auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
      if (ec != std::errc() || ptr == rest.data()) return std::nullopt;
      rest.remove_prefix(static_cast<std::size_t>(ptr - rest.data()));
    }
    return InterfacePackets{values[1], values[9]};
  }
  return std::nullopt;
}

std::optional<InterfacePackets> ReadInterfacePackets(std::string_view interface) {
  const int fd = open("/proc/self/net/dev", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  close(fd);
  return ParseNetDevPackets(text, interface);
}

}  // namespace wirecheck::capture
