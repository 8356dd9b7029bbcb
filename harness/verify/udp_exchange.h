#pragma once
// The UDP exchange with a server port, as the UDP checks (and `wirecheck
// record`) see it. The clients are the address:port pairs that sent to the
// server port. The server's datagrams are those from the server port, and
// those sent to a client from any other port (a reply from a second socket).
// The refs point into the Trace, which must outlive the exchange.

#include <cstdint>
#include <string_view>
#include <vector>

#include "capture/analyzer.h"

namespace wirecheck {

struct DatagramRef {
  const capture::Conversation* conversation = nullptr;
  capture::Direction from = capture::Direction::kOrig;
  const capture::Datagram* datagram = nullptr;
  const capture::Endpoint* src = nullptr;
  const capture::Endpoint* dst = nullptr;
  capture::Direction client = capture::Direction::kOrig;  // the client side of its conversation

  std::string_view payload() const { return capture::DatagramPayload(conversation->from(from), *datagram); }
  bool whole() const { return datagram->kept == datagram->length; }
  std::uint64_t number() const { return datagram->number; }
};

/// An ICMP port unreachable the kernel sent in answer to a client's datagram
/// to the server port: nothing was bound to it then.
struct RefusalRef {
  const capture::Conversation* conversation = nullptr;
  capture::Direction client = capture::Direction::kOrig;
  const capture::PortUnreachableMark* mark = nullptr;
  std::uint64_t datagram = 0;  // the client's datagram it answers (the last before it), 0 if not kept
};

struct UdpExchange {
  std::vector<capture::Endpoint> clients;     // in order of their first datagram
  std::vector<DatagramRef> client_datagrams;  // to the server port, in capture order
  std::vector<DatagramRef> server_datagrams;  // from the server port or to a client, in capture order
  std::vector<RefusalRef> refusals;           // in capture order
  std::uint64_t refusal_count = 0;            // with those past capture::kPortUnreachableMarksKept
};

UdpExchange FindExchange(const capture::Trace& trace, int port);

}  // namespace wirecheck
