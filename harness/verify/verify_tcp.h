#pragma once
// The TCP expectations of a scenario: the connections to the server port as
// a set (how many, distinct 4-tuples, how many served at once), each
// connection (every_connection, connections_in_order, a client group's
// `wire`), and the welcome socket's facts the runner observed.

#include <vector>

#include "harness/verify/verify_check.h"
#include "harness/verify/verify_connection.h"

namespace wirecheck {

/// The TCP conversations whose server side is on `server_port`, in order of
/// their first SYN (first packet when no SYN was seen).
std::vector<ServedConnection> ConnectionsToServer(const capture::Trace& trace, int server_port);

/// When a connection was being served: from the server's first data or FIN
/// on it to its close (both FINs, an RST, or the end of the capture).
struct ServedInterval {
  capture::Timestamp start{};
  capture::Timestamp end{};
  std::uint64_t start_packet = 0;
};
std::optional<ServedInterval> ServedIntervalOf(const ServedConnection& sc, capture::Timestamp capture_end);

/// The connections client group `g` (named `name`) of a live run opened,
/// added to *mine: scripted clients' by their local ports, program clients'
/// by when they began (only within windows of that group). Empty, or why
/// they cannot be told (then *mine is not to be used).
std::string ClientGroupConnections(const RunFacts& run, std::size_t g, const std::string& name,
                                   const std::vector<ServedConnection>& all, std::vector<ServedConnection>* mine);

/// The most connections served at the same moment (ServedIntervalOf; at
/// equal times a close comes before an open), when it first happened and
/// which they were; `intervals` is each connection's of `all`.
struct MostServed {
  std::size_t count = 0;
  capture::Timestamp at{};
  std::vector<std::size_t> open;  // indexes into `all`
  std::vector<std::optional<ServedInterval>> intervals;
};
MostServed MaxServedAtOnce(const std::vector<ServedConnection>& all, capture::Timestamp capture_end);

void CheckTcp(const VerifyContext& ctx, std::vector<PendingCheck>* out);

}  // namespace wirecheck
