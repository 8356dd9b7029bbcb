#pragma once
// A captured conversation as the report's packet ladder (reports::LadderPacket
// rows) and 4-tuple: flags as text ("SYN,ACK"), times relative to the run's
// first packet, payload heads from the reassembled stream (TCP) or the
// datagram (UDP), the packets a check points at marked as evidence.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "capture/conversation.h"
#include "reports/report.h"

namespace wirecheck {

/// Ladders longer than this keep their first and last rows and those around
/// the evidence.
inline constexpr std::size_t kLadderMaxRows = 64;
inline constexpr std::size_t kLadderPayloadBytes = 64;

/// "SYN", "SYN,ACK", "PSH,ACK", "FIN,PSH,ACK", "RST"; "" for none.
std::string FlagsText(std::uint8_t flags);

reports::RelativeTime RelativeTo(capture::Timestamp t, capture::Timestamp origin);

/// The 4-tuple with `client` as the client side.
reports::ConversationId ConversationIdOf(const capture::Conversation& c, capture::Direction client);

/// The first `max` payload bytes of packet `p` of `c` that the capture kept;
/// empty when none were (a gap, the payload cap, no payload).
std::string PayloadHead(const capture::Conversation& c, const capture::PacketRecord& p, std::size_t max);

/// The rows of `c`, with `client`'s packets going client to server; rows
/// whose number is in `evidence` are marked.
std::vector<reports::LadderPacket> BuildLadder(const capture::Conversation& c, capture::Direction client,
                                               capture::Timestamp origin,
                                               std::span<const std::uint64_t> evidence);

/// The packet's reference for evidence, by its number in `c` (time 0 if not kept).
reports::PacketRef PacketRefOf(const capture::Conversation& c, std::uint64_t number,
                               capture::Timestamp origin);

}  // namespace wirecheck
