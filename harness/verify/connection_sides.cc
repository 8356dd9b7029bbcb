#include "harness/verify/connection_sides.h"

#include <algorithm>
#include <set>
#include <vector>

#include "harness/model/text_match.h"
#include "harness/verify/wire_sides.h"
#include "reports/escape.h"

namespace wirecheck {
namespace {

using capture::Conversation;
using capture::DirectionFacts;
using capture::Direction;
using capture::Endpoint;

const Endpoint& EndpointOf(const Conversation& c, Direction d) { return d == Direction::kOrig ? c.orig : c.resp; }

// The packets `host` sent in `trace`, by number in capture order: the
// wire's numbering of that way (#N is the Nth), when the capture holds as
// many as the wire read; empty otherwise (a packet the capture lost, or one
// past its records, would shift every number after it).
std::vector<std::uint64_t> WireNumbering(const capture::Trace& trace, const capture::IpAddress& host,
                                         std::optional<std::uint64_t> wire_read) {
  if (!wire_read) return {};
  std::vector<std::uint64_t> sent;
  for (const Conversation& c : trace.conversations) {
    for (const capture::PacketRecord& p : c.packets) {
      if (EndpointOf(c, p.dir).addr == host) sent.push_back(p.number);
    }
  }
  if (sent.size() != *wire_read) return {};
  std::sort(sent.begin(), sent.end());
  return sent;
}

// The connection on both sides of the wire, and the wire's drops of its
// packets each way.
struct BothSides {
  const VerifyContext& ctx;
  const ClientSideOfWire& side;
  ServedConnection server;  // on ctx.trace
  ServedConnection client;  // on side.trace

  // Its packets `sender` sent, as numbered in `trace` (the sending host's
  // capture), that the wire dropped; every drop that way where the wire's
  // numbering cannot be matched to that capture.
  std::string Drops(WireWay way, const capture::Trace& trace, const ServedConnection& sc, Direction sender) const {
    const Conversation& c = *sc.conversation;
    const std::vector<std::uint64_t> numbering =
        WireNumbering(trace, EndpointOf(c, sender).addr,
                      way == WireWay::kToServer ? side.wire_packets_to_server : side.wire_packets_to_client);
    if (numbering.empty()) return WireDropsText(side, way);
    std::set<std::uint64_t> mine;
    for (const capture::PacketRecord& p : c.packets) {
      if (p.dir == sender) mine.insert(p.number);
    }
    return WireDropsText(side, way, [&](std::uint64_t n) {
      return n >= 1 && n <= numbering.size() && mine.count(numbering[n - 1]) > 0;
    });
  }
  std::string ToServerDrops() const { return Drops(WireWay::kToServer, *side.trace, client, client.client); }
  std::string ToClientDrops() const { return Drops(WireWay::kToClient, ctx.trace, server, server.server()); }

