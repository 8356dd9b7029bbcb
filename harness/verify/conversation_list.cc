#include "harness/verify/conversation_list.h"

#include <algorithm>
#include <set>

#include "harness/verify/ladder.h"

namespace wirecheck {
namespace {

using capture::Conversation;
using capture::Direction;

// The packets of checks that did not pass: the ones a reader must find.
std::vector<std::uint64_t> EvidencePackets(const std::vector<reports::Check>& checks) {
  std::set<std::uint64_t> numbers;
  for (const reports::Check& c : checks) {
    if (c.status == reports::CheckStatus::kPass || c.status == reports::CheckStatus::kNotApplicable) continue;
    for (const reports::PacketRef& p : c.evidence.packets) numbers.insert(p.number);
    for (const reports::LadderPacket& p : c.evidence.ladder) {
      if (p.is_evidence) numbers.insert(p.number);
    }
  }
  return {numbers.begin(), numbers.end()};
}

bool HoldsAny(const Conversation& c, const std::vector<std::uint64_t>& sorted_numbers) {
  return std::any_of(c.packets.begin(), c.packets.end(), [&](const capture::PacketRecord& p) {
    return std::binary_search(sorted_numbers.begin(), sorted_numbers.end(), p.number);
  });
}

reports::ConversationSummary Summary(const Conversation& c, capture::Timestamp origin) {
  reports::ConversationSummary s;
  s.id = ConversationIdOf(c, Direction::kOrig);
  s.packets = c.from(Direction::kOrig).packets + c.from(Direction::kResp).packets;
  s.client_bytes = c.from(Direction::kOrig).payload_bytes;
  s.server_bytes = c.from(Direction::kResp).payload_bytes;
  s.history = c.history;
  s.state = c.conn_state;
  s.first = RelativeTo(c.first_ts, origin);
  s.last = RelativeTo(c.last_ts, origin);
  s.packets_cut = c.packets_truncated;
  return s;
}

}  // namespace

std::vector<reports::ConversationSummary> ListConversations(const capture::Trace& trace,
                                                            const std::vector<reports::Check>& checks,
                                                            std::uint64_t* unlisted) {
  const std::vector<std::uint64_t> evidence = EvidencePackets(checks);
  const std::size_t listed = std::min(trace.conversations.size(), kConversationsListed);
  *unlisted = trace.conversations.size() - listed;
  // Which to draw: those holding evidence first, then the earliest.
  std::vector<bool> drawn(listed, false);
  std::size_t budget = kConversationsDrawn;
  for (std::size_t i = 0; i < listed && budget > 0; ++i) {
    if (!evidence.empty() && HoldsAny(trace.conversations[i], evidence)) drawn[i] = true, --budget;
  }
  for (std::size_t i = 0; i < listed && budget > 0; ++i) {
    if (!drawn[i]) drawn[i] = true, --budget;
  }
  std::vector<reports::ConversationSummary> out;
  out.reserve(listed);
  for (std::size_t i = 0; i < listed; ++i) {
    const Conversation& c = trace.conversations[i];
    out.push_back(Summary(c, trace.stats.first_ts));
    if (drawn[i]) out.back().ladder = BuildLadder(c, Direction::kOrig, trace.stats.first_ts, evidence);
  }
  return out;
}

}  // namespace wirecheck
