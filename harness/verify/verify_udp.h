#pragma once
// The UDP expectations: the datagrams each side sends (count, payloads,
// each, size), the client flows, and the server's replies: to the sender's
// address and port, from the port it bound, the size of their request; and
// that the server port is still bound once the clients are done.
//
// The clients are the address:port pairs that sent to the server port. The
// server's datagrams are those from the server port, and those sent to a
// client from any other port (a reply from a second socket).

#include <string>
#include <vector>

#include "harness/verify/verify_check.h"

namespace wirecheck {

void CheckUdp(const VerifyContext& ctx, std::vector<PendingCheck>* out);

/// With a capture on the client's side of the wire (RunFacts::client_side):
/// what each way lost, as clauses for the messages (wire_sides.h); "" where
/// the sides agree, and everything empty without a client side.
struct WireNotes {
  bool two_sides = false;
  std::string to_server;  // the clients' datagrams the server's side lacks
  std::string to_client;  // the server's datagrams the client's side lacks
  std::size_t server_sent = 0;  // the server's datagrams, as its side saw them
};
WireNotes UdpWireNotes(const VerifyContext& ctx);

}  // namespace wirecheck
