#include "harness/show/conversation_json.h"

#include <chrono>
#include <cmath>

#include "harness/show/conversation_text.h"
#include "harness/show/json_line.h"
#include "harness/show/number_text.h"

namespace wirecheck {

using capture::Conversation;
using capture::Direction;
using capture::DirectionFacts;

namespace {

double Seconds(capture::Timestamp ts) { return std::chrono::duration<double>(ts).count(); }

/// Rounds to microseconds, as conn.log prints times.
double Micro(double seconds) { return std::round(seconds * 1e6) / 1e6; }

void StatesArray(JsonLine& j, const DirectionFacts& f) {
  j.BeginArray("states");
  for (capture::TcpState state : f.states) j.ArrayString(capture::TcpStateName(state));
  j.EndArray();
}

/// "C12": Zeek's uid form of a conversation id.
struct Uid {
  explicit Uid(std::uint64_t id) : size(static_cast<std::size_t>(PutUnsigned(text + 1, id) - text)) {}
  std::string_view view() const { return {text, size}; }
  char text[1 + kMaxUnsignedDigits] = {'C'};
  std::size_t size;
};

void WriteSide(JsonLine& j, std::string_view key, const Conversation& c, Direction d) {
  const DirectionFacts& f = c.from(d);
  j.Begin(key);
  j.Field("packets", f.packets);
  j.Field("payload_bytes", f.payload_bytes);
  j.Field("stream_bytes", f.stream_bytes);
  if (c.transport == capture::Transport::kUdp) {
    j.Field("datagrams", std::uint64_t{f.datagrams.size()});
    return j.End();
  }
  if (f.syn_seen) {
    j.Field("isn", std::uint64_t{f.isn});
    if (f.syn_options.mss) j.Field("mss", std::uint64_t{f.syn_options.mss});
    if (f.syn_options.window_scale >= 0) j.Field("window_scale", static_cast<std::uint64_t>(f.syn_options.window_scale));
    j.Field("sack_permitted", f.syn_options.sack_permitted);
    j.Field("timestamps", f.syn_options.has_timestamps);
  }
  if (f.fin_packet) j.Field("fin_packet", f.fin_packet);
  if (f.rst_packet) j.Field("rst_packet", f.rst_packet);
  j.Field("retransmissions", f.retransmissions);
  j.Field("out_of_order", f.out_of_order);
  j.Field("overlaps", f.overlaps);
  j.Field("zero_windows", f.zero_windows);
  std::uint64_t gap_bytes = 0;
  for (const auto& g : f.gaps) gap_bytes += g.length;
  j.Field("gap_bytes", gap_bytes);
  StatesArray(j, f);
  j.End();
}

void WriteHandshake(JsonLine& j, const Conversation& c) {
  const capture::Handshake& h = c.handshake;
  j.Begin("handshake");
  j.Field("complete", h.complete());
  if (h.syn_packet) j.Field("syn_packet", h.syn_packet);
  if (h.syn_ack_packet) j.Field("syn_ack_packet", h.syn_ack_packet);
  if (h.ack_packet) j.Field("ack_packet", h.ack_packet);
  if (h.complete()) j.Number("rtt", Micro(Seconds(h.ack_ts - h.syn_ts)));
  j.Field("data_before_complete", h.data_before_complete);
  j.End();
}

void FieldOrNull(JsonLine& j, std::string_view key, const std::optional<Direction>& d) {
  if (d) {
    j.Field(key, DirectionName(*d));
  } else {
    j.Null(key);
  }
}

}  // namespace

void AppendConversationJson(const Conversation& c, std::string* line) {
  const DirectionFacts& o = c.from(Direction::kOrig);
  const DirectionFacts& r = c.from(Direction::kResp);
  JsonLine j(line);
  j.Number("ts", Micro(Seconds(c.first_ts)));
  j.Field("uid", Uid(c.id).view());
  j.Field("proto", c.transport == capture::Transport::kTcp ? "tcp" : "udp");
  j.Field("orig_h", c.orig.addr.ToString());
  j.Field("orig_p", std::uint64_t{c.orig.port});
  j.Field("resp_h", c.resp.addr.ToString());
  j.Field("resp_p", std::uint64_t{c.resp.port});
  j.Number("duration", Micro(c.duration_seconds()));
  j.Field("orig_bytes", o.zeek_bytes);
  j.Field("resp_bytes", r.zeek_bytes);
  j.Field("conn_state", c.conn_state);
  j.Field("missed_bytes", c.missed_bytes);
  j.Field("history", c.history);
  j.Field("orig_pkts", o.packets);
  j.Field("orig_ip_bytes", o.ip_bytes);
  j.Field("resp_pkts", r.packets);
  j.Field("resp_ip_bytes", r.ip_bytes);
  // Zeek's tunnel_parents: the uids of the tunnels the conversation came
  // through. Zeek's JSON logs leave an empty set out.
  if (!c.tunnel_parents.empty()) {
    j.BeginArray("tunnel_parents");
    for (std::uint64_t id : c.tunnel_parents) j.ArrayString(Uid(id).view());
    j.EndArray();
  }
  j.Field("orig_payload_bytes", o.payload_bytes);
  j.Field("resp_payload_bytes", r.payload_bytes);
  j.Field("originator", OriginatorRuleName(c.originator_rule));
  if (c.ip_fragments) j.Field("ip_fragments", c.ip_fragments);
  if (c.transport == capture::Transport::kTcp) {
    WriteHandshake(j, c);
    FieldOrNull(j, "first_fin", c.first_fin);
    FieldOrNull(j, "first_rst", c.first_rst);
    j.Field("simultaneous_close", c.simultaneous_close);
  }
  WriteSide(j, "orig", c, Direction::kOrig);
  WriteSide(j, "resp", c, Direction::kResp);
  j.Close();
}

}  // namespace wirecheck
