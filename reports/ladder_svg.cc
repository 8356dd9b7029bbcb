#include "reports/ladder_svg.h"

#include <fmt/format.h>

#include <cmath>

#include "reports/check_text.h"
#include "reports/escape.h"
#include "reports/html_text.h"

namespace wirecheck::reports {
namespace {

// The geometry, in CSS pixels. Rows are evenly spaced; each arrow slopes
// down a little, as time passes while a packet crosses.
constexpr int kWidth = 900;
constexpr int kNumberRight = 44;   // "No." column, right-aligned
constexpr int kTimeRight = 128;    // "Time" column, right-aligned
constexpr int kClientX = 200;
constexpr int kServerX = 740;
constexpr int kLabelX = (kClientX + kServerX) / 2;
constexpr int kSideX = 752;        // phase names and evidence marks
constexpr int kHeader = 56;
constexpr int kRow = 34;
constexpr int kFoldRow = 24;
constexpr std::size_t kLabelChars = 74;  // what fits between the lifelines

bool Has(const LadderPacket& p, std::string_view flag) {
  std::string_view flags = p.flags;
  while (!flags.empty()) {
    const std::size_t comma = flags.find(',');
    if (flags.substr(0, comma) == flag) return true;
    if (comma == std::string_view::npos) break;
    flags.remove_prefix(comma + 1);
  }
  return false;
}

std::string_view PhaseOf(ArrowKind k) {
  switch (k) {
    case ArrowKind::kHandshake: return "handshake";
    case ArrowKind::kData:
    case ArrowKind::kAck: return "data";
    case ArrowKind::kClose:
    case ArrowKind::kReset: return "close";
  }
  return "data";
}

std::string DirectionWords(const LadderPacket& p) {
  return p.direction == PacketDirection::kClientToServer ? "client to server" : "server to client";
}

// An arrow from (x1, y1) to (x2, y2) with its head at the end.
void WriteArrow(std::ostream& out, int x1, int y1, int x2, int y2) {
  const double dx = x2 - x1, dy = y2 - y1;
  const double length = std::hypot(dx, dy);
  const double ux = dx / length, uy = dy / length;
  const double bx = x2 - 10 * ux, by = y2 - 10 * uy;  // the head's base
  out << fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{:.1f}\"/>", x1, y1, bx, by)
      << fmt::format("<polygon points=\"{},{} {:.1f},{:.1f} {:.1f},{:.1f}\"/>", x2, y2, bx - 4.5 * uy, by + 4.5 * ux,
                     bx + 4.5 * uy, by - 4.5 * ux);
}

void WriteHeader(std::ostream& out, const ConversationId& c, int height) {
  const auto lifeline = [&](int x, const Endpoint& e, std::string_view role) {
    out << fmt::format("<text class=\"host\" x=\"{}\" y=\"18\" text-anchor=\"middle\">{}</text>", x,
                       HtmlEscape(EndpointText(e)))
        << fmt::format("<text class=\"muted\" x=\"{}\" y=\"34\" text-anchor=\"middle\">{}</text>", x, role)
        << fmt::format("<line class=\"lifeline\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>", x, kHeader - 12,
                       height - 4);
  };
  lifeline(kClientX, c.client, "client");
  lifeline(kServerX, c.server, "server");
  out << fmt::format("<text class=\"no\" x=\"{}\" y=\"34\" text-anchor=\"end\">No.</text>", kNumberRight)
      << fmt::format("<text class=\"time\" x=\"{}\" y=\"34\" text-anchor=\"end\">Time (s)</text>", kTimeRight);
}

void WriteFold(std::ostream& out, std::uint64_t packets, int y) {
  out << fmt::format("<text class=\"folded\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">\u22ef {} packet{} not drawn "
                     "\u22ef</text>",
                     kLabelX, y + 16, packets, packets == 1 ? "" : "s");
}

// A pause on the wire long enough to matter (a client's sleep, a timeout,
// an iterative server's next accept) gets a row of its own, so evenly
// spaced rows do not hide it.
constexpr RelativeTime kPauseShown = std::chrono::milliseconds(100);

void WritePause(std::ostream& out, RelativeTime pause, int y) {
  out << fmt::format("<text class=\"pause\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">\u2193 {} s later \u2193</text>",
                     kLabelX, y + 16, RelativeTimeText(pause));
}

void WritePacket(std::ostream& out, const LadderSvgInput& in, const LadderPacket& p, ArrowKind kind,
                 bool new_phase, int y) {
  const std::string label = ArrowLabel(p, in.preview_bytes);
  const std::string time = RelativeTimeText(p.time);
  out << "<g class=\"packet " << ArrowKindName(kind) << (p.is_evidence ? " evidence\" tabindex=\"0" : "")
      << "\" id=\"" << in.id_prefix << 'p' << p.number << "\">"
      << "<title>" << HtmlEscape(fmt::format("No. {}, {} s, {}: {}{}", p.number, time, DirectionWords(p),
                                             label, p.is_evidence ? " (evidence)" : ""))
      << "</title>";
  if (p.is_evidence) {
    out << fmt::format("<rect class=\"mark\" x=\"2\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\"/>", y + 1,
                       kWidth - 4, kRow - 2);
  }
  const bool right = p.direction == PacketDirection::kClientToServer;
  WriteArrow(out, right ? kClientX : kServerX, y + 16, right ? kServerX : kClientX, y + 27);
  out << fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", kLabelX, y + 12, HtmlEscape(label))
      << fmt::format("<text class=\"no\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", kNumberRight, y + 24,
                     p.number)
      << fmt::format("<text class=\"time\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", kTimeRight, y + 24,
                     time);
  if (new_phase) {
    out << fmt::format("<text class=\"phase\" x=\"{}\" y=\"{}\">{}</text>", kSideX, y + 12, PhaseOf(kind));
  }
  if (p.is_evidence) out << fmt::format("<text x=\"{}\" y=\"{}\">\u25c0 evidence</text>", kSideX, y + 28);
  out << "</g>";
}

}  // namespace

