#pragma once
// The transport step of Decode(): TCP (header fields and the options the
// analysis needs) and UDP, with the payload as a view into the packet.

#include <cstdint>
#include <span>

#include "capture/decoded_packet.h"
#include "capture/decoder.h"
#include "capture/ip_layer.h"

namespace wirecheck::capture {

/// Fills ports, seq/ack, flags, window, options, payload_length and payload.
/// kOk, kTruncatedTransport or kBadTransportHeader.
DecodeResult DecodeTcp(const IpPayload& segment, DecodedPacket* out);

/// Fills ports, payload_length and payload; clears the TCP-only fields.
DecodeResult DecodeUdp(const IpPayload& datagram, DecodedPacket* out);

/// Parses the TCP option bytes (after the 20-byte header) into *out, which
/// it first resets. A malformed length ends parsing and keeps what was read
/// so far: options are advisory and never a reason to drop a segment.
void ParseTcpOptions(std::span<const std::uint8_t> options, TcpOptions* out);

}  // namespace wirecheck::capture
