#pragma once
// IP tunnels (IP-in-IP, GRE) have no transport connection of their own.
// Zeek gives each pair of outer addresses one uid (IPTunnelAnalyzer::
// ip_tunnels in src/packet_analysis/protocol/iptunnel/IPTunnel.cc; the uid
// is in tunnel.log, not conn.log) and forgets it after
// Tunnel::ip_tunnel_timeout without packets. This is that table; the
// conversations inside name its ids in their tunnel_parents.

#include <chrono>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "capture/ip_address.h"
#include "capture/packet.h"
#include "capture/tunnel.h"

namespace wirecheck::capture {

/// One IP tunnel, as tunnel.log would show it.
struct IpTunnel {
  std::uint64_t id = 0;              // from the conversations' sequence: uid "C<id>"
  TunnelType type = TunnelType::kIp; // of its first packet (kIp or kGre)
  IpAddress src;                     // the outer addresses of its first packet
  IpAddress dst;
  Timestamp first_ts{};
  Timestamp last_ts{};
  std::uint64_t packets = 0;
};

/// Zeek's Tunnel::ip_tunnel_timeout.
inline constexpr Timestamp kZeekIpTunnelTimeout = std::chrono::hours(24);

class IpTunnels {
 public:
  /// The tunnel between the two addresses (either order) that a packet at
  /// `ts` belongs to: the known one, unless Zeek's timer (every 24 h from
  /// its start) has found it idle for 24 h; then a new one, whose id is
  /// (*next_id)++. The reference is valid until the next Use().
  const IpTunnel& Use(const IpAddress& src, const IpAddress& dst, TunnelType type, Timestamp ts,
                      std::uint64_t* next_id);
  /// Every tunnel seen, in order of first packet; the table is empty after.
  std::vector<IpTunnel> Take();

 private:
  struct Current {
    std::size_t index;     // into all_
    Timestamp next_check;  // when Zeek's inactivity timer fires next
  };
  std::map<std::pair<IpAddress, IpAddress>, Current> current_;
  std::vector<IpTunnel> all_;
};

}  // namespace wirecheck::capture