std::string_view ArrowKindName(ArrowKind k) {
  switch (k) {
    case ArrowKind::kHandshake: return "handshake";
    case ArrowKind::kData: return "data";
    case ArrowKind::kAck: return "ack";
    case ArrowKind::kClose: return "close";
    case ArrowKind::kReset: return "reset";
  }
  return "data";
}

std::vector<ArrowKind> ArrowKinds(const std::vector<LadderPacket>& packets, bool tcp) {
  std::vector<ArrowKind> kinds;
  kinds.reserve(packets.size());
  bool syn_ack_seen = false, handshake_acked = false, data_seen = false, closing = false;
  for (const LadderPacket& p : packets) {
    ArrowKind k = ArrowKind::kData;
    if (!tcp) {
      k = ArrowKind::kData;
    } else if (Has(p, "RST")) {
      k = ArrowKind::kReset, closing = true;
    } else if (Has(p, "FIN")) {
      k = ArrowKind::kClose, closing = true;
    } else if (Has(p, "SYN")) {
      k = ArrowKind::kHandshake;
      syn_ack_seen = syn_ack_seen || Has(p, "ACK");
    } else if (p.payload_length > 0) {
      k = ArrowKind::kData, data_seen = true;
    } else if (closing) {
      k = ArrowKind::kClose;
    } else if (syn_ack_seen && !handshake_acked && !data_seen) {
      k = ArrowKind::kHandshake, handshake_acked = true;
    } else {
      k = ArrowKind::kAck;
    }
    kinds.push_back(k);
  }
  return kinds;
}

std::string ArrowLabel(const LadderPacket& p, std::size_t preview_bytes) {
  std::string label = p.flags;
  const auto add = [&](const std::string& part) {
    if (!label.empty()) label += ' ';
    label += part;
  };
  if (p.seq) add(fmt::format("seq={}", *p.seq));
  if (p.ack) add(fmt::format("ack={}", *p.ack));
  if (p.payload_length > 0 || p.flags.empty()) add(fmt::format("len={}", p.payload_length));
  if (!p.payload.empty()) add("\"" + EscapedPreview(p.payload, preview_bytes, p.payload_length) + "\"");
  if (label.size() > kLabelChars) label = label.substr(0, kLabelChars - 1) + "\u2026";
  return label;
}

void WriteLadderSvg(std::ostream& out, const LadderSvgInput& in) {
  const std::vector<LadderPacket>& packets = *in.packets;
  const std::vector<ArrowKind> kinds = ArrowKinds(packets, in.conversation.transport == "tcp");
  const auto pause_before = [&](std::size_t i) {
    return i > 0 && packets[i].time - packets[i - 1].time >= kPauseShown;
  };
  int height = kHeader + 8;
  for (std::size_t i = 0; i < packets.size(); ++i) {
    height += kRow + (packets[i].folded_before > 0 ? kFoldRow : 0) + (pause_before(i) ? kFoldRow : 0);
  }
  // Named after its first packet: a packet is in one conversation only.
  const std::string id = in.id_prefix + "ladder-" + (packets.empty() ? "0" : std::to_string(packets[0].number));
  const std::string title_id = id + "-title";
  out << "<svg class=\"ladder\" id=\"" << id << "\" xmlns=\"http://www.w3.org/2000/svg\" width=\""
      << kWidth << "\" height=\"" << height << "\" viewBox=\"0 0 " << kWidth << ' ' << height
      << "\" data-arrows=\"" << packets.size() << "\" aria-labelledby=\"" << title_id << "\">"
      << "<title id=\"" << title_id << "\">"
      << HtmlEscape(fmt::format("Sequence diagram of {}: {} packet{} drawn", ConversationText(in.conversation),
                                packets.size(), packets.size() == 1 ? "" : "s"))
      << "</title>";
  WriteHeader(out, in.conversation, height);
  int y = kHeader;
  std::string_view phase;
  for (std::size_t i = 0; i < packets.size(); ++i) {
    if (packets[i].folded_before > 0) {
      WriteFold(out, packets[i].folded_before, y);
      y += kFoldRow;
    }
    if (pause_before(i)) {
      WritePause(out, packets[i].time - packets[i - 1].time, y);
      y += kFoldRow;
    }
    const bool new_phase = PhaseOf(kinds[i]) != phase;
    phase = PhaseOf(kinds[i]);
    WritePacket(out, in, packets[i], kinds[i], new_phase, y);
    y += kRow;
  }
  out << "</svg>";
}

}  // namespace wirecheck::reports
