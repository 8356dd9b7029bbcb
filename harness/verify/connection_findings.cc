#include "harness/verify/connection_findings.h"

#include <algorithm>

#include "harness/model/pattern.h"
#include "harness/verify/hints.h"
#include "reports/escape.h"

namespace wirecheck::connection_findings {
namespace {

using capture::Conversation;
using capture::Direction;
using reports::CheckStatus;


std::string_view SideName(const ServedConnection& sc, Direction d) {
  return d == sc.client ? "client" : "server";
}

bool IsSide(const ServedConnection& sc, Direction d, Side side) {
  return side == Side::kEither || (side == Side::kClient) == (d == sc.client);
}

std::string PacketText(std::uint64_t number) { return "#" + std::to_string(number); }

std::uint16_t PortOf(const ServedConnection& sc, Direction d) {
  return d == Direction::kOrig ? sc.conversation->orig.port : sc.conversation->resp.port;
}

// The first data packet of `side` carrying stream byte `offset`, else its last data packet.
std::uint64_t PacketAtOffset(const Conversation& c, Direction side, std::uint64_t offset) {
  const capture::DirectionFacts& from = c.from(side);
  std::uint64_t last = 0;
  for (const capture::PacketRecord& p : c.packets) {
    if (p.dir != side || p.payload_length == 0) continue;
    const std::uint64_t start = from.syn_seen ? std::uint64_t{p.rel_seq} - 1 : p.rel_seq;
    if (offset >= start && offset < start + p.payload_length) return p.number;
    last = p.number;
  }
  if (last == 0 && from.fin_packet != 0) return from.fin_packet;
  return last;
}

// The side's SYN and FIN were seen where its stream begins and ends: no byte
// between them is missing.
bool StreamEndConfirmed(const Conversation& c, Direction side) {
  const capture::DirectionFacts& from = c.from(side);
  if (!from.syn_seen || from.fin_packet == 0 || !from.gaps.empty() || from.data_truncated) return false;
  for (const capture::PacketRecord& p : c.packets) {
    if (p.number != from.fin_packet) continue;
    const std::uint64_t end = (from.syn_seen ? std::uint64_t{p.rel_seq} - 1 : p.rel_seq) + p.payload_length;
    return end == from.stream_bytes;
  }
  return false;
}

std::uint64_t FinOf(const ServedConnection& sc, Direction d) { return sc.conversation->from(d).fin_packet; }

std::uint64_t RstOf(const ServedConnection& sc, Direction d) { return sc.conversation->from(d).rst_packet; }

// The first RST of the connection, from either side (0: none).
std::pair<std::uint64_t, Direction> FirstRst(const ServedConnection& sc) {
  const std::uint64_t c = RstOf(sc, sc.client), s = RstOf(sc, sc.server());
  if (c != 0 && (s == 0 || c < s)) return {c, sc.client};
  return {s, sc.server()};
}

}  // namespace

std::string_view SideName(Side side) {
  switch (side) {
    case Side::kClient: return "client";
    case Side::kServer: return "server";
    case Side::kEither: return "either side";
  }
  return "";
}

Finding HandshakeComplete(const ServedConnection& sc) {
  const Conversation& c = *sc.conversation;
  const capture::Handshake& h = c.handshake;
  if (sc.client != Direction::kOrig || h.syn_packet == 0) {
    return Undecided("no SYN from the client was captured: the capture began after the connection opened");
  }
  Finding f;
  const capture::DirectionFacts& server = c.from(sc.server());
  if (h.syn_ack_packet == 0 && server.rst_packet != 0) {
    f = Failed("the SYN was answered by an RST " + PacketText(server.rst_packet) + ": the connection was refused",
               hints::kRefused, false, "SYN " + PacketText(h.syn_packet) + ", then RST");
    f.packets = {h.syn_packet, server.rst_packet};
  } else if (h.syn_ack_packet == 0) {
    f = Failed("the SYN " + PacketText(h.syn_packet) + " was never answered by a SYN-ACK",
               hints::kHandshakeIncomplete, true, "SYN only");
    f.packets = {h.syn_packet};
  } else if (h.ack_packet == 0) {
    f = Failed("the client never acknowledged the SYN-ACK " + PacketText(h.syn_ack_packet),
               hints::kHandshakeIncomplete, true, "SYN, SYN-ACK, no ACK");
    f.packets = {h.syn_packet, h.syn_ack_packet};
  } else if (!(h.syn_packet < h.syn_ack_packet && h.syn_ack_packet < h.ack_packet)) {
    f = Failed("the handshake packets came out of order", hints::kHandshakeIncomplete, false);
    f.packets = {h.syn_packet, h.syn_ack_packet, h.ack_packet};
  } else if (h.data_before_complete) {
    f = Failed("data was sent before the handshake completed", hints::kDataBeforeHandshake, false);
    f.packets = {h.syn_packet, h.syn_ack_packet, h.ack_packet};
  } else {
    f = Passed("SYN " + PacketText(h.syn_packet) + ", SYN-ACK " + PacketText(h.syn_ack_packet) + ", ACK " +
               PacketText(h.ack_packet) + ", before any data");
    f.on_absence = false;  // the three packets were seen, in order
    f.packets = {h.syn_packet, h.syn_ack_packet, h.ack_packet};
  }
  return f;
}

Finding HandshakeRefused(const ServedConnection& sc) {
  const Conversation& c = *sc.conversation;
  const capture::Handshake& h = c.handshake;
  const capture::DirectionFacts& server = c.from(sc.server());
  if (sc.client != Direction::kOrig || h.syn_packet == 0) {
    return Undecided("no SYN from the client was captured: the capture began after the connection opened");
  }
  Finding f;
  if (h.syn_ack_packet != 0) {
    f = Failed("the SYN was answered by a SYN-ACK " + PacketText(h.syn_ack_packet) + ": the connection was accepted",
               hints::kRefusedButAccepted, false);
    f.packets = {h.syn_packet, h.syn_ack_packet};
  } else if (server.rst_packet != 0) {
    f = Passed("the SYN " + PacketText(h.syn_packet) + " was answered by an RST " + PacketText(server.rst_packet));
    f.packets = {h.syn_packet, server.rst_packet};
  } else {
    f = Failed("the SYN " + PacketText(h.syn_packet) + " was never answered", hints::kHandshakeIncomplete, true);
    f.packets = {h.syn_packet};
  }
  return f;
}

Finding ServerPort(const VerifyContext& ctx, int expected, const ServedConnection& sc) {
  // The scenario's own port stands for the port the run used ({port}).
  const int wanted = expected == ctx.scenario.server.port ? ctx.server_port : expected;
  const int port = PortOf(sc, sc.server());
  if (port == wanted) {
    Finding f = Passed("the server's port is " + std::to_string(port));
    f.on_absence = false;
    return f;
  }
  return Failed("the server's port is " + std::to_string(port) + ", not " + std::to_string(wanted),
                hints::kWrongServerPort, false);
}

Finding ClientPort(const VerifyContext& ctx, const ConnectionExpect::PortRange& range, const ServedConnection& sc) {
  const int port = PortOf(sc, sc.client);
  const std::string text = std::to_string(port);
  if (!range.ephemeral) {
    if (port >= range.from && port <= range.to) {
      Finding f = Passed("the client's port is " + text);
      f.on_absence = false;
      return f;
    }
    return Failed("the client's port " + text + " is outside " + std::to_string(range.from) + "-" +
                      std::to_string(range.to), hints::kClientPortRange, false);
  }
  if (port < 1024) {  // privileged: ephemeral on no system
    return Failed("the client's port " + text + " is a privileged port, not an ephemeral one",
                  hints::kNotEphemeral, false);
  }
  if (ctx.run == nullptr || !ctx.run->ephemeral_ports) {
    Finding f = Undecided("the client's port is " + text + ", but the kernel's ephemeral range is not known" +
                          std::string(ctx.run ? "" : " for a capture taken elsewhere"));
    if (ctx.run == nullptr) f.status = CheckStatus::kNotApplicable;
    return f;
  }
  const PortInterval& eph = *ctx.run->ephemeral_ports;
  const std::string range_text = std::to_string(eph.from) + "-" + std::to_string(eph.to);
  if (eph.Contains(port)) {
    Finding f = Passed("the client's port " + text + " is in the ephemeral range " + range_text);
    f.on_absence = false;
    return f;
  }
  return Failed("the client's port " + text + " is outside the ephemeral range " + range_text,
                hints::kNotEphemeral, false);
}

Finding Sends(const VerifyContext& ctx, const TextMatch& match, Direction side, const ServedConnection& sc) {
  const Conversation& c = *sc.conversation;
  const capture::DirectionFacts& from = c.from(side);
  const std::string who(SideName(sc, side));
  const std::string stream = side == sc.client ? "client to server stream" : "server to client stream";
  // A refused connection carried no byte either way: the refusal is the fault.
  const capture::Handshake& h = c.handshake;
  const capture::DirectionFacts& server = c.from(sc.server());
  if (sc.client == Direction::kOrig && h.syn_packet != 0 && h.syn_ack_packet == 0 && server.rst_packet != 0) {
    Finding f = Failed("the " + who + " sent nothing: the connection was refused (the SYN " + PacketText(h.syn_packet) +
                           " was answered by the RST " + PacketText(server.rst_packet) + ")",
                       hints::kRefused, false, "connection refused");
    f.packets = {h.syn_packet, server.rst_packet};
    return f;
  }
  // Its stream begins at its SYN's sequence number. Without the SYN (lost, or
  // a capture begun mid-stream) the first bytes captured may not be the first
  // it sent: neither a match nor a difference proves anything.
  if (!from.syn_seen) {
    return Undecided("the " + who + "'s bytes cannot be checked: its SYN was not captured, so where its stream "
                     "begins is not known");
  }
  std::string_view head = from.data;
  if (!from.gaps.empty()) head = head.substr(0, std::min<std::uint64_t>(head.size(), from.gaps.front().offset));
  const bool complete =
      from.gaps.empty() && !from.data_truncated && (ctx.capture_complete() || StreamEndConfirmed(c, side));
  const TextMatchResult r = MatchText(match, head, complete);
  const std::string observed = std::to_string(from.stream_bytes) + " bytes: \"" +
                               reports::EscapedPreview(head, kPreviewBytes, from.stream_bytes) + "\"";
  Finding f;
  if (r.verdict == MatchVerdict::kMatch) {
    f = Passed("the " + who + " sent " + observed, observed);
    f.on_absence = false;
  } else if (r.verdict == MatchVerdict::kMismatch) {
    f = Failed("the " + who + "'s bytes: " + r.explanation, hints::ForTextMismatch(r, head), false, observed);
    f.difference = r.difference;
    if (f.difference) f.difference->where = stream;
    const std::uint64_t at = f.difference ? f.difference->offset : 0;
    if (const std::uint64_t n = PacketAtOffset(c, side, at)) f.packets = {n};
  } else {
    std::string why = !from.gaps.empty()      ? "the capture missed bytes " + std::to_string(from.gaps.front().offset) +
                                                    "-" + std::to_string(from.gaps.front().offset + from.gaps.front().length - 1)
                      : from.data_truncated ? "only the first " + std::to_string(from.data.size()) + " bytes were kept"
                                            : "the capture lost packets and the end of the " + who + "'s stream was not seen";
    f = Undecided("the " + who + "'s bytes cannot be checked: " + why + "; " + r.explanation);
    f.observed = observed;
  }
  return f;
}

Finding FirstFin(Side expected, const ServedConnection& sc) {
  const Conversation& c = *sc.conversation;
  if (!c.first_fin) {
    const auto [rst, rst_side] = FirstRst(sc);
    Finding f = rst != 0 ? Failed("no FIN: the " + std::string(SideName(sc, rst_side)) + " reset the connection (RST " +
                                      PacketText(rst) + ")", hints::kRstInsteadOfFin, true, "RST, no FIN")
                         : Failed("no FIN was sent: the connection was still open at the end of the capture",
                                  hints::kNoFin, true, "no FIN");
    if (rst != 0) f.packets = {rst};
    return f;
  }
  const Direction first = *c.first_fin;
  const std::uint64_t fin = FinOf(sc, first);
  const std::string who(SideName(sc, first));
  Finding f = IsSide(sc, first, expected)
                  ? Passed("the first FIN " + PacketText(fin) + " came from the " + who, "first FIN from the " + who)
                  : Failed("the first FIN " + PacketText(fin) + " came from the " + who +
                               (c.simultaneous_close ? " (a simultaneous close)" : ""),
                           hints::kWrongFirstFin, true, "first FIN from the " + who);
  f.packets = {fin};
  return f;
}

Finding Clean(bool clean, const ServedConnection& sc) {
  const auto [rst, rst_side] = FirstRst(sc);
  const std::uint64_t client_fin = FinOf(sc, sc.client), server_fin = FinOf(sc, sc.server());
  Finding f;
  if (rst != 0) {
    const std::string who(SideName(sc, rst_side));
    f = clean ? Failed("the " + who + " reset the connection (RST " + PacketText(rst) + ") instead of closing it (FIN)",
                       hints::kRstInsteadOfFin, false, "RST from the " + who)
              : Passed("the " + who + " reset the connection (RST " + PacketText(rst) + ")", "RST from the " + who);
    f.on_absence = false;
    f.packets = {rst};
  } else if (client_fin == 0 || server_fin == 0) {
    const std::string missing = client_fin == 0 && server_fin == 0 ? "either side" : client_fin == 0 ? "the client" : "the server";
    f = clean ? Failed("no FIN from " + missing + ": the connection did not close", hints::kNoFin, true,
                       "no FIN from " + missing)
              : Passed("no FIN from " + missing, "no FIN from " + missing);
    if (client_fin) f.packets.push_back(client_fin);
    if (server_fin) f.packets.push_back(server_fin);
  } else {
    f = clean ? Passed("a FIN each way (client " + PacketText(client_fin) + ", server " + PacketText(server_fin) + "), no RST",
                       "FIN both ways, no RST")
              : Failed("the connection closed cleanly: a FIN each way, no RST", hints::kNoRst, true,
                       "FIN both ways, no RST");
    f.packets = {std::min(client_fin, server_fin), std::max(client_fin, server_fin)};
  }
  return f;
}

Finding Reset(Side expected, const ServedConnection& sc) {
  for (Direction d : {sc.client, sc.server()}) {
    const std::uint64_t rst = RstOf(sc, d);
    if (rst == 0 || !IsSide(sc, d, expected)) continue;
    Finding f = Passed("the " + std::string(SideName(sc, d)) + " reset the connection (RST " + PacketText(rst) + ")",
                       "RST from the " + std::string(SideName(sc, d)));
    f.on_absence = false;
    f.packets = {rst};
    return f;
  }
  const auto [rst, rst_side] = FirstRst(sc);
  if (rst != 0) {
    Finding f = Failed("the RST " + PacketText(rst) + " came from the " + std::string(SideName(sc, rst_side)) +
                           ", not the " + std::string(SideName(expected)), hints::kNoRst, true);
    f.packets = {rst};
    return f;
  }
  return Failed("no RST from " + std::string(expected == Side::kEither ? "either side" : "the " + std::string(SideName(expected))),
                hints::kNoRst, true, "no RST");
}

Finding History(const std::string& pattern, const ServedConnection& sc) {
  const std::string& history = sc.conversation->history;
  const Pattern* compiled = CompiledPattern(pattern);
  if (compiled == nullptr) return Undecided("the history pattern /" + pattern + "/ does not compile");
  const bool found = compiled->Search(history);
  const std::string text = "history \"" + history + "\"";
  return found ? Passed(text + " matches /" + pattern + "/", text)
               : Failed(text + " does not match /" + pattern + "/", hints::kHistory, true, text);
}

std::string JoinStates(const std::vector<std::string>& states) {
  std::string text;
  for (const std::string& s : states) text += (text.empty() ? "" : ", ") + s;
  return text;
}

Finding ConnState(const std::vector<std::string>& states, const ServedConnection& sc) {
  const std::string& state = sc.conversation->conn_state;
  const std::string text = "conn_state " + state + " (history \"" + sc.conversation->history + "\")";
  if (std::find(states.begin(), states.end(), state) != states.end()) return Passed(text, text);
  return Failed(text + ", expected " + (states.size() == 1 ? "" : "one of ") + JoinStates(states), hints::kHistory,
                true, text);
}

}  // namespace wirecheck::connection_findings
