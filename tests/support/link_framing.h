#pragma once
// Link-layer framing for test packets: wraps an IP packet in Ethernet (VLAN
// tags, MPLS labels, PPPoE, 802.1ah PBB, VN-Tag, Cisco FabricPath, 802.2
// SNAP), Linux cooked v1/v2, BSD NULL/LOOP, PPP, NFLOG or nothing, and cuts
// frames short as a snap length would.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "capture/memory_source.h"
#include "capture/packet.h"
#include "tests/support/byte_writer.h"

namespace wirecheck::testing {


/// How an IP packet is wrapped into a frame, and what is done to the frame.
struct Framing {
  struct VlanTag {
    std::uint16_t tpid = 0x8100;  // 0x8100 802.1Q, 0x88a8 802.1ad, 0x9100 old QinQ
    std::uint16_t id = 0;
  };
  std::vector<VlanTag> vlan_tags;           // outermost first (Ethernet, SLL, SLL2)
  std::vector<std::uint32_t> mpls_labels;   // outermost first; last gets bottom-of-stack
  bool pppoe = false;                       // PPPoE session + PPP protocol
  std::optional<std::uint32_t> loopback_family;  // NULL/LOOP: instead of 2 / 30 (NULL) or 24 (LOOP)
  std::optional<std::endian> loopback_order;     // NULL default little, LOOP default big
  // Ethernet only, outermost first: FabricPath, then PBB, then VN-Tag, then
  // the VLAN tags; SNAP replaces the innermost ethertype by an 802.3 length.
  bool fabric_path = false;                 // a 16-byte Cisco FabricPath header first
  std::optional<std::uint32_t> pbb_isid;    // 802.1ah: I-TAG with this I-SID, customer MACs
  std::optional<std::uint32_t> vntag;       // a VN-Tag with these 4 bytes
  bool snap = false;                        // 802.3 length, LLC AA AA 03, SNAP OUI 0
  bool ppp_without_hdlc = false;            // LINKTYPE_PPP: no ff 03 before the protocol
  std::endian nflog_order = std::endian::little;  // NFLOG: the capturing host's order
  capture::Timestamp ts{};
  std::optional<std::size_t> truncate_to;   // captured bytes, wire_length kept
};

/// Wraps ip_packet in link_type's headers per framing; ip_version (4 or 6)
/// chooses the ethertype, PPP protocol or address family.
capture::OwnedPacket FramePacket(std::span<const std::uint8_t> ip_packet, int ip_version,
                                 std::uint32_t link_type, const Framing& framing);

/// Keeps at most n captured bytes and the original wire_length, as a snap
/// length would.
capture::OwnedPacket TruncateTo(capture::OwnedPacket packet, std::size_t n);

/// A view for Decode(); valid while packet lives and is not modified.
capture::RawPacket AsRawPacket(const capture::OwnedPacket& packet);

}  // namespace wirecheck::testing
