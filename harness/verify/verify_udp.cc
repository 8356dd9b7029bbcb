#include "harness/verify/verify_udp.h"

#include <algorithm>
#include <deque>
#include <map>

#include "harness/model/text_match.h"
#include "harness/verify/hints.h"
#include "harness/verify/ladder.h"
#include "reports/escape.h"

namespace wirecheck {
namespace {

using capture::Conversation;
using capture::Direction;
using capture::Endpoint;
using reports::CheckStatus;


struct DatagramRef {
  const Conversation* conversation = nullptr;
  Direction from = Direction::kOrig;
  const capture::Datagram* datagram = nullptr;
  const Endpoint* src = nullptr;
  const Endpoint* dst = nullptr;
  Direction client = Direction::kOrig;  // the client side of its conversation

  std::string_view payload() const { return capture::DatagramPayload(conversation->from(from), *datagram); }
  bool whole() const { return datagram->kept == datagram->length; }
  std::uint64_t number() const { return datagram->number; }
};

struct UdpExchange {
  std::vector<Endpoint> clients;           // in order of their first datagram
  std::vector<DatagramRef> client_datagrams;  // to the server port, in capture order
  std::vector<DatagramRef> server_datagrams;  // from the server port or to a client, in capture order
};

bool Has(const std::vector<Endpoint>& v, const Endpoint& e) { return std::find(v.begin(), v.end(), e) != v.end(); }

std::string EndpointText(const Endpoint& e) {
  return reports::EndpointText({e.addr.ToString(), e.port});
}

void AddDatagrams(const Conversation& c, Direction from, Direction client, std::vector<DatagramRef>* to) {
  const Endpoint& src = from == Direction::kOrig ? c.orig : c.resp;
  const Endpoint& dst = from == Direction::kOrig ? c.resp : c.orig;
  for (const capture::Datagram& d : c.from(from).datagrams) to->push_back({&c, from, &d, &src, &dst, client});
}

UdpExchange FindExchange(const capture::Trace& trace, int port) {
  UdpExchange x;
  std::vector<const Conversation*> others;
  for (const Conversation& c : trace.conversations) {
    if (c.transport != capture::Transport::kUdp) continue;
    const bool resp_is_server = c.resp.port == port, orig_is_server = c.orig.port == port && !resp_is_server;
    if (!resp_is_server && !orig_is_server) {
      others.push_back(&c);
      continue;
    }
    const Direction client = resp_is_server ? Direction::kOrig : Direction::kResp;
    if (!c.from(client).datagrams.empty() && !Has(x.clients, client == Direction::kOrig ? c.orig : c.resp)) {
      x.clients.push_back(client == Direction::kOrig ? c.orig : c.resp);
    }
    AddDatagrams(c, client, client, &x.client_datagrams);
    AddDatagrams(c, Reverse(client), client, &x.server_datagrams);
  }
  for (const Conversation* c : others) {  // replies to a client from another port
    for (Direction d : {Direction::kOrig, Direction::kResp}) {
      const Endpoint& src = d == Direction::kOrig ? c->orig : c->resp;
      const Endpoint& dst = d == Direction::kOrig ? c->resp : c->orig;
      if (Has(x.clients, dst) && !Has(x.clients, src)) AddDatagrams(*c, d, Reverse(d), &x.server_datagrams);
    }
  }
  const auto by_number = [](const DatagramRef& a, const DatagramRef& b) { return a.number() < b.number(); };
  std::sort(x.client_datagrams.begin(), x.client_datagrams.end(), by_number);
  std::sort(x.server_datagrams.begin(), x.server_datagrams.end(), by_number);
  return x;
}

std::string DatagramText(const DatagramRef& d) {
  return "#" + std::to_string(d.number()) + " " + EndpointText(*d.src) + " -> " + EndpointText(*d.dst) + ", " +
         std::to_string(d.datagram->length) + " bytes \"" +
         reports::EscapedPreview(d.payload(), kPreviewBytes, d.datagram->length) + "\"";
}

// Evidence of one datagram: its flow, packet, ladder of its flow (failures only).
void AddDatagramEvidence(const VerifyContext& ctx, const DatagramRef& d, bool ladder, PendingCheck* check,
                         std::vector<std::uint64_t> also = {}) {
  reports::Evidence& e = check->check.evidence;
  e.conversation = ConversationIdOf(*d.conversation, d.client);
  also.insert(also.begin(), d.number());
  for (std::uint64_t n : also) e.packets.push_back(PacketRefOf(*d.conversation, n, ctx.origin));
  if (ladder) e.ladder = BuildLadder(*d.conversation, d.client, ctx.origin, also);
}

// --- datagrams of one side ----------------------------------------------------

void CheckDatagrams(const VerifyContext& ctx, const DatagramsExpect& expect, std::string_view side,
                    const std::vector<DatagramRef>& all, std::vector<PendingCheck>* out) {
  const std::string prefix = std::string(side) + "_datagrams";
  const std::string who = side == "client" ? "the clients" : "the server";
  if (expect.count) {
    const Count& count = expect.count->value;
    PendingCheck check = NewCheck(prefix + ".count", who + " send " + CountText(count) + " datagrams", "datagrams");
    check.check.evidence.expected = CountText(count) + " datagrams" + CitedAt(expect.count->where);
    const std::string text = who + " sent " + std::to_string(all.size()) + " datagrams";
    const bool too_many = count.at_most && static_cast<std::int64_t>(all.size()) > *count.at_most;
    Apply(count.Holds(static_cast<std::int64_t>(all.size())) ? Passed(text, text)
                                                             : Failed(text + ", expected " + CountText(count),
                                                                      hints::kDatagramCount, !too_many, text),
          &check);
    out->push_back(std::move(check));
  }
  if (expect.payloads) {
    const std::vector<std::string>& want = expect.payloads->value;
    PendingCheck check = NewCheck(prefix + ".payloads", who + " send " + std::to_string(want.size()) +
                                                            " datagrams with the expected payloads, in order",
                                  "datagrams");
    check.check.evidence.expected = std::to_string(want.size()) + " payloads in order" + CitedAt(expect.payloads->where);
    std::optional<Finding> found;
    for (std::size_t i = 0; i < std::min(want.size(), all.size()) && !found; ++i) {
      TextMatch exact;
      exact.exact = want[i];
      const TextMatchResult r = MatchText(exact, all[i].payload(), all[i].whole());
      if (r.verdict == MatchVerdict::kMatch) continue;
      const std::string text = "datagram " + std::to_string(i + 1) + " " + DatagramText(all[i]);
      if (r.verdict == MatchVerdict::kUndecided) {
        found = Undecided(text + ": only part of it was captured");
      } else {
        found = Failed(text + ": " + r.explanation, hints::ForTextMismatch(r, all[i].payload()), false, text);
        found->difference = r.difference;
        if (found->difference) found->difference->where = "datagram " + std::to_string(i + 1);
      }
      AddDatagramEvidence(ctx, all[i], true, &check);
    }
    if (!found && want.size() != all.size()) {
      const std::string text = who + " sent " + std::to_string(all.size()) + " datagrams, expected " +
                               std::to_string(want.size());
      found = Failed(text, hints::kDatagramCount, want.size() > all.size(), text);
    }
    if (!found) found = Passed("all " + std::to_string(all.size()) + " payloads as expected");
    Apply(*found, &check);
    out->push_back(std::move(check));
  }
  if (expect.each) {
    const TextMatch& m = *expect.each;
    PendingCheck check = NewCheck(prefix + ".each", "every datagram " + who + " send is " + DescribeTextMatch(m), "datagrams");
    check.check.evidence.expected = DescribeTextMatch(m) + CitedAt(m.where);
    std::optional<Finding> found;
    for (const DatagramRef& d : all) {
      const TextMatchResult r = MatchText(m, d.payload(), d.whole());
      if (r.verdict == MatchVerdict::kMatch) continue;
      if (r.verdict == MatchVerdict::kUndecided && found) continue;
      found = r.verdict == MatchVerdict::kUndecided
                  ? Undecided("datagram " + DatagramText(d) + ": only part of it was captured")
                  : Failed("datagram " + DatagramText(d) + ": " + r.explanation,
                           hints::ForTextMismatch(r, d.payload()), false, DatagramText(d));
      found->difference = r.difference;
      if (found->difference) found->difference->where = "datagram #" + std::to_string(d.number());
      check.check.evidence = {};
      check.check.evidence.expected = DescribeTextMatch(m) + CitedAt(m.where);
      AddDatagramEvidence(ctx, d, true, &check);
      if (r.verdict == MatchVerdict::kMismatch) break;
    }
    if (all.empty()) found = Undecided(who + " sent no datagram");
    if (!found) found = Passed("all " + std::to_string(all.size()) + " datagrams are " + DescribeTextMatch(m));
    Apply(*found, &check);
    out->push_back(std::move(check));
  }
  if (expect.size) {
    const Count& size = expect.size->value;
    PendingCheck check = NewCheck(prefix + ".size", "every datagram " + who + " send has " + CountText(size) + " bytes",
                                  "datagrams");
    check.check.evidence.expected = CountText(size) + " bytes each" + CitedAt(expect.size->where);
    const auto bad = std::find_if(all.begin(), all.end(), [&](const DatagramRef& d) { return !size.Holds(d.datagram->length); });
    if (all.empty()) {
      Apply(Undecided(who + " sent no datagram"), &check);
    } else if (bad != all.end()) {
      const bool too_big = size.at_most && static_cast<std::int64_t>(bad->datagram->length) > *size.at_most;
      Apply(Failed("datagram " + DatagramText(*bad) + ": its size is not " + CountText(size),
                   too_big ? hints::kDatagramTooBig : hints::kDatagramTooSmall, false, DatagramText(*bad)),
            &check);
      AddDatagramEvidence(ctx, *bad, true, &check);
    } else {
      Apply(Passed("all " + std::to_string(all.size()) + " datagrams have " + CountText(size) + " bytes"), &check);
    }
    out->push_back(std::move(check));
  }
}

// --- replies ------------------------------------------------------------------

// `false` asks for nothing: the check says so and does not count.
bool NotRequired(const Located<bool>& want, PendingCheck* check) {
  if (want.value) return false;
  check->check.status = CheckStatus::kNotApplicable;
  check->check.message = "not required: the scenario sets it to false";
  return true;
}


void CheckFlows(const VerifyContext& ctx, const Located<Count>& count, const UdpExchange& x,
                std::vector<PendingCheck>* out) {
  PendingCheck check = NewCheck("flows", CountText(count.value) + " client address:port pairs talk to the server", "flows");
  check.check.evidence.expected = CountText(count.value) + " flows" + CitedAt(count.where);
  std::string text = std::to_string(x.clients.size()) + " client address:port pairs sent to port " +
                     std::to_string(ctx.server_port);
  const bool too_many = count.value.at_most && static_cast<std::int64_t>(x.clients.size()) > *count.value.at_most;
  Apply(count.value.Holds(static_cast<std::int64_t>(x.clients.size()))
            ? Passed(text, text)
            : Failed(text + ", expected " + CountText(count.value), hints::kFlows, !too_many, text),
        &check);
  out->push_back(std::move(check));
}

// Checks every server datagram with `bad` (a reason when it fails, else empty).
template <typename Bad>
void CheckEveryReply(const VerifyContext& ctx, PendingCheck check, const UdpExchange& x, std::string_view hint,
                     const std::string& pass_text, Bad bad, std::vector<PendingCheck>* out) {
  if (x.server_datagrams.empty()) {
    Apply(Undecided("the server sent no datagram"), &check);
    out->push_back(std::move(check));
    return;
  }
  for (const DatagramRef& d : x.server_datagrams) {
    const std::string why = bad(d);
    if (why.empty()) continue;
    Apply(Failed("datagram " + DatagramText(d) + ": " + why, hint, false, DatagramText(d)), &check);
    AddDatagramEvidence(ctx, d, true, &check);
    out->push_back(std::move(check));
    return;
  }
  Apply(Passed("all " + std::to_string(x.server_datagrams.size()) + " server datagrams " + pass_text), &check);
  out->push_back(std::move(check));
}

void CheckRepliesToSender(const VerifyContext& ctx, const Located<bool>& want, const UdpExchange& x,
                          std::vector<PendingCheck>* out) {
  PendingCheck check = NewCheck("replies_to_sender", "every reply goes to the address and port of a client", "replies_to_sender");
  check.check.evidence.expected = "replies to the sender's address and port" + CitedAt(want.where);
  if (NotRequired(want, &check)) {
    out->push_back(std::move(check));
    return;
  }
  CheckEveryReply(ctx, std::move(check), x, hints::kReplyToWrongAddress, "went to a client's address and port",
                  [&](const DatagramRef& d) {
                    return Has(x.clients, *d.dst) ? std::string()
                                                  : "no client sent from " + EndpointText(*d.dst);
                  }, out);
}

void CheckReplyFromBoundPort(const VerifyContext& ctx, const Located<bool>& want, const UdpExchange& x,
                             std::vector<PendingCheck>* out) {
  const std::string port = std::to_string(ctx.server_port);
  PendingCheck check = NewCheck("reply_from_bound_port", "every reply leaves from the server port " + port,
                                "reply_from_bound_port");
  check.check.evidence.expected = "replies from port " + port + CitedAt(want.where);
  if (NotRequired(want, &check)) {
    out->push_back(std::move(check));
    return;
  }
  CheckEveryReply(ctx, std::move(check), x, hints::kReplyFromOtherPort, "left from port " + port,
                  [&](const DatagramRef& d) {
                    return d.src->port == ctx.server_port ? std::string()
                                                          : "sent from port " + std::to_string(d.src->port) + ", not " + port;
                  }, out);
}

void CheckSameSize(const VerifyContext& ctx, const Located<bool>& want, const UdpExchange& x,
                   std::vector<PendingCheck>* out) {
  PendingCheck check = NewCheck("replies_same_size", "every reply has the size of its request", "replies_same_size");
  check.check.evidence.expected = "each reply as long as its request" + CitedAt(want.where);
  if (NotRequired(want, &check)) {
    out->push_back(std::move(check));
    return;
  }
  // Each reply answers the oldest unanswered request of its client before it.
  std::map<std::string, std::deque<const DatagramRef*>> waiting;
  std::size_t ci = 0, pairs = 0;
  for (const DatagramRef& reply : x.server_datagrams) {
    for (; ci < x.client_datagrams.size() && x.client_datagrams[ci].number() < reply.number(); ++ci) {
      waiting[EndpointText(*x.client_datagrams[ci].src)].push_back(&x.client_datagrams[ci]);
    }
    std::deque<const DatagramRef*>& queue = waiting[EndpointText(*reply.dst)];
    if (queue.empty()) continue;
    const DatagramRef& request = *queue.front();
    queue.pop_front();
    ++pairs;
    const std::uint32_t asked = request.datagram->length, got = reply.datagram->length;
    if (asked == got) continue;
    const std::string text = "the reply " + DatagramText(reply) + " answers the request " + DatagramText(request) +
                             ": " + (got > asked ? "padded" : "truncated") + " by " +
                             std::to_string(got > asked ? got - asked : asked - got) + " bytes";
    Apply(Failed(text, got > asked ? hints::kReplyPadded : hints::kReplyTruncated, false,
                 std::to_string(asked) + " bytes asked, " + std::to_string(got) + " bytes replied"),
          &check);
    AddDatagramEvidence(ctx, request, true, &check, {reply.number()});
    out->push_back(std::move(check));
    return;
  }
  Apply(pairs == 0 ? Undecided("no reply to a client's datagram was captured")
                   : Passed("all " + std::to_string(pairs) + " replies have the size of their request"),
        &check);
  out->push_back(std::move(check));
}

}  // namespace

void CheckUdp(const VerifyContext& ctx, std::vector<PendingCheck>* out) {
  const UdpExpect& u = ctx.scenario.expect.udp;
  const UdpExchange x = FindExchange(ctx.trace, ctx.server_port);
  if (u.client_datagrams) CheckDatagrams(ctx, *u.client_datagrams, "client", x.client_datagrams, out);
  if (u.server_datagrams) CheckDatagrams(ctx, *u.server_datagrams, "server", x.server_datagrams, out);
  if (u.flows) CheckFlows(ctx, *u.flows, x, out);
  if (u.replies_to_sender) CheckRepliesToSender(ctx, *u.replies_to_sender, x, out);
  if (u.reply_from_bound_port) CheckReplyFromBoundPort(ctx, *u.reply_from_bound_port, x, out);
  if (u.replies_same_size) CheckSameSize(ctx, *u.replies_same_size, x, out);
}

}  // namespace wirecheck
