#include "harness/show/conversation_text.h"

namespace wirecheck {

std::string_view DirectionName(capture::Direction d) {
  return d == capture::Direction::kOrig ? "orig" : "resp";
}

std::string_view OriginatorRuleName(capture::OriginatorRule rule) {
  switch (rule) {
    case capture::OriginatorRule::kFirstSyn: return "first-syn";
    case capture::OriginatorRule::kFirstDatagram: return "first-datagram";
    case capture::OriginatorRule::kFirstPacket: return "first-packet";
    case capture::OriginatorRule::kServerPort: return "server-port";
  }
  return "?";
}

std::string_view OriginatorRuleExplanation(capture::OriginatorRule rule) {
  switch (rule) {
    case capture::OriginatorRule::kFirstSyn: return "the originator sent the first SYN";
    case capture::OriginatorRule::kFirstDatagram: return "the originator sent the first datagram";
    case capture::OriginatorRule::kFirstPacket:
      return "no SYN seen: the capture starts mid-stream; the first packet's sender is taken as originator";
    case capture::OriginatorRule::kServerPort:
      return "no SYN seen: the capture starts mid-stream; the side on the likely server port is taken as responder (Zeek's rule)";
  }
  return "?";
}

}  // namespace wirecheck
