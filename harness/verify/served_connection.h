#pragma once
// One TCP connection to the server port as the checks see it: the
// conversation and which side is the client.

#include "capture/conversation.h"

namespace wirecheck {

/// A TCP connection to the server port, and which side is the client.
struct ServedConnection {
  const capture::Conversation* conversation = nullptr;
  capture::Direction client = capture::Direction::kOrig;
  capture::Direction server() const { return capture::Reverse(client); }
};

}  // namespace wirecheck
