#pragma once
// How many packets a network interface has carried, as the kernel counts
// them in /proc/net/dev for the calling process's network namespace. The
// run's capture compares this with what libpcap received, to know that every
// packet the interface carried has reached it (RunCapture's drain) and how
// many it never saw because they went by before it opened.
//
// /proc/self/net follows the calling task's network namespace: a
// single-threaded child that setns() into another host's namespace reads
// that namespace's counts from then on (checked on kernel 6.18:
// /proc/self/net/dev and /proc/net/dev then list only that namespace's
// interfaces).

#include <cstdint>
#include <optional>
#include <string_view>

namespace wirecheck::capture {

/// The packet columns of one interface's line: received and transmitted.
struct InterfacePackets {
  std::uint64_t received = 0;
  std::uint64_t sent = 0;
};

/// The received and transmitted packets of `interface`'s line in
/// /proc/net/dev text; nullopt when the line is missing or does not parse.
/// Pure.
std::optional<InterfacePackets> ParseNetDevPackets(std::string_view text, std::string_view interface);

/// The same, read from /proc/self/net/dev. On `lo` every packet sent is
/// received, so `received` counts every packet of the namespace's loopback;
/// on a device to elsewhere (a host's wire0) a packet socket sees both
/// `received` and `sent`.
std::optional<InterfacePackets> ReadInterfacePackets(std::string_view interface);

}  // namespace wirecheck::capture
