#include "harness/show/follow_stream.h"

#include <fmt/format.h>

#include <string>
#include <string_view>

#include "capture/stream_reassembler.h"

namespace wirecheck {

using capture::Conversation;
using capture::Direction;

namespace {

std::string Printable(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (unsigned char ch : bytes) {
    out.push_back(ch == '\n' || ch == '\t' || (ch >= 0x20 && ch < 0x7f) ? static_cast<char>(ch) : '.');
  }
  return out;
}

void WriteChunk(Direction d, std::string_view bytes, std::ostream& out) {
  const std::string indent = d == Direction::kResp ? "\t" : "";
  out << indent << bytes.size() << '\n';
  std::string text = Printable(bytes);
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out << indent << std::string_view(text).substr(start, end - start) << '\n';
    start = end + 1;
  }
}

/// Stream offset of a record's first payload byte: streams start after the
/// SYN (relative seq 1) or, with no SYN seen, at the first segment (0).
std::uint64_t OffsetOf(const Conversation& c, const capture::PacketRecord& r) {
  const bool syn = c.from(r.dir).syn_seen;
  return r.rel_seq - (syn ? 1u : 0u) + ((r.flags & capture::tcp_flag::kSyn) ? 1u : 0u);
}

void WriteTcp(const Conversation& c, std::ostream& out) {
  for (const capture::PacketRecord& r : c.packets) {
    if (r.payload_length == 0 || r.kind == capture::SegmentKind::kRetransmission) continue;
    if (r.flags & capture::tcp_flag::kRst) continue;
    const std::string& data = c.from(r.dir).data;
    const std::uint64_t offset = OffsetOf(c, r);
    if (offset >= data.size()) continue;  // beyond the kept bytes or in a gap
    WriteChunk(r.dir, std::string_view(data).substr(offset, r.payload_length), out);
  }
  for (Direction d : {Direction::kOrig, Direction::kResp}) {
    const capture::DirectionFacts& f = c.from(d);
    for (const capture::StreamGap& g : f.gaps) {
      out << fmt::format("[{} bytes missing from {} at stream offset {}]\n", g.length,
                         d == Direction::kOrig ? "originator" : "responder", g.offset);
    }
    if (f.data_truncated) {
      out << fmt::format("[{} stream shown up to {} of {} bytes (payload cap)]\n",
                         d == Direction::kOrig ? "originator" : "responder", f.data.size(),
                         f.stream_bytes);
    }
  }
}

void WriteUdp(const Conversation& c, std::ostream& out) {
  std::size_t next[2] = {0, 0};
  for (const capture::PacketRecord& r : c.packets) {
    const capture::DirectionFacts& from = c.from(r.dir);
    std::size_t& i = next[static_cast<int>(r.dir)];
    if (i >= from.datagrams.size()) continue;
    WriteChunk(r.dir, capture::DatagramPayload(from, from.datagrams[i++]), out);
  }
}

}  // namespace

void WriteFollowedStreams(const Conversation& c, std::ostream& out) {
  const bool tcp = c.transport == capture::Transport::kTcp;
  out << "===================================================================\n";
  out << fmt::format("Follow: {},ascii\nConversation: {}\n", tcp ? "tcp" : "udp", c.id);
  out << fmt::format("Node 0: {}:{} (originator)\n", c.orig.addr.ToString(), c.orig.port);
  out << fmt::format("Node 1: {}:{} (responder)\n", c.resp.addr.ToString(), c.resp.port);
  if (tcp) WriteTcp(c, out); else WriteUdp(c, out);
  out << "===================================================================\n";
}

}  // namespace wirecheck
