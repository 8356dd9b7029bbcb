#include "harness/verify/ladder.h"

#include <algorithm>
#include <string_view>

namespace wirecheck {
namespace {

using capture::Conversation;
using capture::Direction;
using capture::PacketRecord;

// Where stream offset `offset` of `from` is in its data; npos inside a gap.
std::size_t DataIndex(const capture::DirectionFacts& from, std::uint64_t offset, std::uint64_t* run_end) {
  std::uint64_t skipped = 0;
  *run_end = UINT64_MAX;
  for (const capture::StreamGap& gap : from.gaps) {
    if (offset < gap.offset) {
      *run_end = gap.offset;
      break;
    }
    if (offset < gap.offset + gap.length) return std::string::npos;
    skipped += gap.length;
  }
  return static_cast<std::size_t>(offset - skipped);
}

std::string TcpPayloadHead(const Conversation& c, const PacketRecord& p, std::size_t max) {
  const capture::DirectionFacts& from = c.from(p.dir);
  const std::uint64_t offset = from.syn_seen ? std::uint64_t{p.rel_seq} - 1 : p.rel_seq;
  if (from.syn_seen && p.rel_seq == 0) return {};
  std::uint64_t run_end = 0;
  const std::size_t index = DataIndex(from, offset, &run_end);
  if (index == std::string::npos || index >= from.data.size()) return {};
  const std::uint64_t length = std::min<std::uint64_t>({p.payload_length, max, run_end - offset});
  return from.data.substr(index, static_cast<std::size_t>(length));
}

std::string UdpPayloadHead(const Conversation& c, const PacketRecord& p, std::size_t max) {
  const capture::DirectionFacts& from = c.from(p.dir);
  for (const capture::Datagram& d : from.datagrams) {
    if (d.number == p.number) return std::string(capture::DatagramPayload(from, d).substr(0, max));
  }
  return {};
}

// Which rows to keep of n: all when few, else the first, the last and
// those near evidence.
std::vector<bool> RowsToKeep(const std::vector<reports::LadderPacket>& rows) {
  std::vector<bool> keep(rows.size(), rows.size() <= kLadderMaxRows);
  if (rows.size() <= kLadderMaxRows) return keep;
  constexpr std::size_t kHead = 20, kTail = 10, kAround = 3;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i < kHead || i + kTail >= rows.size()) keep[i] = true;
    if (!rows[i].is_evidence) continue;
    for (std::size_t j = i > kAround ? i - kAround : 0; j <= std::min(rows.size() - 1, i + kAround); ++j) {
      keep[j] = true;
    }
  }
  return keep;
}

}  // namespace

std::string FlagsText(std::uint8_t flags) {
  static constexpr std::pair<std::uint8_t, std::string_view> kNames[] = {
      {capture::tcp_flag::kSyn, "SYN"}, {capture::tcp_flag::kFin, "FIN"}, {capture::tcp_flag::kRst, "RST"},
      {capture::tcp_flag::kPsh, "PSH"}, {capture::tcp_flag::kAck, "ACK"}, {capture::tcp_flag::kUrg, "URG"},
      {capture::tcp_flag::kEce, "ECE"}, {capture::tcp_flag::kCwr, "CWR"},
  };
  std::string text;
  for (const auto& [bit, name] : kNames) {
    if ((flags & bit) == 0) continue;
    if (!text.empty()) text += ',';
    text += name;
  }
  return text;
}

reports::RelativeTime RelativeTo(capture::Timestamp t, capture::Timestamp origin) {
  return std::chrono::duration_cast<reports::RelativeTime>(t - origin);
}

reports::ConversationId ConversationIdOf(const Conversation& c, Direction client) {
  const capture::Endpoint& cl = client == Direction::kOrig ? c.orig : c.resp;
  const capture::Endpoint& sv = client == Direction::kOrig ? c.resp : c.orig;
  return reports::ConversationId{c.transport == capture::Transport::kTcp ? "tcp" : "udp",
                                 {cl.addr.ToString(), cl.port},
                                 {sv.addr.ToString(), sv.port}};
}

std::string PayloadHead(const Conversation& c, const PacketRecord& p, std::size_t max) {
  if (p.payload_length == 0) return {};
  return c.transport == capture::Transport::kTcp ? TcpPayloadHead(c, p, max) : UdpPayloadHead(c, p, max);
}

std::vector<reports::LadderPacket> BuildLadder(const Conversation& c, Direction client,
                                               capture::Timestamp origin,
                                               std::span<const std::uint64_t> evidence) {
  const bool tcp = c.transport == capture::Transport::kTcp;
  std::vector<reports::LadderPacket> rows;
  rows.reserve(c.packets.size());
  for (const PacketRecord& p : c.packets) {
    reports::LadderPacket row;
    row.number = p.number;
    row.time = RelativeTo(p.ts, origin);
    row.direction = p.dir == client ? reports::PacketDirection::kClientToServer
                                    : reports::PacketDirection::kServerToClient;
    if (tcp) {
      row.flags = FlagsText(p.flags);
      row.seq = p.rel_seq;
      if (p.flags & capture::tcp_flag::kAck) row.ack = p.rel_ack;
    }
    row.payload_length = p.payload_length;
    row.payload = PayloadHead(c, p, kLadderPayloadBytes);
    row.is_evidence = std::find(evidence.begin(), evidence.end(), p.number) != evidence.end();
    rows.push_back(std::move(row));
  }
  const std::vector<bool> keep = RowsToKeep(rows);
  std::vector<reports::LadderPacket> kept;
  std::uint64_t folded = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!keep[i]) {
      ++folded;
      continue;
    }
    rows[i].folded_before = folded;
    folded = 0;
    kept.push_back(std::move(rows[i]));
  }
  return kept;
}

reports::PacketRef PacketRefOf(const Conversation& c, std::uint64_t number, capture::Timestamp origin) {
  for (const PacketRecord& p : c.packets) {
    if (p.number == number) return {number, RelativeTo(p.ts, origin)};
  }
  return {number, {}};
}

}  // namespace wirecheck
