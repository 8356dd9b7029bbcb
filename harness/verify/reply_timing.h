#pragma once
// Requests and the replies that answer them, with their capture times: what
// the timing checks (verify_timing.h) measure.
// - TCP: per connection, the client's first data segment is the request and
//   the server's first data segment after it the reply.
// - UDP: each datagram to the server port is a request, and the server's
//   first datagram back to that sender after it the reply. A request sent
//   again before the reply (a client's retransmission) is paired with the
//   same reply.
// The pointers point into the Trace, which must outlive the pairs.

#include <cstdint>
#include <optional>
#include <vector>

#include "capture/conversation.h"
#include "harness/verify/served_connection.h"
#include "harness/verify/udp_exchange.h"

namespace wirecheck {

/// One packet of the capture, with the conversation it is a packet of.
struct TimedPacket {
  const capture::Conversation* conversation = nullptr;
  std::uint64_t number = 0;
  capture::Timestamp ts{};
};

struct RequestReply {
  TimedPacket request;
  std::optional<TimedPacket> reply;       // nullopt: nothing came back after it
  capture::Direction client = capture::Direction::kOrig;   // of the request's conversation
  bool reply_unknown = false;             // TCP: the packets past the request were not all kept
};

/// In the order of the connections given (by their first SYN).
std::vector<RequestReply> TcpRequestReplies(const std::vector<ServedConnection>& connections);
/// In capture order of the requests.
std::vector<RequestReply> UdpRequestReplies(const UdpExchange& exchange);

/// The replies of `pairs`, each once (a reply to two requests counted
/// once), in capture order.
std::vector<TimedPacket> RepliesInOrder(const std::vector<RequestReply>& pairs);

}  // namespace wirecheck
