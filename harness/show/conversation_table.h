#pragma once
// The readable table `wirecheck show` prints: one row per conversation.

#include <ostream>
#include <vector>

#include "capture/analyzer.h"

namespace wirecheck {

/// Writes the header, one row per conversation (id, protocol, originator and
/// responder, history, conn_state, packets/bytes each way, duration), notes
/// for rows whose originator was guessed, and a summary line of the capture.
void WriteConversationTable(const capture::Trace& trace, std::ostream& out);

}  // namespace wirecheck
