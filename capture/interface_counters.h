#pragma once
// How many packets a network interface has carried, as the kernel counts
// them in /proc/net/dev for the calling process's network namespace. The
// run's capture compares this with what libpcap received, to know that every
// packet `lo` carried has reached it (RunCapture's drain) and how many it
// never saw because they went by before it opened.

#include <cstdint>
#include <optional>
#include <string_view>

namespace wirecheck::capture {

/// The receive-packets column of `interface`'s line in /proc/net/dev text;
/// nullopt when the line is missing or does not parse. Pure.
std::optional<std::uint64_t> ParseNetDevRxPackets(std::string_view text, std::string_view interface);

/// The same, read from /proc/self/net/dev. On `lo` every packet sent is
/// received, so this counts every packet of the namespace's loopback.
std::optional<std::uint64_t> InterfaceRxPackets(std::string_view interface);

}  // namespace wirecheck::capture
