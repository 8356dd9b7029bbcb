#pragma once
// The UDP expectations: the datagrams each side sends (count, payloads,
// each, size), the client flows, and the server's replies: to the sender's
// address and port, from the port it bound, the size of their request; and
// that the server port is still bound once the clients are done.
//
// The clients are the address:port pairs that sent to the server port. The
// server's datagrams are those from the server port, and those sent to a
// client from any other port (a reply from a second socket).

#include <vector>

#include "harness/verify/verify_check.h"

namespace wirecheck {

void CheckUdp(const VerifyContext& ctx, std::vector<PendingCheck>* out);

}  // namespace wirecheck
