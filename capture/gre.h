#pragma once
// The GRE header as Zeek's GRE analyzer reads it (src/packet_analysis/
// protocol/gre/GRE.cc): version 0 with any protocol type (IP by the version
// nibble, transparent Ethernet bridging, ERSPAN types I, II and III, Aruba's
// 802.11), and PPTP's enhanced GRE (version 1) carrying PPP with IP.

#include <cstdint>
#include <span>

#include "capture/decoder.h"
#include "capture/tunnel.h"

namespace wirecheck::capture {

/// Reads the GRE header at the start of `bytes` (every captured byte after
/// the outer IP header). kOk with the packet it carries; kTruncatedTunnel,
/// kBadTunnelHeader (a version, flag or routing field Zeek refuses) or
/// kNotIp (PPTP carrying anything but IP).
DecodeResult DecodeGre(std::span<const std::uint8_t> bytes, InnerPacket* inner);

}  // namespace wirecheck::capture
