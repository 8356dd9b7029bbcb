#pragma once
// A conversation as one line of JSON: Zeek conn.log's columns under Zeek's
// names and meanings, then wirecheck's own facts. Written straight into a
// string (json_line.h): `wirecheck show --format json` writes one per
// conversation without building a document.

#include <string>

#include "capture/conversation.h"

namespace wirecheck {

/// Appends the object (no newline). Zeek's fields: ts, uid, proto, orig_h,
/// orig_p, resp_h, resp_p, duration, orig_bytes, resp_bytes (payload bytes;
/// TCP from sequence numbers, as Zeek), conn_state, missed_bytes, history,
/// orig_pkts, orig_ip_bytes, resp_pkts, resp_ip_bytes, tunnel_parents (only
/// when not empty). Ours:
/// orig_payload_bytes / resp_payload_bytes (payload actually captured,
/// retransmissions included), originator (how it was chosen), and for TCP
/// the handshake, close, per-side counters and states.
void AppendConversationJson(const capture::Conversation& c, std::string* line);

}  // namespace wirecheck
