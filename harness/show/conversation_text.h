#pragma once
// Words for the capture model's enums, shared by the text and JSON output.

#include <string_view>

#include "capture/conversation.h"

namespace wirecheck {

/// "orig" / "resp".
std::string_view DirectionName(capture::Direction d);
/// "first-syn", "first-datagram", "first-packet", "server-port".
std::string_view OriginatorRuleName(capture::OriginatorRule rule);
/// A sentence for a reader: how the originator was decided.
std::string_view OriginatorRuleExplanation(capture::OriginatorRule rule);

}  // namespace wirecheck