  const DirectionFacts& ServerSaw(bool from_client) const {
    return server.conversation->from(from_client ? server.client : server.server());
  }
  const DirectionFacts& ClientSaw(bool from_client) const {
    return client.conversation->from(from_client ? client.client : client.server());
  }
};

// The server's side has the SYN and its SYN-ACK but no ACK of it.
std::string HandshakeText(const BothSides& b) {
  const capture::Handshake& s = b.server.conversation->handshake;
  const capture::Handshake& c = b.client.conversation->handshake;
  if (b.server.client != Direction::kOrig || s.syn_packet == 0 || s.syn_ack_packet == 0 || s.ack_packet != 0) return {};
  if (c.ack_packet != 0) return "the client sent the ACK" + SeenOnTheClientSideText(b.side, b.ToServerDrops());
  if (c.syn_ack_packet == 0) {
    return "the client never received the SYN-ACK" + SeenOnTheClientSideText(b.side, b.ToClientDrops());
  }
  return {};
}

// The client's stream as the client sent it, where the server received
// another (the server's reply answers what it received).
std::string BytesText(const BothSides& b) {
  const DirectionFacts& s = b.ServerSaw(true);
  const DirectionFacts& c = b.ClientSaw(true);
  if (s.stream_bytes == c.stream_bytes && s.data == c.data && s.gaps.size() == c.gaps.size() &&
      s.syn_seen == c.syn_seen) {
    return {};
  }
  return "the client sent " + std::to_string(c.stream_bytes) + " bytes: \"" +
         reports::EscapedPreview(c.data, kPreviewBytes, c.stream_bytes) + "\"" +
         SeenOnTheClientSideText(b.side, b.ToServerDrops());
}

// "a FIN and an RST" of one side that only the sending side's capture has.
std::string OnlySeenBySender(const DirectionFacts& sender_saw, const DirectionFacts& receiver_saw,
                             std::string_view fin, std::string_view rst) {
  const bool lost_fin = sender_saw.fin_packet != 0 && receiver_saw.fin_packet == 0;
  const bool lost_rst = sender_saw.rst_packet != 0 && receiver_saw.rst_packet == 0;
  if (lost_fin && lost_rst) return std::string(fin) + " and " + std::string(rst);
  return std::string(lost_fin ? fin : lost_rst ? rst : "");
}

// The client's FIN or RST the server never saw; the server's the client never did.
std::string CloseText(const BothSides& b) {
  std::string text;
  if (const std::string sent = OnlySeenBySender(b.ClientSaw(true), b.ServerSaw(true), "a FIN", "an RST");
      !sent.empty()) {
    text = "the client sent " + sent + SeenOnTheClientSideText(b.side, b.ToServerDrops());
  }
  if (const std::string missed =
          OnlySeenBySender(b.ServerSaw(false), b.ClientSaw(false), "the server's FIN", "the server's RST");
      !missed.empty()) {
    text += (text.empty() ? "" : "; ") + std::string("the client never received ") + missed +
            SeenOnTheClientSideText(b.side, b.ToClientDrops());
  }
  return text;
}

// Zeek's history and state as the client's side saw them, where they differ
// (a packet the wire dropped is a retransmission on one side only).
std::string HistoryText(const BothSides& b) {
  const Conversation& s = *b.server.conversation;
  const Conversation& c = *b.client.conversation;
  if (s.history == c.history && s.conn_state == c.conn_state) return {};
  std::string text = "history \"" + c.history + "\", conn_state " + c.conn_state +
                     " (seen on the client's side of the wire)";
  std::string drops = b.ToServerDrops();
  if (const std::string to_client = b.ToClientDrops(); !to_client.empty()) {
    drops += (drops.empty() ? "" : ", ") + to_client;
  }
  if (!drops.empty()) text += ", lost on the wire: " + drops;
  return text;
}

}  // namespace

std::optional<ServedConnection> OnTheClientSide(const VerifyContext& ctx, const ServedConnection& server_side) {
  if (ctx.run == nullptr || !ctx.run->client_side) return std::nullopt;
  const Conversation& s = *server_side.conversation;
  const Endpoint& client = EndpointOf(s, server_side.client);
  const Endpoint& server = EndpointOf(s, server_side.server());
  const DirectionFacts& sent = s.from(server_side.client);
  std::optional<ServedConnection> nearest;
  capture::Timestamp nearest_gap{};
  for (const Conversation& c : ctx.run->client_side->trace->conversations) {
    if (c.transport != capture::Transport::kTcp) continue;
    Direction d = Direction::kOrig;
    if (c.orig == client && c.resp == server) {
      d = Direction::kOrig;
    } else if (c.resp == client && c.orig == server) {
      d = Direction::kResp;
    } else {
      continue;
    }
    const DirectionFacts& other = c.from(d);
    if (sent.syn_seen && other.syn_seen) {
      if (sent.isn == other.isn) return ServedConnection{&c, d};
      continue;
    }
    const capture::Timestamp gap = c.first_ts > s.first_ts ? c.first_ts - s.first_ts : s.first_ts - c.first_ts;
    if (!nearest || gap < nearest_gap) {
      nearest = ServedConnection{&c, d};
      nearest_gap = gap;
    }
  }
  return nearest;
}

std::string ConnectionSidesText(const VerifyContext& ctx, ConnectionPart part, const ServedConnection& server_side) {
  if (part == ConnectionPart::kNone || ctx.run == nullptr || !ctx.run->client_side) return {};
  const std::optional<ServedConnection> client = OnTheClientSide(ctx, server_side);
  if (!client) return "the client's side of the wire saw no connection with its 4-tuple";
  const BothSides b{ctx, *ctx.run->client_side, server_side, *client};
  switch (part) {
    case ConnectionPart::kNone: return {};
    case ConnectionPart::kHandshake: return HandshakeText(b);
    case ConnectionPart::kBytes: return BytesText(b);
    case ConnectionPart::kClose: return CloseText(b);
    case ConnectionPart::kHistory: return HistoryText(b);
  }
  return {};
}

}  // namespace wirecheck
