#pragma once
// Link, IP and transport decoding of one packet, zero-copy.
// Contract: never throws, never reads outside packet.data; every packet that
// is not a decodable TCP/UDP packet yields one DecodeResult reason, counted
// by the caller in DecodeStats (a packet found inside a tunnel is a packet
// of its own there).

#include <array>
#include <cstdint>
#include <string_view>

#include "capture/decoded_packet.h"
#include "capture/packet.h"

namespace wirecheck::capture {

enum class DecodeResult : std::uint8_t {
  kOk = 0,
  kUnsupportedLinkType,  // a link type the decoder does not know
  kTruncatedLink,        // cut inside the link-layer header
  kNotIp,                // ARP, LLDP, other ethertypes / address families
  kTruncatedIp,          // cut inside the IP header
  kBadIpHeader,          // version, header length or total length impossible
  kIpFragment,           // a non-first fragment (counted, not reassembled)
  kOtherTransport,       // ICMP, SCTP, ... (not TCP or UDP)
  kTruncatedTransport,   // cut inside the TCP/UDP header
  kBadTransportHeader,   // TCP data offset < 5 or beyond the segment, UDP length < 8
  // Only with AnalyzerOptions::verify_checksums (never from Decode() itself):
  kBadIpChecksum,        // IPv4 header checksum wrong: dropped, as Zeek does
  kBadTransportChecksum, // TCP/UDP checksum wrong: dropped, 'C' in the history
  // From the tunnel analysis (never from Decode() itself; docs/zeek-compatibility.md):
  kTruncatedTunnel,      // cut inside a tunnel header, or no packet after it
  kBadTunnelHeader,      // a tunnel header, or the packet it announces, that Zeek refuses
  kTunnelTooDeep,        // inside more tunnels than AnalyzerOptions::tunnel_max_depth
  kCount,
};

/// A short name for a reason, e.g. "truncated_ip" (used in reports and JSON).
std::string_view DecodeResultName(DecodeResult result);

/// Per-reason counters of packets that were not (fully) decoded.
struct DecodeStats {
  std::array<std::uint64_t, static_cast<std::size_t>(DecodeResult::kCount)> by_result{};
  void Count(DecodeResult r) { ++by_result[static_cast<std::size_t>(r)]; }
  std::uint64_t of(DecodeResult r) const { return by_result[static_cast<std::size_t>(r)]; }
  /// All packets that were skipped (every reason except kOk).
  std::uint64_t skipped() const;
};

/// Decodes packet into *out (out->number is left as it was). On anything but
/// kOk, *out is unspecified.
DecodeResult Decode(const RawPacket& packet, DecodedPacket* out);

}  // namespace wirecheck::capture
