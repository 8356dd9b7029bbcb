#include "harness/show/conversation_table.h"

#include <fmt/format.h>

#include <algorithm>

#include "harness/show/number_text.h"

namespace wirecheck {

using capture::Conversation;
using capture::Direction;

namespace {

/// "127.0.0.1:41234", "[::1]:41234". IPv4 is written here, the same
/// dotted quad as IpAddress::ToString() without its string.
void AppendEndpoint(const capture::Endpoint& e, std::string* out) {
  char buffer[4 * 4 + 1 + kMaxUnsignedDigits];
  char* p = buffer;
  if (e.addr.is_v6()) {
    out->push_back('[');
    out->append(e.addr.ToString());
    *p++ = ']';
  } else {
    const std::uint8_t* quad = e.addr.bytes().data() + 12;  // ::ffff:a.b.c.d
    for (int i = 0; i < 4; ++i) {
      if (i > 0) *p++ = '.';
      p = PutUnsigned(p, quad[i]);
    }
  }
  *p++ = ':';
  p = PutUnsigned(p, e.port);
  out->append(buffer, p);
}

std::size_t EndpointWidth(const capture::Endpoint& e) {
  std::string text;
  AppendEndpoint(e, &text);
  return text.size();
}

// fmt's "{:<N}" and "{:>N}" on ASCII text: pad to N columns, never cut.
void PadRight(std::size_t written, std::size_t width, std::string* out) {
  if (written < width) out->append(width - written, ' ');
}
void AppendLeft(std::string_view text, std::size_t width, std::string* out) {
  out->append(text);
  PadRight(text.size(), width, out);
}

/// "6/14" right-aligned in 14 columns.
void AppendTraffic(std::uint64_t packets, std::uint64_t bytes, std::string* out) {
  char buffer[2 * kMaxUnsignedDigits + 1];
  char* end = PutUnsigned(buffer, packets);
  *end++ = '/';
  end = PutUnsigned(end, bytes);
  const auto size = static_cast<std::size_t>(end - buffer);
  if (size < 14) out->append(14 - size, ' ');
  out->append(buffer, size);
}

bool Guessed(const Conversation& c) {
  return c.originator_rule == capture::OriginatorRule::kFirstPacket ||
         c.originator_rule == capture::OriginatorRule::kServerPort;
}

void WriteSummary(const capture::TraceStats& s, std::size_t n, std::size_t tcp, std::string* out) {
  auto o = std::back_inserter(*out);
  fmt::format_to(o, "{} packet{}", s.packets, s.packets == 1 ? "" : "s");
  if (s.tunnel_payloads) fmt::format_to(o, " (and {} inside UDP tunnels)", s.tunnel_payloads);
  fmt::format_to(o, ", {} conversation{} ({} TCP, {} UDP)", n, n == 1 ? "" : "s", tcp, n - tcp);
  const std::uint64_t skipped = s.decode.skipped();
  if (skipped) {
    fmt::format_to(o, ", {} packets not TCP/UDP or not decodable:", skipped);
    for (std::size_t i = 1; i < s.decode.by_result.size(); ++i) {
      if (!s.decode.by_result[i]) continue;
      fmt::format_to(o, " {} {}", capture::DecodeResultName(static_cast<capture::DecodeResult>(i)),
                     s.decode.by_result[i]);
    }
  }
  out->push_back('\n');
}

}  // namespace

TableRow MakeTableRow(const Conversation& c) {
  TableRow row;
  row.id = c.id;
  row.tcp = c.transport == capture::Transport::kTcp;
  row.guessed = Guessed(c);
  row.originator = c.orig;
  row.responder = c.resp;
  row.history = c.history;
  row.state = c.conn_state;
  const capture::DirectionFacts& o = c.from(Direction::kOrig);
  const capture::DirectionFacts& r = c.from(Direction::kResp);
  row.orig_packets = o.packets;
  row.orig_bytes = o.payload_bytes;
  row.resp_packets = r.packets;
  row.resp_bytes = r.payload_bytes;
  row.duration = c.duration_seconds();
  return row;
}

ConversationTable::ConversationTable(std::ostream& out) : out_(out) { text_.reserve(kFlushBytes + 4096); }

void ConversationTable::Add(TableRow row) {
  ++rows_;
  tcp_rows_ += row.tcp;
  any_guessed_ |= row.guessed;
  if (header_written_) {
    WriteRow(row);
    return FlushIfFull();
  }
  held_.push_back(std::move(row));
  if (held_.size() >= kWidthRows) WriteHeaderAndHeld();
}

void ConversationTable::WriteHeaderAndHeld() {
  for (const TableRow& r : held_) {
    // The originator's cell may carry the '*' of a guess; the width is the address's.
    orig_width_ = std::max(orig_width_, EndpointWidth(r.originator));
    resp_width_ = std::max(resp_width_, EndpointWidth(r.responder));
    history_width_ = std::max(history_width_, r.history.size());
  }
  fmt::format_to(std::back_inserter(text_),
                 "{:>4}  {:<5} {:<{}}  {:<{}}  {:<{}}  {:<6} {:>14} {:>14} {:>10}\n", "#", "proto",
                 "originator", orig_width_ + 1, "responder", resp_width_, "history", history_width_, "state",
                 "orig pkts/B", "resp pkts/B", "duration");
  header_written_ = true;
  for (const TableRow& r : held_) {
    WriteRow(r);
    FlushIfFull();
  }
  held_.clear();
  held_.shrink_to_fit();
}

// What "{:>4}  {:<5} {:<W}  {:<W}  {:<W}  {:<6} {:>14} {:>14} {:>9.6f}s\n"
// wrote, appended piece by piece.
void ConversationTable::WriteRow(const TableRow& r) {
  char id[kMaxUnsignedDigits];
  const auto id_size = static_cast<std::size_t>(PutUnsigned(id, r.id) - id);
  if (id_size < 4) text_.append(4 - id_size, ' ');
  text_.append(id, id_size);
  text_.append(r.tcp ? "  tcp   " : "  udp   ");
  std::size_t start = text_.size();
  AppendEndpoint(r.originator, &text_);
  if (r.guessed) text_.push_back('*');
  PadRight(text_.size() - start, orig_width_ + 1, &text_);
  text_.append("  ");
  start = text_.size();
  AppendEndpoint(r.responder, &text_);
  PadRight(text_.size() - start, resp_width_, &text_);
  text_.append("  ");
  AppendLeft(r.history, history_width_, &text_);
  text_.append("  ");
  AppendLeft(r.state, 6, &text_);
  text_.push_back(' ');
  AppendTraffic(r.orig_packets, r.orig_bytes, &text_);
  text_.push_back(' ');
  AppendTraffic(r.resp_packets, r.resp_bytes, &text_);
  text_.push_back(' ');
  start = text_.size();
  AppendFixed6(r.duration, &text_);
  const std::size_t duration_size = text_.size() - start;
  if (duration_size < 9) text_.insert(start, 9 - duration_size, ' ');
  text_.append("s\n");
}

void ConversationTable::FlushIfFull() {
  if (text_.size() < kFlushBytes) return;
  out_.write(text_.data(), static_cast<std::streamsize>(text_.size()));
  text_.clear();
}

void ConversationTable::Finish(const capture::TraceStats& stats) {
  if (!header_written_) WriteHeaderAndHeld();
  if (any_guessed_) {
    text_.append(
        "   * no SYN seen (the capture starts mid-stream): the originator is guessed by\n"
        "     Zeek's rule: the side on a likely server port is the responder; otherwise\n"
        "     the sender of the first packet is the originator.\n");
  }
  WriteSummary(stats, rows_, tcp_rows_, &text_);
  out_.write(text_.data(), static_cast<std::streamsize>(text_.size()));
  text_.clear();
  out_.flush();
}

void WriteConversationTable(const capture::Trace& trace, std::ostream& out) {
  ConversationTable table(out);
  for (const Conversation& c : trace.conversations) table.Add(MakeTableRow(c));
  table.Finish(trace.stats);
}

}  // namespace wirecheck
