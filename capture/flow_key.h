#pragma once
// The direction-independent key of a conversation: transport + the two
// (address, port) endpoints in a canonical order, so both directions of a
// flow find the same entry.

#include <array>
#include <cstdint>
#include <cstring>
#include <utility>

#include "capture/decoded_packet.h"

namespace wirecheck::capture {

struct FlowKey {
  std::array<std::uint8_t, 16> addr_a{};
  std::array<std::uint8_t, 16> addr_b{};
  std::uint16_t port_a = 0;
  std::uint16_t port_b = 0;
  std::uint8_t transport = 0;
  std::uint8_t v6 = 0;

  /// Word-wise, not the defaulted memberwise ==: that compiles to a memcmp
  /// call per address, and this runs on every lookup (bench/capture_bench).
  bool operator==(const FlowKey& o) const {
    return SameAddressBytes(addr_a, o.addr_a) && SameAddressBytes(addr_b, o.addr_b) &&
           port_a == o.port_a && port_b == o.port_b && transport == o.transport && v6 == o.v6;
  }

  static FlowKey Of(const DecodedPacket& p) {
    FlowKey k;
    k.transport = static_cast<std::uint8_t>(p.transport);
    k.v6 = p.src.is_v6() ? 1 : 0;
    const auto& s = p.src.bytes();
    const auto& d = p.dst.bytes();
    const int order = CompareAddressBytes(s, d);
    const bool src_first = order < 0 || (order == 0 && p.src_port <= p.dst_port);
    k.addr_a = src_first ? s : d;
    k.addr_b = src_first ? d : s;
    k.port_a = src_first ? p.src_port : p.dst_port;
    k.port_b = src_first ? p.dst_port : p.src_port;
    return k;
  }
};

}  // namespace wirecheck::capture
