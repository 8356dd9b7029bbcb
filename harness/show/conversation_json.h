#pragma once
// A conversation as one JSON object: Zeek conn.log's columns under Zeek's
// names and meanings, then wirecheck's own facts.

#include <nlohmann/json.hpp>

#include "capture/conversation.h"

namespace wirecheck {

/// Zeek's fields: ts, uid, proto, orig_h, orig_p, resp_h, resp_p, duration,
/// orig_bytes, resp_bytes (payload bytes; TCP from sequence numbers, as Zeek),
/// conn_state, missed_bytes, history, orig_pkts, orig_ip_bytes, resp_pkts,
/// resp_ip_bytes, tunnel_parents (only when not empty). Ours: orig_payload_bytes / resp_payload_bytes (payload
/// actually captured, retransmissions included), originator (how it was
/// chosen), and for TCP the handshake, close, per-side counters and states.
nlohmann::ordered_json ConversationToJson(const capture::Conversation& c);

}  // namespace wirecheck
