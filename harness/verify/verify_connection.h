#pragma once
// The checks of one ConnectionExpect (handshake, ports, data each way,
// close, history, conn_state) over a set of TCP connections: every
// connection to the server port, the n-th one, or those of a client group.
// One check per key; it passes when every connection meets it, and shows
// the first connection that does not.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "capture/conversation.h"
#include "harness/model/scenario.h"
#include "harness/verify/served_connection.h"
#include "harness/verify/verify_check.h"

namespace wirecheck {

/// Where the connections come from, for ids and messages.
struct ConnectionGroup {
  std::string id_prefix;  // "every_connection", "connections_in_order[2]", "slow-writer.wire"
  std::string noun;       // "every connection", "connection 2", "every connection of slow-writer"
  /// With no connection: why (the message of every check), and whether that
  /// is a failure (a connection that should exist) or inconclusive.
  std::string none_message = "no connection to the server port was captured";
  bool none_is_failure = false;
  std::string_view none_hint;
};

/// Appends one check per key of `expect`.
void CheckConnections(const VerifyContext& ctx, const ConnectionExpect& expect, const ConnectionGroup& group,
                      std::span<const ServedConnection> connections, std::vector<PendingCheck>* out);

/// Appends one check per key of `expect`, each with `status` and `message`
/// (a client group's connections on a foreign capture: not applicable).
void CheckConnectionsUnobservable(const ConnectionExpect& expect, const ConnectionGroup& group,
                                  reports::CheckStatus status, const std::string& message,
                                  std::vector<PendingCheck>* out);

}  // namespace wirecheck
