#include "harness/verify/verify_timing.h"

#include <algorithm>

#include "harness/model/time_bound.h"
#include "harness/verify/hints.h"
#include "harness/verify/ladder.h"
#include "harness/verify/reply_timing.h"
#include "harness/verify/verify_tcp.h"

namespace wirecheck {
namespace {

using reports::CheckStatus;

std::string Arrow(std::uint64_t from, std::uint64_t to) {
  return std::to_string(from) + " -> " + std::to_string(to);
}

void AddPacket(const VerifyContext& ctx, const TimedPacket& p, reports::Evidence* e) {
  e->packets.push_back(PacketRefOf(*p.conversation, p.number, ctx.origin));
}

// Evidence of one request and its reply: both packets, the request's
// conversation and (failures) its ladder.
void AddPairEvidence(const VerifyContext& ctx, const RequestReply& pair, bool ladder, reports::Evidence* e) {
  e->conversation = ConversationIdOf(*pair.request.conversation, pair.client);
  AddPacket(ctx, pair.request, e);
  std::vector<std::uint64_t> marked = {pair.request.number};
  if (pair.reply) {
    AddPacket(ctx, *pair.reply, e);
    if (pair.reply->conversation == pair.request.conversation) marked.push_back(pair.reply->number);
  }
  if (ladder) e->ladder = BuildLadder(*pair.request.conversation, pair.client, ctx.origin, marked);
}

Duration Between(const TimedPacket& a, const TimedPacket& b) { return b.ts - a.ts; }

// --- reply_delay --------------------------------------------------------------

Finding DelayFinding(const TimeBound& bound, const RequestReply& pair) {
  if (!pair.reply) {
    const std::string text = "no reply after the request (packet " + std::to_string(pair.request.number) + ")";
    if (pair.reply_unknown) return Undecided(text + ": the packets after it were not all kept");
    return Failed(text, hints::kNoReply, true, text);
  }
  const std::string text = "reply " + MillisecondsText(Between(pair.request, *pair.reply)) +
                           " after the request (packet " + Arrow(pair.request.number, pair.reply->number) + ")";
  switch (Judge(bound, Between(pair.request, *pair.reply))) {
    case TimeVerdict::kWithin: return Passed(text, text);
    case TimeVerdict::kTooLong: return Failed(text, hints::kReplyTooSlow, true, text);
    case TimeVerdict::kTooShort: return Failed(text, hints::kReplyTooQuick, true, text);
  }
  return Undecided(text);
}

// The pair a passing check names: the slowest for an upper bound, else the quickest.
const RequestReply& Extreme(const TimeBound& bound, const std::vector<RequestReply>& pairs) {
  const auto delay = [](const RequestReply& p) { return Between(p.request, *p.reply); };
  const auto by_delay = [&](const RequestReply& a, const RequestReply& b) { return delay(a) < delay(b); };
  return bound.at_most ? *std::max_element(pairs.begin(), pairs.end(), by_delay)
                       : *std::min_element(pairs.begin(), pairs.end(), by_delay);
}

void CheckReplyDelay(const VerifyContext& ctx, const TimeBound& bound, const std::vector<RequestReply>& pairs,
                     std::vector<PendingCheck>* out) {
  const std::string bound_text = TimeBoundText(bound);
  PendingCheck check = NewCheck("reply_delay", "every reply comes " + bound_text + " after its request",
                                "reply_delay");
  check.check.evidence.expected = "each reply " + bound_text + " after its request" + CitedAt(bound.where);
  const bool tcp = ctx.scenario.protocol == Scenario::Protocol::kTcp;
  if (pairs.empty()) {
    Apply(Undecided(tcp ? "no connection to port " + std::to_string(ctx.server_port) + " carried a request"
                        : "no datagram to port " + std::to_string(ctx.server_port) + " was captured"),
          &check);
    check.needs_whole_capture = true;
    out->push_back(std::move(check));
    return;
  }
  std::vector<Finding> findings;
  std::optional<std::size_t> first_bad, first_undecided;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    findings.push_back(DelayFinding(bound, pairs[i]));
    if (findings.back().status == CheckStatus::kFail && !first_bad) first_bad = i;
    if (findings.back().status == CheckStatus::kInconclusive && !first_undecided) first_undecided = i;
  }
  const std::size_t bad = static_cast<std::size_t>(std::count_if(
      findings.begin(), findings.end(), [](const Finding& f) { return f.status == CheckStatus::kFail; }));
  const std::string requests = std::to_string(pairs.size()) + (pairs.size() == 1 ? " request" : " requests");
  if (first_bad) {
    Finding f = findings[*first_bad];
    f.message += "; bound " + bound_text;
    if (bad > 1) f.message = std::to_string(bad) + " of " + requests + " answered out of bound, the first: " + f.message;
    Apply(f, &check);
    AddPairEvidence(ctx, pairs[*first_bad], true, &check.check.evidence);
    SetPartialCredit(findings, &check);
  } else if (first_undecided) {
    Apply(findings[*first_undecided], &check);
    AddPairEvidence(ctx, pairs[*first_undecided], false, &check.check.evidence);
  } else {
    const RequestReply& named = Extreme(bound, pairs);
    const std::string text = requests + ", each answered; the " + (bound.at_most ? "slowest" : "quickest") + ": " +
                             DelayFinding(bound, named).message + "; bound " + bound_text;
    Apply(Passed(text, text), &check);
    AddPairEvidence(ctx, named, false, &check.check.evidence);
  }
  out->push_back(std::move(check));
}

// --- replies_apart ------------------------------------------------------------

Finding GapFinding(const TimeBound& bound, const TimedPacket& a, const TimedPacket& b) {
  const std::string text = "replies " + MillisecondsText(Between(a, b)) + " apart (packet " +
                           Arrow(a.number, b.number) + ")";
  switch (Judge(bound, Between(a, b))) {
    case TimeVerdict::kWithin: return Passed(text, text);
    case TimeVerdict::kTooShort: return Failed(text, hints::kRepliesTooClose, true, text);
    case TimeVerdict::kTooLong: return Failed(text, hints::kRepliesTooFar, true, text);
  }
  return Undecided(text);
}

void CheckRepliesApart(const VerifyContext& ctx, const TimeBound& bound, const std::vector<RequestReply>& pairs,
                       std::vector<PendingCheck>* out) {
  const std::string bound_text = TimeBoundText(bound);
  PendingCheck check = NewCheck("replies_apart", "each reply comes " + bound_text + " after the one before",
                                "replies_apart");
  check.check.evidence.expected = "replies " + bound_text + " apart" + CitedAt(bound.where);
  const std::vector<TimedPacket> replies = RepliesInOrder(pairs);
  if (replies.size() < 2) {
    Apply(Undecided(std::to_string(replies.size()) + (replies.size() == 1 ? " reply was" : " replies were") +
                    " captured: their spacing needs two at least"),
          &check);
    check.needs_whole_capture = true;
    out->push_back(std::move(check));
    return;
  }
  std::vector<Finding> findings;
  std::optional<std::size_t> first_bad;
  std::size_t named = 1;   // the gap a pass names: the closest (lower bound) or the widest
  for (std::size_t i = 1; i < replies.size(); ++i) {
    findings.push_back(GapFinding(bound, replies[i - 1], replies[i]));
    if (findings.back().status == CheckStatus::kFail && !first_bad) first_bad = i;
    const Duration gap = Between(replies[i - 1], replies[i]), best = Between(replies[named - 1], replies[named]);
    if (bound.at_least ? gap < best : gap > best) named = i;
  }
  const std::size_t at = first_bad.value_or(named);
  if (first_bad) {
    const std::size_t bad = static_cast<std::size_t>(std::count_if(
        findings.begin(), findings.end(), [](const Finding& f) { return f.status == CheckStatus::kFail; }));
    Finding f = findings[at - 1];
    f.message += "; bound " + bound_text;
    if (bad > 1) {
      f.message = std::to_string(bad) + " of " + std::to_string(findings.size()) +
                  " gaps between replies out of bound, the first: " + f.message;
    }
    Apply(f, &check);
    SetPartialCredit(findings, &check);
  } else {
    const std::string text = std::to_string(replies.size()) + " replies; the " +
                             (bound.at_least ? "closest: " : "furthest apart: ") + findings[at - 1].message +
                             "; bound " + bound_text;
    Apply(Passed(text, text), &check);
  }
  reports::Evidence& e = check.check.evidence;
  e.conversation = ConversationIdOf(*replies[at].conversation,
                                    replies[at].conversation->orig.port == ctx.server_port
                                        ? capture::Direction::kResp
                                        : capture::Direction::kOrig);
  AddPacket(ctx, replies[at - 1], &e);
  AddPacket(ctx, replies[at], &e);
  out->push_back(std::move(check));
}

}  // namespace

void CheckTiming(const VerifyContext& ctx, std::vector<PendingCheck>* out) {
  const WireExpect& w = ctx.scenario.expect;
  if (!w.reply_delay && !w.replies_apart) return;
  std::vector<RequestReply> pairs;
  std::vector<ServedConnection> connections;   // kept alive: the pairs point into the trace only
  if (ctx.scenario.protocol == Scenario::Protocol::kTcp) {
    connections = ConnectionsToServer(ctx.trace, ctx.server_port);
    pairs = TcpRequestReplies(connections);
  } else {
    pairs = UdpRequestReplies(FindExchange(ctx.trace, ctx.server_port));
  }
  if (w.reply_delay) CheckReplyDelay(ctx, *w.reply_delay, pairs, out);
  if (w.replies_apart) CheckRepliesApart(ctx, *w.replies_apart, pairs, out);
}

}  // namespace wirecheck
