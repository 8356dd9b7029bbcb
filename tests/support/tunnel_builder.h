#pragma once
// Tunnel headers for test packets: the payload of the outer UDP datagram or
// IP packet, around an inner packet's bytes (usually TcpPacket().IpBytes()).
//
//   UdpPacket().From("192.0.2.1", 50000).To("192.0.2.2", 4789)
//       .Payload(VxlanPayload(EthernetFrame(TcpPacket().IpBytes(), 4))).Build();
//   IpPacket().Protocol(47).Payload(GrePayload(inner.IpBytes(), 0x0800)).Build();
//
// Each writes the header as its specification lays it out; the arguments
// that break one are there for the tests of malformed headers.

#include <cstdint>
#include <span>

#include "tests/support/link_framing.h"

namespace wirecheck::testing {

/// An Ethernet II header (ethertype by `ip_version`) before the packet.
Bytes EthernetFrame(std::span<const std::uint8_t> ip_packet, int ip_version);

/// RFC 7348: flags (0x08: the I flag), 24-bit VNI, the Ethernet frame.
Bytes VxlanPayload(std::span<const std::uint8_t> ethernet_frame, std::uint8_t flags = 0x08);

/// RFC 8926: version, `option_words` 4-byte words of options, protocol type.
Bytes GenevePayload(std::span<const std::uint8_t> inner, std::uint16_t protocol = 0x6558,
                    std::size_t option_words = 0, std::uint8_t version = 0);

/// RFC 4380: an IPv6 packet, behind an authentication and/or an origin
/// indication header when asked.
Bytes TeredoPayload(std::span<const std::uint8_t> ipv6_packet, bool authentication = false,
                    bool origin_indication = false);

/// AYIYA: 8 bytes (identity length 2^0, a 20-byte SHA-1 signature, `op`,
/// next header), the identity and the signature, before the packet.
Bytes AyiyaPayload(std::span<const std::uint8_t> ip_packet, std::uint8_t next_header,
                   std::uint8_t op = 1);

/// GTPv1-U: flags (version 1, PT; 0x32 adds a sequence number), message type
/// (255: G-PDU), length, TEID; `extension` adds one extension header.
Bytes GtpPayload(std::span<const std::uint8_t> ip_packet, std::uint8_t message_type = 255,
                 std::uint8_t flags = 0x30, bool extension = false);

/// GRE version 0 (RFC 2784/2890): flags (0x8000 checksum, 0x2000 key,
/// 0x1000 sequence add their 4-byte fields), protocol type, the payload.
Bytes GrePayload(std::span<const std::uint8_t> inner, std::uint16_t protocol,
                 std::uint16_t flags = 0);

/// PPTP's enhanced GRE (version 1, key present) with the PPP header
/// (ff 03, protocol: 0x0021 IPv4, 0x0057 IPv6).
Bytes PptpPayload(std::span<const std::uint8_t> inner, std::uint16_t ppp_protocol);

/// GRE around an ERSPAN header of `type` (1, 2 or 3; 3 with the optional
/// 8-byte sub-header when asked) and the mirrored Ethernet frame.
Bytes ErspanPayload(std::span<const std::uint8_t> ethernet_frame, int type, bool subheader = false);

}  // namespace wirecheck::testing
