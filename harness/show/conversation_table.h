#pragma once
// The readable table `wirecheck show` prints: one row per conversation,
// written as conversations come (in order of first packet, ordered_rows.h),
// so a capture of millions of packets is never held whole. Column widths
// come from the first kWidthRows rows; a later, wider value widens its own
// row only.

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "capture/analyzer.h"
#include "capture/conversation.h"

namespace wirecheck {

/// One row's values, made when its conversation ends and turned into text
/// only when written: up to OrderedRows' window of them wait, so they are
/// kept as numbers and addresses (history and state are short enough for
/// std::string's inline buffer), not as text.
struct TableRow {
  std::uint64_t id = 0;
  capture::Endpoint originator;
  capture::Endpoint responder;
  std::uint64_t orig_packets = 0, orig_bytes = 0;  // packets/payload bytes
  std::uint64_t resp_packets = 0, resp_bytes = 0;
  double duration = 0;
  std::string history;
  std::string state;
  bool tcp = true;
  bool guessed = false;  // the originator was guessed (no SYN seen): "*" after it
};

TableRow MakeTableRow(const capture::Conversation& c);

class ConversationTable {
 public:
  static constexpr std::size_t kWidthRows = 1000;
  /// Text gathers in one buffer and leaves in writes of about this size.
  static constexpr std::size_t kFlushBytes = 64 * 1024;

  /// Writes to `out`, which must outlive the table.
  explicit ConversationTable(std::ostream& out);

  void Add(TableRow row);
  /// The rows still held, the note on guessed originators, and the summary
  /// line of the capture; flushes everything to `out`.
  void Finish(const capture::TraceStats& stats);

 private:
  void WriteHeaderAndHeld();
  void WriteRow(const TableRow& row);
  void FlushIfFull();

  std::ostream& out_;
  std::string text_;  // written, not yet flushed to out_
  std::vector<TableRow> held_;  // until kWidthRows are in or the end
  bool header_written_ = false;
  std::size_t orig_width_ = 12, resp_width_ = 12, history_width_ = 7;
  std::size_t rows_ = 0, tcp_rows_ = 0;
  bool any_guessed_ = false;
};

/// The whole table of a finished trace (tests, small captures).
void WriteConversationTable(const capture::Trace& trace, std::ostream& out);

}  // namespace wirecheck
