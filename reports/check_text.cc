#include "reports/check_text.h"

#include <fmt/format.h>

#include <algorithm>

#include "reports/escape.h"

namespace wirecheck::reports {

namespace {

constexpr std::size_t kArrowWidth = 30;  // between the two bars
constexpr std::size_t kKeepFirst = 6;
constexpr std::size_t kKeepLast = 3;
constexpr std::size_t kKeepAround = 2;

/// "------ SYN,ACK ----->" or "<----- SYN,ACK ------", kArrowWidth wide at
/// least, the label centred.
std::string Arrow(const LadderPacket& p) {
  std::string label = p.flags.empty() ? std::string("UDP") : p.flags;
  if (p.payload_length > 0) label += fmt::format(" len={}", p.payload_length);
  label = " " + label + " ";
  const std::size_t dashes = kArrowWidth > label.size() + 5 ? kArrowWidth - 1 - label.size() : 4;
  const std::size_t left = dashes / 2;
  const std::size_t right = dashes - left;
  if (p.direction == PacketDirection::kClientToServer) {
    return std::string(left, '-') + label + std::string(right, '-') + ">";
  }
  return "<" + std::string(left, '-') + label + std::string(right, '-');
}

std::string LadderRow(const LadderPacket& p, const TextOptions& options) {
  std::string extra;
  if (p.seq) extra += fmt::format(" seq={}", *p.seq);
  if (p.ack) extra += fmt::format(" ack={}", *p.ack);
  if (p.payload_length > 0) {
    extra += fmt::format(" \"{}\"", EscapedPreview(p.payload, options.preview_bytes, p.payload_length));
  }
  std::string row = fmt::format("{} {:>6}  {:>9}  |{}|", p.is_evidence ? '>' : ' ', p.number,
                                RelativeTimeText(p.time), Arrow(p));
  if (!extra.empty()) row += " " + extra;
  return row;
}

/// Which rows to show when the ladder is longer than the options allow.
std::vector<bool> RowsToKeep(const std::vector<LadderPacket>& ladder, const TextOptions& options) {
  const std::size_t n = ladder.size();
  std::vector<bool> keep(n, n <= options.ladder_rows);
  if (n <= options.ladder_rows) return keep;
  for (std::size_t i = 0; i < n; ++i) {
    if (i < kKeepFirst || i + kKeepLast >= n) keep[i] = true;
    if (!ladder[i].is_evidence) continue;
    const std::size_t from = i >= kKeepAround ? i - kKeepAround : 0;
    for (std::size_t k = from; k <= std::min(n - 1, i + kKeepAround); ++k) keep[k] = true;
  }
  return keep;
}

std::string PacketList(const std::vector<PacketRef>& packets) {
  std::string text;
  for (const PacketRef& p : packets) {
    if (!text.empty()) text += ", ";
    text += fmt::format("#{} at {}s", p.number, RelativeTimeText(p.time));
  }
  return text;
}

/// "tcp 127.0.0.1:41234 -> 127.0.0.1:6789, packets #9 at 0.001234s, ..."
std::string WhereLine(const Evidence& e) {
  std::string line = e.conversation ? ConversationText(*e.conversation) : std::string();
  if (e.packets.empty()) return line;
  if (!line.empty()) line += ", ";
  return line + (e.packets.size() == 1 ? "packet " : "packets ") + PacketList(e.packets);
}

void AppendDifference(const ByteDifference& d, const TextOptions& options,
                      std::vector<TextLine>* lines) {
  const std::string where = d.where.empty() ? "bytes" : d.where;
  lines->push_back({fmt::format("{}: first difference at byte {}", where, d.offset)});
  lines->push_back({fmt::format("  expected \"{}\"",
                                EscapedPreview(d.expected, options.preview_bytes, d.expected_length))});
  lines->push_back({fmt::format("  actual   \"{}\"",
                                EscapedPreview(d.actual, options.preview_bytes, d.actual_length))});
}

}  // namespace

std::string RelativeTimeText(RelativeTime t) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(t).count();
  const char* sign = us < 0 ? "-" : "";
  const auto abs = us < 0 ? -us : us;
  return fmt::format("{}{}.{:06}", sign, abs / 1000000, abs % 1000000);
}

std::vector<TextLine> LadderLines(const std::vector<LadderPacket>& ladder,
                                     const ConversationId* conversation,
                                     const TextOptions& options) {
  std::vector<TextLine> lines;
  if (ladder.empty()) return lines;
  const std::string client = conversation ? EndpointText(conversation->client) : "client";
  const std::string server = conversation ? EndpointText(conversation->server) : "server";
  lines.push_back({fmt::format("  {:>6}  {:>9}  {:<{}}{}", "no.", "time", client, kArrowWidth + 1, server)});
  const std::vector<bool> keep = RowsToKeep(ladder, options);
  for (std::size_t i = 0; i < ladder.size();) {
    if (keep[i]) {
      lines.push_back({LadderRow(ladder[i], options), ladder[i].is_evidence});
      ++i;
      continue;
    }
    std::size_t hidden = 0;
    for (; i < ladder.size() && !keep[i]; ++i) ++hidden;
    lines.push_back({fmt::format("  {:>6}  {:>9}  ({} packet{} not shown)", "...", "", hidden,
                                 hidden == 1 ? "" : "s")});
  }
  return lines;
}

std::vector<TextLine> CheckDetailLines(const Check& check, const TextOptions& options) {
  std::vector<TextLine> lines;
  if (!check.message.empty()) lines.push_back({check.message});
  const Evidence& e = check.evidence;
  if (!e.expected.empty()) lines.push_back({"expected: " + e.expected});
  if (!e.observed.empty()) lines.push_back({"observed: " + e.observed});
  const std::string where = WhereLine(e);
  if (!where.empty()) lines.push_back({where});
  if (e.difference) AppendDifference(*e.difference, options, &lines);
  if (!check.hint.empty()) lines.push_back({"hint: " + check.hint});
  const std::vector<TextLine> ladder =
      LadderLines(e.ladder, e.conversation ? &*e.conversation : nullptr, options);
  lines.insert(lines.end(), ladder.begin(), ladder.end());
  return lines;
}

}  // namespace wirecheck::reports
