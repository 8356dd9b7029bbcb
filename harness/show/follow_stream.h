#pragma once
// `show --follow N`: a conversation's reassembled streams, in the order the
// bytes were sent, like tshark's "follow" (ascii; the responder's chunks
// indented by a tab; bytes that are not printable ASCII shown as '.').

#include <ostream>

#include "capture/conversation.h"

namespace wirecheck {

void WriteFollowedStreams(const capture::Conversation& c, std::ostream& out);

}  // namespace wirecheck
