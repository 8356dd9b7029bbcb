#include "capture/ip_tunnels.h"

#include <algorithm>

namespace wirecheck::capture {

const IpTunnel& IpTunnels::Use(const IpAddress& src, const IpAddress& dst, TunnelType type,
                               Timestamp ts, std::uint64_t* next_id) {
  const auto key = src < dst ? std::make_pair(src, dst) : std::make_pair(dst, src);
  auto it = current_.find(key);
  if (it != current_.end()) {
    // IPTunnelTimer: at each firing an idle tunnel is forgotten, an active
    // one checked again 24 h later (timers are taken to fire on time).
    Current& c = it->second;
    const Timestamp last = all_[c.index].last_ts;
    while (c.next_check <= ts && c.next_check - last < kZeekIpTunnelTimeout) {
      c.next_check += kZeekIpTunnelTimeout;
    }
    if (c.next_check > ts) {
      IpTunnel& tunnel = all_[c.index];
      tunnel.last_ts = std::max(tunnel.last_ts, ts);
      ++tunnel.packets;
      return tunnel;
    }
    current_.erase(it);
  }
  all_.push_back(IpTunnel{(*next_id)++, type, src, dst, ts, ts, 1});
  current_.emplace(key, Current{all_.size() - 1, ts + kZeekIpTunnelTimeout});
  return all_.back();
}

std::vector<IpTunnel> IpTunnels::Take() {
  current_.clear();
  return std::exchange(all_, {});
}

}  // namespace wirecheck::capture
