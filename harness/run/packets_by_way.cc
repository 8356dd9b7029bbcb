#include "harness/run/packets_by_way.h"

namespace wirecheck {

PacketsByWay CountByWay(const capture::Trace& trace, const capture::IpAddress& client_host) {
  PacketsByWay by_way;
  for (const capture::Conversation& c : trace.conversations) {
    const bool orig_is_client = c.orig.addr == client_host;
    if (!orig_is_client && c.resp.addr != client_host) continue;
    const capture::Direction client = orig_is_client ? capture::Direction::kOrig : capture::Direction::kResp;
    by_way.to_server += c.from(client).packets;
    by_way.to_client += c.from(capture::Reverse(client)).packets;
  }
  return by_way;
}

}  // namespace wirecheck
