#pragma once
// What a router answers a packet too big for its next link: ICMP
// "fragmentation needed" (type 3 code 4, RFC 1191) for IPv4 with DF set,
// ICMPv6 "packet too big" (type 2, RFC 8201) for IPv6. The sender's kernel
// lowers its path MTU from it, so TCP resends smaller segments.

#include <cstdint>
#include <span>
#include <vector>

namespace wirecheck::wire {

/// The answer to send back towards `packet`'s source, from its destination
/// (the wire has no address of its own), quoting it. Empty when none is due:
/// IPv4 without DF (a router would fragment it; the wire drops it), an ICMP
/// error itself, a packet that is not IP.
std::vector<std::uint8_t> MakeTooBig(std::span<const std::uint8_t> packet, std::uint32_t mtu);

}  // namespace wirecheck::wire
