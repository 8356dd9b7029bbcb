#include "harness/show/conversation_json.h"

#include <chrono>
#include <cmath>
#include <string>

#include "harness/show/conversation_text.h"

namespace wirecheck {

using capture::Conversation;
using capture::Direction;
using capture::DirectionFacts;
using nlohmann::ordered_json;

namespace {

double Seconds(capture::Timestamp ts) {
  return std::chrono::duration<double>(ts).count();
}

/// Rounds to microseconds, as conn.log prints times.
double Micro(double seconds) { return std::round(seconds * 1e6) / 1e6; }

ordered_json SideJson(const Conversation& c, Direction d) {
  const DirectionFacts& f = c.from(d);
  ordered_json j;
  j["packets"] = f.packets;
  j["payload_bytes"] = f.payload_bytes;
  j["stream_bytes"] = f.stream_bytes;
  if (c.transport == capture::Transport::kUdp) {
    j["datagrams"] = f.datagrams.size();
    return j;
  }
  if (f.syn_seen) {
    j["isn"] = f.isn;
    if (f.syn_options.mss) j["mss"] = f.syn_options.mss;
    if (f.syn_options.window_scale >= 0) j["window_scale"] = f.syn_options.window_scale;
    j["sack_permitted"] = f.syn_options.sack_permitted;
    j["timestamps"] = f.syn_options.has_timestamps;
  }
  if (f.fin_packet) j["fin_packet"] = f.fin_packet;
  if (f.rst_packet) j["rst_packet"] = f.rst_packet;
  j["retransmissions"] = f.retransmissions;
  j["out_of_order"] = f.out_of_order;
  j["overlaps"] = f.overlaps;
  j["zero_windows"] = f.zero_windows;
  std::uint64_t gap_bytes = 0;
  for (const auto& g : f.gaps) gap_bytes += g.length;
  j["gap_bytes"] = gap_bytes;
  ordered_json states = ordered_json::array();
  for (capture::TcpState s : f.states) states.push_back(std::string(capture::TcpStateName(s)));
  j["states"] = states;
  return j;
}

/// Zeek's tunnel_parents: the uids of the tunnels the conversation came
/// through.
ordered_json TunnelParentsJson(const Conversation& c) {
  ordered_json uids = ordered_json::array();
  for (std::uint64_t id : c.tunnel_parents) uids.push_back("C" + std::to_string(id));
  return uids;
}

ordered_json HandshakeJson(const Conversation& c) {
  const capture::Handshake& h = c.handshake;
  ordered_json j;
  j["complete"] = h.complete();
  if (h.syn_packet) j["syn_packet"] = h.syn_packet;
  if (h.syn_ack_packet) j["syn_ack_packet"] = h.syn_ack_packet;
  if (h.ack_packet) j["ack_packet"] = h.ack_packet;
  if (h.complete()) j["rtt"] = Micro(Seconds(h.ack_ts - h.syn_ts));
  j["data_before_complete"] = h.data_before_complete;
  return j;
}

}  // namespace

ordered_json ConversationToJson(const Conversation& c) {
  const DirectionFacts& o = c.from(Direction::kOrig);
  const DirectionFacts& r = c.from(Direction::kResp);
  ordered_json j;
  j["ts"] = Micro(Seconds(c.first_ts));
  j["uid"] = "C" + std::to_string(c.id);
  j["proto"] = c.transport == capture::Transport::kTcp ? "tcp" : "udp";
  j["orig_h"] = c.orig.addr.ToString();
  j["orig_p"] = c.orig.port;
  j["resp_h"] = c.resp.addr.ToString();
  j["resp_p"] = c.resp.port;
  j["duration"] = Micro(c.duration_seconds());
  j["orig_bytes"] = o.zeek_bytes;
  j["resp_bytes"] = r.zeek_bytes;
  j["conn_state"] = c.conn_state;
  j["missed_bytes"] = c.missed_bytes;
  j["history"] = c.history;
  j["orig_pkts"] = o.packets;
  j["orig_ip_bytes"] = o.ip_bytes;
  j["resp_pkts"] = r.packets;
  j["resp_ip_bytes"] = r.ip_bytes;
  // Zeek's JSON logs leave an empty set out.
  if (!c.tunnel_parents.empty()) j["tunnel_parents"] = TunnelParentsJson(c);
  j["orig_payload_bytes"] = o.payload_bytes;
  j["resp_payload_bytes"] = r.payload_bytes;
  j["originator"] = std::string(OriginatorRuleName(c.originator_rule));
  if (c.ip_fragments) j["ip_fragments"] = c.ip_fragments;
  if (c.transport == capture::Transport::kTcp) {
    j["handshake"] = HandshakeJson(c);
    j["first_fin"] = c.first_fin ? ordered_json(DirectionName(*c.first_fin)) : ordered_json();
    j["first_rst"] = c.first_rst ? ordered_json(DirectionName(*c.first_rst)) : ordered_json();
    j["simultaneous_close"] = c.simultaneous_close;
  }
  j["orig"] = SideJson(c, Direction::kOrig);
  j["resp"] = SideJson(c, Direction::kResp);
  return j;
}

}  // namespace wirecheck
