#pragma once
// Internet checksums (RFC 1071) of a decoded packet, for callers that want
// Zeek's default of dropping packets with bad checksums. Off by default:
// captures on loopback, and with checksum offload, carry checksums the
// kernel never finished.

#include "capture/decoded_packet.h"

namespace wirecheck::capture {

/// IPv4 header checksum; true for IPv6 (it has none).
bool IpHeaderChecksumOk(const DecodedPacket& p);
/// TCP or UDP checksum over the pseudo-header and the segment. True when it
/// cannot be verified (the capture cut the segment) or is absent (UDP over
/// IPv4 with checksum 0).
bool TransportChecksumOk(const DecodedPacket& p);

}  // namespace wirecheck::capture
