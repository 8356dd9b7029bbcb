#pragma once
// The link-layer step of Decode(): strips Ethernet (VLAN tags, MPLS labels,
// PPPoE), Linux cooked v1/v2, BSD NULL/LOOP or nothing (raw IP) and says
// where the IP packet starts and which IP version the link layer announced.

#include <cstdint>
#include <span>

#include "capture/decoder.h"

namespace wirecheck::capture {

struct LinkLayer {
  /// The bytes after the link-layer headers (the IP packet plus any padding).
  std::span<const std::uint8_t> network;
  /// 4 or 6 as announced by the link layer; 0 when only the IP version
  /// nibble can tell (raw IP, below an MPLS label stack).
  std::uint8_t ip_version = 0;
};

/// kOk, kUnsupportedLinkType, kTruncatedLink or kNotIp.
DecodeResult DecodeLinkLayer(std::uint32_t link_type, std::span<const std::uint8_t> frame,
                             LinkLayer* out);

/// The ethertype dispatch shared by Ethernet and Linux cooked captures:
/// `payload` follows a field holding `ethertype`.
DecodeResult DecodeEthertype(std::uint16_t ethertype, std::span<const std::uint8_t> payload,
                             LinkLayer* out);

}  // namespace wirecheck::capture
