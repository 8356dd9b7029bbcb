#pragma once
// The readable table `wirecheck show` prints: one row per conversation,
// written as conversations come (in order of first packet, ordered_rows.h),
// so a capture of millions of packets is never held whole. Column widths
// come from the first kWidthRows rows; a later, wider value widens its own
// row only.

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "capture/analyzer.h"
#include "capture/conversation.h"

namespace wirecheck {

/// One row's cells, made when its conversation ends.
struct TableRow {
  std::uint64_t id = 0;
  bool tcp = true;
  std::string originator;  // "127.0.0.1:41234", "[::1]:41234"; "*" added when guessed
  std::string responder;
  std::string history;
  std::string state;
  std::string orig_traffic;  // "6/14": packets/payload bytes
  std::string resp_traffic;
  double duration = 0;
  bool guessed = false;  // the originator was guessed (no SYN seen)
};

TableRow MakeTableRow(const capture::Conversation& c);

class ConversationTable {
 public:
  static constexpr std::size_t kWidthRows = 1000;

  /// Writes to `out`, which must outlive the table.
  explicit ConversationTable(std::ostream& out) : out_(out) {}

  void Add(TableRow row);
  /// The rows still held, the note on guessed originators, and the summary
  /// line of the capture.
  void Finish(const capture::TraceStats& stats);

 private:
  void WriteHeaderAndHeld();
  void WriteRow(const TableRow& row);

  std::ostream& out_;
  std::vector<TableRow> held_;  // until kWidthRows are in or the end
  bool header_written_ = false;
  std::size_t orig_width_ = 12, resp_width_ = 12, history_width_ = 7;
  std::size_t rows_ = 0, tcp_rows_ = 0;
  bool any_guessed_ = false;
};

/// The whole table of a finished trace (tests, small captures).
void WriteConversationTable(const capture::Trace& trace, std::ostream& out);

}  // namespace wirecheck
