#pragma once
// The IP step of Decode(): IPv4 (options skipped, fragments flagged) and
// IPv6 (extension headers walked), down to a TCP or UDP payload.

#include <cstdint>
#include <span>

#include "capture/decoded_packet.h"
#include "capture/decoder.h"

namespace wirecheck::capture {

/// Where the transport header starts and how long the IP header says it is.
struct IpPayload {
  /// Captured transport bytes: never past the IP length (Ethernet padding
  /// excluded), shorter than `length` when the snap length cut the packet.
  std::span<const std::uint8_t> bytes;
  std::uint32_t length = 0;
  /// The upper-layer protocol number (ICMP 1, ICMPv6 58), set only with
  /// kOtherTransport; unspecified otherwise. No initialiser: Decode() makes
  /// an IpPayload for every packet, and the TCP/UDP path never reads it.
  std::uint8_t other_protocol;
};

/// Decodes the IP packet at the start of `network`. `ip_version` is 4 or 6
/// when the link layer announced one (a different version nibble is a bad
/// header), 0 to go by the nibble. Sets out's ip_version, src, dst,
/// ip_length, ip_fragment and transport. kOk only for TCP and UDP.
DecodeResult DecodeIpLayer(std::span<const std::uint8_t> network, std::uint8_t ip_version,
                           DecodedPacket* out, IpPayload* payload);

}  // namespace wirecheck::capture
