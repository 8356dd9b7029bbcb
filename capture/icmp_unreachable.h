#pragma once
// ICMP port unreachable (ICMPv4 type 3 code 3, ICMPv6 type 1 code 4): the
// kernel's answer to a UDP datagram sent to a port where no socket is bound.
// It quotes the datagram's IP header and at least its UDP header, so the
// flow it answers is known. Decoded apart from Decode(): only packets that
// Decode() counted as kOtherTransport are offered to it, so the TCP/UDP path
// does not change.

#include <cstdint>

#include "capture/ip_address.h"
#include "capture/packet.h"

namespace wirecheck::capture {

/// The datagram a port unreachable answers, as its quote shows it.
struct PortUnreachable {
  std::uint64_t number = 0;  // of the ICMP packet (set by the caller)
  Timestamp ts{};            // of the ICMP packet
  IpAddress src;             // the quoted datagram's sender
  IpAddress dst;             // where it went: nothing was bound there
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
};

/// True when `packet` is an ICMP or ICMPv6 port unreachable quoting a UDP
/// datagram (not a fragment after the first) with its ports, in the IP
/// version of the ICMP message; then *out is filled (but for its number).
/// Any other packet, truncated or malformed ones included: false, *out
/// unspecified. Never reads outside packet.data.
bool DecodePortUnreachable(const RawPacket& packet, PortUnreachable* out);

}  // namespace wirecheck::capture
