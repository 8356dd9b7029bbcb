#pragma once
// One TCP connection seen on both sides of the wire. The per-connection
// checks judge the server's side; where one of them does not pass, the same
// connection on the client's side (the same 4-tuple: the wire rewrites no
// address) says what the client sent or received that the server's side
// lacks, and the wire's log which of this connection's packets it dropped:
// "the client never acknowledged the SYN-ACK #2; the client sent the ACK
// (seen on the client's side of the wire), lost on the wire:
// client->server #2 (52 bytes) (rule 1)". Pure.

#include <optional>
#include <string>

#include "harness/verify/served_connection.h"
#include "harness/verify/verify_check.h"

namespace wirecheck {

/// What a check of one connection looks at, for the clause it gets.
enum class ConnectionPart : std::uint8_t {
  kNone,         // the ports: the same on both sides
  kHandshake,    // the client's ACK of the SYN-ACK; the SYN-ACK reaching the client
  kBytes,        // either stream: the server's reply answers the client's bytes it received
  kClose,        // FINs and RSTs each way
  kHistory,      // Zeek's history and conn_state
};

/// The connection `server_side` (of ctx.trace) on the client's side of the
/// wire: the conversation with the same two endpoints, the client's ISN
/// deciding where a 4-tuple was used twice (else the nearest first packet);
/// nullopt without a wire or when that side has none.
std::optional<ServedConnection> OnTheClientSide(const VerifyContext& ctx, const ServedConnection& server_side);

/// The clause for a check of `part` on `server_side` that did not pass; ""
/// without a wire, or where the client's side saw nothing the server's lacks.
std::string ConnectionSidesText(const VerifyContext& ctx, ConnectionPart part, const ServedConnection& server_side);

}  // namespace wirecheck
