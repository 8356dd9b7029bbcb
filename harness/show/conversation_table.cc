#include "harness/show/conversation_table.h"

#include <fmt/format.h>

#include <string>

#include "harness/show/conversation_text.h"

namespace wirecheck {

using capture::Conversation;
using capture::Direction;

namespace {

std::string EndpointText(const capture::Endpoint& e) {
  if (e.addr.is_v6()) return fmt::format("[{}]:{}", e.addr.ToString(), e.port);
  return fmt::format("{}:{}", e.addr.ToString(), e.port);
}

std::string Traffic(const capture::DirectionFacts& f) {
  return fmt::format("{}/{}", f.packets, f.payload_bytes);
}

bool Guessed(const Conversation& c) {
  return c.originator_rule == capture::OriginatorRule::kFirstPacket ||
         c.originator_rule == capture::OriginatorRule::kServerPort;
}

void WriteSummary(const capture::Trace& trace, std::ostream& out) {
  const capture::TraceStats& s = trace.stats;
  std::size_t tcp = 0;
  for (const Conversation& c : trace.conversations) tcp += c.transport == capture::Transport::kTcp;
  const std::size_t n = trace.conversations.size();
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

void WriteConversationTable(const capture::Trace& trace, std::ostream& out) {
  std::size_t orig_width = 12, resp_width = 12, history_width = 7;
  for (const Conversation& c : trace.conversations) {
    orig_width = std::max(orig_width, EndpointText(c.orig).size());
    resp_width = std::max(resp_width, EndpointText(c.resp).size());
    history_width = std::max(history_width, c.history.size());
  }
  out << fmt::format("{:>4}  {:<5} {:<{}}  {:<{}}  {:<{}}  {:<6} {:>14} {:>14} {:>10}\n", "#",
                     "proto", "originator", orig_width + 1, "responder", resp_width, "history",
                     history_width, "state", "orig pkts/B", "resp pkts/B", "duration");
  bool any_guessed = false;
  for (const Conversation& c : trace.conversations) {
    const bool guessed = Guessed(c);
    any_guessed |= guessed;
    out << fmt::format("{:>4}  {:<5} {:<{}}  {:<{}}  {:<{}}  {:<6} {:>14} {:>14} {:>9.6f}s\n", c.id,
                       c.transport == capture::Transport::kTcp ? "tcp" : "udp",
                       EndpointText(c.orig) + (guessed ? "*" : ""), orig_width + 1,
                       EndpointText(c.resp), resp_width, c.history, history_width, c.conn_state,
                       Traffic(c.from(Direction::kOrig)), Traffic(c.from(Direction::kResp)),
                       c.duration_seconds());
  }
  if (any_guessed) {
    out << "   * no SYN seen (the capture starts mid-stream): the originator is guessed by\n"
           "     Zeek's rule: the side on a likely server port is the responder; otherwise\n"
           "     the sender of the first packet is the originator.\n";
  }
  WriteSummary(trace, out);
}

}  // namespace wirecheck
