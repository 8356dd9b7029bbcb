#include "harness/show/conversation_table.h"

#include <fmt/format.h>

#include <algorithm>

namespace wirecheck {

using capture::Conversation;
using capture::Direction;

namespace {

std::string EndpointText(const capture::Endpoint& e) {
  if (e.addr.is_v6()) return fmt::format("[{}]:{}", e.addr.ToString(), e.port);
  return fmt::format("{}:{}", e.addr.ToString(), e.port);
}

std::string Traffic(const capture::DirectionFacts& f) { return fmt::format("{}/{}", f.packets, f.payload_bytes); }

bool Guessed(const Conversation& c) {
  return c.originator_rule == capture::OriginatorRule::kFirstPacket ||
         c.originator_rule == capture::OriginatorRule::kServerPort;
}

void WriteSummary(const capture::TraceStats& s, std::size_t n, std::size_t tcp, std::ostream& out) {
  out << fmt::format("{} packet{}", s.packets, s.packets == 1 ? "" : "s");
  if (s.tunnel_payloads) out << fmt::format(" (and {} inside UDP tunnels)", s.tunnel_payloads);
  out << fmt::format(", {} conversation{} ({} TCP, {} UDP)", n, n == 1 ? "" : "s", tcp, n - tcp);
  const std::uint64_t skipped = s.decode.skipped();
  if (skipped) {
    out << fmt::format(", {} packets not TCP/UDP or not decodable:", skipped);
    for (std::size_t i = 1; i < s.decode.by_result.size(); ++i) {
      if (!s.decode.by_result[i]) continue;
      out << fmt::format(" {} {}", capture::DecodeResultName(static_cast<capture::DecodeResult>(i)),
                         s.decode.by_result[i]);
    }
  }
  out << '\n';
}

}  // namespace

TableRow MakeTableRow(const Conversation& c) {
  TableRow row;
  row.id = c.id;
  row.tcp = c.transport == capture::Transport::kTcp;
  row.guessed = Guessed(c);
  row.originator = EndpointText(c.orig) + (row.guessed ? "*" : "");
  row.responder = EndpointText(c.resp);
  row.history = c.history;
  row.state = c.conn_state;
  row.orig_traffic = Traffic(c.from(Direction::kOrig));
  row.resp_traffic = Traffic(c.from(Direction::kResp));
  row.duration = c.duration_seconds();
  return row;
}

void ConversationTable::Add(TableRow row) {
  ++rows_;
  tcp_rows_ += row.tcp;
  any_guessed_ |= row.guessed;
  if (header_written_) return WriteRow(row);
  held_.push_back(std::move(row));
  if (held_.size() >= kWidthRows) WriteHeaderAndHeld();
}

void ConversationTable::WriteHeaderAndHeld() {
  for (const TableRow& r : held_) {
    // The originator's cell may carry the '*' of a guess; the width is the address's.
    orig_width_ = std::max(orig_width_, r.originator.size() - (r.guessed ? 1 : 0));
    resp_width_ = std::max(resp_width_, r.responder.size());
    history_width_ = std::max(history_width_, r.history.size());
  }
  out_ << fmt::format("{:>4}  {:<5} {:<{}}  {:<{}}  {:<{}}  {:<6} {:>14} {:>14} {:>10}\n", "#", "proto",
                      "originator", orig_width_ + 1, "responder", resp_width_, "history", history_width_, "state",
                      "orig pkts/B", "resp pkts/B", "duration");
  header_written_ = true;
  for (const TableRow& r : held_) WriteRow(r);
  held_.clear();
  held_.shrink_to_fit();
}

void ConversationTable::WriteRow(const TableRow& r) {
  out_ << fmt::format("{:>4}  {:<5} {:<{}}  {:<{}}  {:<{}}  {:<6} {:>14} {:>14} {:>9.6f}s\n", r.id,
                      r.tcp ? "tcp" : "udp", r.originator, orig_width_ + 1, r.responder, resp_width_, r.history,
                      history_width_, r.state, r.orig_traffic, r.resp_traffic, r.duration);
}

void ConversationTable::Finish(const capture::TraceStats& stats) {
  if (!header_written_) WriteHeaderAndHeld();
  if (any_guessed_) {
    out_ << "   * no SYN seen (the capture starts mid-stream): the originator is guessed by\n"
            "     Zeek's rule: the side on a likely server port is the responder; otherwise\n"
            "     the sender of the first packet is the originator.\n";
  }
  WriteSummary(stats, rows_, tcp_rows_, out_);
}

void WriteConversationTable(const capture::Trace& trace, std::ostream& out) {
  ConversationTable table(out);
  for (const Conversation& c : trace.conversations) table.Add(MakeTableRow(c));
  table.Finish(trace.stats);
}

}  // namespace wirecheck
