#include "harness/verify/reply_timing.h"

#include <algorithm>
#include <map>
#include <string>

namespace wirecheck {
namespace {

std::string EndpointKey(const capture::Endpoint& e) { return e.addr.ToString() + "/" + std::to_string(e.port); }

}  // namespace

std::vector<RequestReply> TcpRequestReplies(const std::vector<ServedConnection>& connections) {
  std::vector<RequestReply> pairs;
  for (const ServedConnection& sc : connections) {
    const capture::Conversation& c = *sc.conversation;
    std::optional<RequestReply> pair;
    for (const capture::PacketRecord& p : c.packets) {
      if (p.payload_length == 0) continue;
      if (!pair && p.dir == sc.client) {
        pair = RequestReply{{&c, p.number, p.ts}, std::nullopt, sc.client};
      } else if (pair && p.dir == sc.server()) {
        pair->reply = TimedPacket{&c, p.number, p.ts};
        break;
      }
    }
    if (!pair) continue;   // no client data: nothing was asked
    pair->reply_unknown = !pair->reply && c.packets_truncated;
    pairs.push_back(*pair);
  }
  return pairs;
}

std::vector<RequestReply> UdpRequestReplies(const UdpExchange& x) {
  // The server's datagrams by destination, each list in capture order.
  std::map<std::string, std::vector<const DatagramRef*>> to;
  for (const DatagramRef& d : x.server_datagrams) to[EndpointKey(*d.dst)].push_back(&d);
  std::vector<RequestReply> pairs;
  for (const DatagramRef& request : x.client_datagrams) {
    RequestReply pair{{request.conversation, request.number(), request.datagram->ts}, std::nullopt, request.client};
    const auto replies = to.find(EndpointKey(*request.src));
    if (replies != to.end()) {
      const auto after = std::upper_bound(
          replies->second.begin(), replies->second.end(), request.number(),
          [](std::uint64_t n, const DatagramRef* d) { return n < d->number(); });
      if (after != replies->second.end()) {
        pair.reply = TimedPacket{(*after)->conversation, (*after)->number(), (*after)->datagram->ts};
      }
    }
    pairs.push_back(pair);
  }
  return pairs;
}

std::vector<TimedPacket> RepliesInOrder(const std::vector<RequestReply>& pairs) {
  std::vector<TimedPacket> replies;
  for (const RequestReply& p : pairs) {
    if (p.reply) replies.push_back(*p.reply);
  }
  std::sort(replies.begin(), replies.end(), [](const TimedPacket& a, const TimedPacket& b) {
    return a.number < b.number;
  });
  replies.erase(std::unique(replies.begin(), replies.end(),
                            [](const TimedPacket& a, const TimedPacket& b) { return a.number == b.number; }),
                replies.end());
  return replies;
}

}  // namespace wirecheck
