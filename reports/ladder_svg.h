#pragma once
// A conversation's packets as a sequence (ladder) diagram in inline SVG, as
// Wireshark's flow graph and the board in a networking class draw it: the
// client's and the server's lifelines, one arrow per packet in capture
// order going down the page, labelled with its flags, relative seq/ack,
// length and the first payload bytes. Rows are evenly spaced (the time is
// written beside each, as Wireshark's No. and Time columns); a folded stretch
// is one row saying how many packets it holds, and a pause of 100 ms or more
// between two rows one row saying how long it was.
//
// Arrows are told apart by phase, each with its colour and dash pattern:
// handshake (SYN, SYN-ACK and the ACK that completes it), data (payload),
// ack (a bare ACK), close (FIN, and what follows it), reset (RST). Evidence
// of a check is marked and reachable by keyboard (tabindex), and every
// arrow has a <title>, so the diagram reads without the picture.

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "reports/report.h"

namespace wirecheck::reports {

struct LadderSvgInput {
  /// Makes the ids unique in a page: arrow ids are id_prefix + "p" + number
  /// (Wireshark's No.), the diagram's own id id_prefix + "ladder-" + the
  /// first packet's number.
  std::string id_prefix;
  ConversationId conversation;
  const std::vector<LadderPacket>* packets = nullptr;
  std::size_t preview_bytes = 20;  // of each payload in its label
};

/// The arrow kinds, as the CSS classes name them.
enum class ArrowKind { kHandshake, kData, kAck, kClose, kReset };
std::string_view ArrowKindName(ArrowKind k);

/// The kind of each packet of `packets`, in order (phases follow each other:
/// a bare ACK after a FIN is part of the close).
std::vector<ArrowKind> ArrowKinds(const std::vector<LadderPacket>& packets, bool tcp);

/// "SYN,ACK seq=0 ack=1", "PSH,ACK seq=1 ack=1 len=14 \"hello sockets\\n\"",
/// "len=5 \"hello\"" (UDP): plain text, not escaped for HTML.
std::string ArrowLabel(const LadderPacket& p, std::size_t preview_bytes);

/// `<svg class="ladder" data-arrows="N" …>…</svg>`, N the arrows drawn.
void WriteLadderSvg(std::ostream& out, const LadderSvgInput& input);

}  // namespace wirecheck::reports
