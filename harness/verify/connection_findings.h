#pragma once
// What one TCP connection shows about one key of a ConnectionExpect: the
// handshake, the ports, the bytes each side sent, the close, Zeek's history
// and conn_state. Each is a pure Finding (pass / fail / inconclusive, the
// message, the evidence packets); verify_connection turns the findings over
// a set of connections into checks.

#include <string>
#include <string_view>
#include <vector>

#include "harness/model/scenario.h"
#include "harness/model/text_match.h"
#include "harness/verify/served_connection.h"
#include "harness/verify/verify_check.h"

namespace wirecheck::connection_findings {

/// SYN, SYN-ACK, ACK in order, and no data before the third.
Finding HandshakeComplete(const ServedConnection& sc);
/// The SYN answered by an RST (nothing listens there).
Finding HandshakeRefused(const ServedConnection& sc);
Finding ServerPort(const VerifyContext& ctx, int expected, const ServedConnection& sc);
/// In the given range, or in the run's ephemeral range.
Finding ClientPort(const VerifyContext& ctx, const ConnectionExpect::PortRange& range, const ServedConnection& sc);
/// The bytes `side` sent match; bytes the capture missed make it inconclusive.
Finding Sends(const VerifyContext& ctx, const TextMatch& match, capture::Direction side, const ServedConnection& sc);
Finding FirstFin(Side expected, const ServedConnection& sc);
/// clean: a FIN each way and no RST; !clean: the opposite.
Finding Clean(bool clean, const ServedConnection& sc);
Finding Reset(Side expected, const ServedConnection& sc);
/// Zeek's history matches the pattern (searched).
Finding History(const std::string& pattern, const ServedConnection& sc);
Finding ConnState(const std::vector<std::string>& states, const ServedConnection& sc);

/// "client", "server", "either side".
std::string_view SideName(Side side);
/// The states as a list in words ("SF or S1").
std::string JoinStates(const std::vector<std::string>& states);

}  // namespace wirecheck::connection_findings
