#include "harness/verify/verify_udp.h"

#include <algorithm>
#include <deque>
#include <map>

#include "harness/model/text_match.h"
#include "harness/verify/hints.h"
#include "harness/verify/ladder.h"
#include "harness/verify/udp_exchange.h"
#include "harness/verify/wire_sides.h"
#include "reports/escape.h"

namespace wirecheck {
namespace {

using capture::Conversation;
using capture::Direction;
using capture::Endpoint;
using reports::CheckStatus;


bool Has(const std::vector<Endpoint>& v, const Endpoint& e) { return std::find(v.begin(), v.end(), e) != v.end(); }

std::string EndpointText(const Endpoint& e) {
  return reports::EndpointText({e.addr.ToString(), e.port});
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

// --- the kernel's refusals ----------------------------------------------------

constexpr std::size_t kRefusalsNamed = 8;

// "no reply: the kernel answered the client's datagram with ICMP port
// unreachable (packet 4): nothing was bound to UDP port 6789 when it arrived".
std::string RefusalText(const UdpExchange& x, int port) {
  std::string numbers;
  for (std::size_t i = 0; i < std::min(x.refusals.size(), kRefusalsNamed); ++i) {
    numbers += (i == 0 ? "" : ", ") + std::to_string(x.refusals[i].mark->number);
  }
  if (x.refusal_count > kRefusalsNamed) numbers += ", ...";
  const std::string where = "nothing was bound to UDP port " + std::to_string(port);
  if (x.refusal_count == 1) {
    return "no reply: the kernel answered the client's datagram with ICMP port unreachable (packet " + numbers +
           "): " + where + " when it arrived";
  }
  return "no reply: the kernel answered " + std::to_string(x.refusal_count) +
         " of the clients' datagrams with ICMP port unreachable (packets " + numbers + "): " + where +
         " when they arrived";
}

// A check on the server's datagrams that failed or stayed undecided for want
// of them: when the kernel refused clients' datagrams, its message says so,
// its evidence cites the ICMP packets (and marks the refused datagrams in
// the first refused flow's ladder), and a failure gets the hint.
void AddRefusalEvidence(const VerifyContext& ctx, const UdpExchange& x, PendingCheck* check) {
  reports::Check& c = check->check;
  if (x.refusals.empty() || c.status == CheckStatus::kPass || c.status == CheckStatus::kNotApplicable) return;
  c.message += "; " + RefusalText(x, ctx.server_port);
  if (c.status == CheckStatus::kFail) c.hint = std::string(hints::kNothingBound);
  reports::Evidence& e = c.evidence;
  std::vector<std::uint64_t> refused;
  for (const RefusalRef& r : x.refusals) {
    e.packets.push_back({r.mark->number, RelativeTo(r.mark->ts, ctx.origin)});
    if (r.conversation == x.refusals[0].conversation && r.datagram != 0) refused.push_back(r.datagram);
  }
  if (e.conversation || !e.ladder.empty()) return;
  e.conversation = ConversationIdOf(*x.refusals[0].conversation, x.refusals[0].client);
  e.ladder = BuildLadder(*x.refusals[0].conversation, x.refusals[0].client, ctx.origin, refused);
}

// --- the two sides of a wire -------------------------------------------------

WireNotes NotesOf(const VerifyContext& ctx, const UdpExchange& x) {
  WireNotes notes;
  if (ctx.run == nullptr || !ctx.run->client_side) return notes;
  const ClientSideOfWire& side = *ctx.run->client_side;
  const UdpExchange far = FindExchange(*side.trace, ctx.server_port);
  notes.two_sides = true;
  notes.to_server = LostOnTheWireText(side, WireWay::kToServer, x.client_datagrams.size(),
                                      far.client_datagrams.size(), "datagram");
  notes.to_client = LostOnTheWireText(side, WireWay::kToClient, x.server_datagrams.size(),
                                      far.server_datagrams.size(), "datagram");
  notes.server_sent = x.server_datagrams.size();
  return notes;
}

void AddNote(const std::string& note, PendingCheck* check) {
  if (!note.empty()) check->check.message += "; " + note;
}

// --- datagrams of one side ----------------------------------------------------

// The server's: refusals are evidence for what it did not send.
// With two sides, the clients' datagrams are those the server's side
// received; a clause says what the client's side saw where it differs. The
// server's are those it sent; a clause says which the clients lacked, and
// for want of datagrams, which requests never reached it.
void CheckDatagrams(const VerifyContext& ctx, const DatagramsExpect& expect, std::string_view side,
                    const std::vector<DatagramRef>& all, const UdpExchange& x, const WireNotes& notes,
                    std::vector<PendingCheck>* out) {
  const auto refusals = [&](PendingCheck* check, bool for_want_of_datagrams) {
    if (side == "server" && for_want_of_datagrams) AddRefusalEvidence(ctx, x, check);
    if (side == "client") {
      AddNote(notes.to_server, check);
    } else {
      if (for_want_of_datagrams) AddNote(notes.to_server, check);
      AddNote(notes.to_client, check);
    }
  };
  const std::string prefix = std::string(side) + "_datagrams";
  const std::string who = side == "client" ? "the clients" : "the server";
  const bool received = side == "client" && notes.two_sides;
  // "the clients sent 3 datagrams", or with two sides "the server received 3 datagrams from the clients"
  const auto sent = [&](std::size_t n) {
    return received ? "the server received " + std::to_string(n) + " datagrams from the clients"
                    : who + " sent " + std::to_string(n) + " datagrams";
  };
  const std::string sent_none =
      received ? "the server received no datagram from the clients" : who + " sent no datagram";
  if (expect.count) {
    const Count& count = expect.count->value;
    PendingCheck check = NewCheck(prefix + ".count", who + " send " + CountText(count) + " datagrams", "datagrams");
    check.check.evidence.expected = CountText(count) + " datagrams" + CitedAt(expect.count->where);
    const std::string text = sent(all.size());
    const bool too_many = count.at_most && static_cast<std::int64_t>(all.size()) > *count.at_most;
    Apply(count.Holds(static_cast<std::int64_t>(all.size())) ? Passed(text, text)
                                                             : Failed(text + ", expected " + CountText(count),
                                                                      hints::kDatagramCount, !too_many, text),
          &check);
    refusals(&check, !too_many);
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
    const bool too_few = !found && want.size() > all.size();
    if (!found && want.size() != all.size()) {
      const std::string text = sent(all.size()) + ", expected " + std::to_string(want.size());
      found = Failed(text, hints::kDatagramCount, want.size() > all.size(), text);
    }
    if (!found) found = Passed("all " + std::to_string(all.size()) + " payloads as expected");
    Apply(*found, &check);
    refusals(&check, too_few);
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
    if (all.empty()) found = Undecided(sent_none);
    if (!found) found = Passed("all " + std::to_string(all.size()) + " datagrams are " + DescribeTextMatch(m));
    Apply(*found, &check);
    refusals(&check, all.empty());
    out->push_back(std::move(check));
  }
  if (expect.size) {
    const Count& size = expect.size->value;
    PendingCheck check = NewCheck(prefix + ".size", "every datagram " + who + " send has " + CountText(size) + " bytes",
                                  "datagrams");
    check.check.evidence.expected = CountText(size) + " bytes each" + CitedAt(expect.size->where);
    const auto bad = std::find_if(all.begin(), all.end(), [&](const DatagramRef& d) { return !size.Holds(d.datagram->length); });
    if (all.empty()) {
      Apply(Undecided(sent_none), &check);
      refusals(&check, true);
    } else if (bad != all.end()) {
      const bool too_big = size.at_most && static_cast<std::int64_t>(bad->datagram->length) > *size.at_most;
      Apply(Failed("datagram " + DatagramText(*bad) + ": its size is not " + CountText(size),
                   too_big ? hints::kDatagramTooBig : hints::kDatagramTooSmall, false, DatagramText(*bad)),
            &check);
      AddDatagramEvidence(ctx, *bad, true, &check);
      refusals(&check, false);
    } else {
      Apply(Passed("all " + std::to_string(all.size()) + " datagrams have " + CountText(size) + " bytes"), &check);
      refusals(&check, false);
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


void CheckFlows(const VerifyContext& ctx, const Located<Count>& count, const UdpExchange& x, const WireNotes& notes,
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
  AddNote(notes.to_server, &check);
  out->push_back(std::move(check));
}

// Checks every server datagram with `bad` (a reason when it fails, else empty).
template <typename Bad>
void CheckEveryReply(const VerifyContext& ctx, PendingCheck check, const UdpExchange& x, const WireNotes& notes,
                     std::string_view hint, const std::string& pass_text, Bad bad, std::vector<PendingCheck>* out) {
  if (x.server_datagrams.empty()) {
    Apply(Undecided("the server sent no datagram"), &check);
    AddRefusalEvidence(ctx, x, &check);
    AddNote(notes.to_server, &check);
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
                          const WireNotes& notes, std::vector<PendingCheck>* out) {
  PendingCheck check = NewCheck("replies_to_sender", "every reply goes to the address and port of a client", "replies_to_sender");
  check.check.evidence.expected = "replies to the sender's address and port" + CitedAt(want.where);
  if (NotRequired(want, &check)) {
    out->push_back(std::move(check));
    return;
  }
  CheckEveryReply(ctx, std::move(check), x, notes, hints::kReplyToWrongAddress, "went to a client's address and port",
                  [&](const DatagramRef& d) {
                    return Has(x.clients, *d.dst) ? std::string()
                                                  : "no client sent from " + EndpointText(*d.dst);
                  }, out);
}

void CheckReplyFromBoundPort(const VerifyContext& ctx, const Located<bool>& want, const UdpExchange& x,
                             const WireNotes& notes, std::vector<PendingCheck>* out) {
  const std::string port = std::to_string(ctx.server_port);
  PendingCheck check = NewCheck("reply_from_bound_port", "every reply leaves from the server port " + port,
                                "reply_from_bound_port");
  check.check.evidence.expected = "replies from port " + port + CitedAt(want.where);
  if (NotRequired(want, &check)) {
    out->push_back(std::move(check));
    return;
  }
  CheckEveryReply(ctx, std::move(check), x, notes, hints::kReplyFromOtherPort, "left from port " + port,
                  [&](const DatagramRef& d) {
                    return d.src->port == ctx.server_port ? std::string()
                                                          : "sent from port " + std::to_string(d.src->port) + ", not " + port;
                  }, out);
}

void CheckSameSize(const VerifyContext& ctx, const Located<bool>& want, const UdpExchange& x, const WireNotes& notes,
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
  AddRefusalEvidence(ctx, x, &check);
  if (pairs == 0) AddNote(notes.to_server, &check);
  out->push_back(std::move(check));
}

// The server port after the clients: a fact the runner read from the socket
// tables once the run had settled, never in a capture.
void CheckStillBound(const VerifyContext& ctx, const Located<bool>& want, std::vector<PendingCheck>* out) {
  const std::string port = "UDP port " + std::to_string(ctx.server_port);
  PendingCheck check = NewCheck("server_still_bound",
                                want.value ? "the server's socket is still bound after the clients"
                                           : "the server's socket is closed after the clients",
                                "server_still_bound");
  check.check.evidence.expected =
      std::string(want.value ? "bound to " : "nothing bound to ") + port + CitedAt(want.where);
  const std::optional<bool> seen = ctx.run ? ctx.run->server_still_listening : std::nullopt;
  if (ctx.run == nullptr) {
    check.check.status = CheckStatus::kNotApplicable;
    check.check.message = "a capture taken elsewhere does not show the server's sockets";
  } else if (!seen) {
    Apply(Undecided("the run could not read the server's sockets"), &check);
  } else {
    const std::string text = *seen ? "a socket was still bound to " + port + " after the clients were done"
                                   : "nothing was bound to " + port + " after the clients were done";
    Finding f = *seen == want.value ? Passed(text, text)
                                    : Failed(text, want.value ? hints::kNotBound : std::string_view(), false, text);
    f.on_absence = false;  // the socket tables, not the capture
    Apply(f, &check);
  }
  out->push_back(std::move(check));
}

}  // namespace

WireNotes UdpWireNotes(const VerifyContext& ctx) { return NotesOf(ctx, FindExchange(ctx.trace, ctx.server_port)); }

void CheckUdp(const VerifyContext& ctx, std::vector<PendingCheck>* out) {
  const UdpExpect& u = ctx.scenario.expect.udp;
  const UdpExchange x = FindExchange(ctx.trace, ctx.server_port);
  const WireNotes notes = NotesOf(ctx, x);
  if (u.client_datagrams) CheckDatagrams(ctx, *u.client_datagrams, "client", x.client_datagrams, x, notes, out);
  if (u.server_datagrams) CheckDatagrams(ctx, *u.server_datagrams, "server", x.server_datagrams, x, notes, out);
  if (u.flows) CheckFlows(ctx, *u.flows, x, notes, out);
  if (u.replies_to_sender) CheckRepliesToSender(ctx, *u.replies_to_sender, x, notes, out);
  if (u.reply_from_bound_port) CheckReplyFromBoundPort(ctx, *u.reply_from_bound_port, x, notes, out);
  if (u.replies_same_size) CheckSameSize(ctx, *u.replies_same_size, x, notes, out);
  if (u.server_still_bound) CheckStillBound(ctx, *u.server_still_bound, out);
}

}  // namespace wirecheck
