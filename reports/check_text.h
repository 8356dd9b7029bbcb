#pragma once
// Plain-text forms of a check's evidence, shared by the console and the
// JUnit <failure> body: the detail block and the compact packet ladder.

#include <cstddef>
#include <string>
#include <vector>

#include "reports/report.h"

namespace wirecheck::reports {

struct TextOptions {
  std::size_t preview_bytes = 32;  // of a payload or a differing byte run
  std::size_t ladder_rows = 24;    // at most; the rest elided around the evidence
};

/// One line of text; `emphasis` marks a ladder row that is evidence (the
/// console colours it).
struct TextLine {
  std::string text;
  bool emphasis = false;

  bool operator==(const TextLine&) const = default;
};

/// One ladder row per line, a header naming both endpoints, e.g.
///      no.      time  127.0.0.1:41234                127.0.0.1:6789
///   >    9  0.001234  |<--------- RST,ACK -----------|  seq=15 ack=15
/// Evidence rows are marked ">". Past options.ladder_rows, the first and last
/// rows and those near evidence are kept and the others elided in one line.
std::vector<TextLine> LadderLines(const std::vector<LadderPacket>& ladder,
                                     const ConversationId* conversation,
                                     const TextOptions& options);

/// The lines that explain a check: message, expected / observed, the
/// conversation and packets, the bytes that differed, the hint ("hint: ..."),
/// then the ladder. Unindented; no colour.
std::vector<TextLine> CheckDetailLines(const Check& check, const TextOptions& options);

/// "0.001234" (seconds, six decimals, as Wireshark).
std::string RelativeTimeText(RelativeTime t);

}  // namespace wirecheck::reports
