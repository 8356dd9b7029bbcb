#include "harness/verify/verify_connection.h"

#include <algorithm>
#include <functional>

#include "harness/model/text_match.h"
#include "harness/verify/connection_findings.h"
#include "harness/verify/connection_sides.h"
#include "harness/verify/ladder.h"

namespace wirecheck {
namespace {

using capture::Conversation;
using capture::Direction;
using reports::CheckStatus;
using namespace connection_findings;

using Evaluate = std::function<Finding(const ServedConnection&)>;

struct KeyCheck {
  std::string key;            // "handshake", "close.first_fin"
  std::string title;          // after the group's noun
  std::string_view grading;
  std::string expected;       // one line, plain words
  SourceLocation where;
  Evaluate evaluate;
  ConnectionPart part = ConnectionPart::kNone;  // what a failure's clause on the wire's sides compares
};

// --- the table of keys -------------------------------------------------------

std::string TextTitle(std::string_view who, const TextMatch& m) {
  return "the " + std::string(who) + " sends " + DescribeTextMatch(m);
}

std::vector<KeyCheck> KeyChecks(const VerifyContext* ctx, const ConnectionExpect& e) {
  std::vector<KeyCheck> keys;
  if (e.handshake) {
    const bool complete = e.handshake->value == ConnectionExpect::Handshake::kComplete;
    keys.push_back({"handshake",
                    complete ? "SYN, SYN-ACK, ACK in order before any data" : "the SYN is refused with an RST",
                    "handshake", complete ? "SYN, SYN-ACK, ACK, then data" : "SYN answered by RST", e.handshake->where,
                    complete ? Evaluate(HandshakeComplete) : Evaluate(HandshakeRefused), ConnectionPart::kHandshake});
  }
  if (e.server_port) {
    const int port = e.server_port->value;
    keys.push_back({"server_port", "the server's port is " + std::to_string(port), "ports",
                    "server port " + std::to_string(port), e.server_port->where,
                    [ctx, port](const ServedConnection& sc) { return ServerPort(*ctx, port, sc); }});
  }
  if (e.client_port) {
    const ConnectionExpect::PortRange r = e.client_port->value;
    const std::string what = r.ephemeral ? "ephemeral"
                             : r.from == r.to ? std::to_string(r.from)
                                              : "from " + std::to_string(r.from) + " to " + std::to_string(r.to);
    keys.push_back({"client_port", "the client's port is " + what, "ports", "client port " + what,
                    e.client_port->where,
                    [ctx, r](const ServedConnection& sc) { return ClientPort(*ctx, r, sc); }});
  }
  for (const auto& [key, match, client] : {std::tuple{"client_sends", &e.client_sends, true},
                                          std::tuple{"server_sends", &e.server_sends, false}}) {
    if (!*match) continue;
    const TextMatch m = **match;
    const bool is_client = client;
    keys.push_back({key, TextTitle(is_client ? "client" : "server", m), "data", DescribeTextMatch(m), m.where,
                    [ctx, m, is_client](const ServedConnection& sc) {
                      return Sends(*ctx, m, is_client ? sc.client : sc.server(), sc);
                    },
                    ConnectionPart::kBytes});
  }
  if (e.close) {
    if (const auto& first = e.close->first_fin) {
      const Side side = first->value;
      keys.push_back({"close.first_fin", "the " + std::string(SideName(side)) + " sends the first FIN", "close",
                      "first FIN from the " + std::string(SideName(side)), first->where,
                      [side](const ServedConnection& sc) { return FirstFin(side, sc); }, ConnectionPart::kClose});
    }
    if (const auto& clean = e.close->clean) {
      const bool want = clean->value;
      keys.push_back({"close.clean",
                      want ? "closes cleanly: a FIN each way, no RST" : "does not close cleanly", "close",
                      want ? "FIN both ways, no RST" : "an RST or a missing FIN", clean->where,
                      [want](const ServedConnection& sc) { return Clean(want, sc); }, ConnectionPart::kClose});
    }
    if (const auto& reset = e.close->reset) {
      const Side side = reset->value;
      keys.push_back({"close.reset", "the " + std::string(SideName(side)) + " resets the connection (RST)", "close",
                      "RST from the " + std::string(SideName(side)), reset->where,
                      [side](const ServedConnection& sc) { return Reset(side, sc); }, ConnectionPart::kClose});
    }
  }
  if (e.history) {
    const std::string pattern = e.history->value;
    keys.push_back({"history", "Zeek history matches /" + pattern + "/", "history", "history matching /" + pattern + "/",
                    e.history->where, [pattern](const ServedConnection& sc) { return History(pattern, sc); },
                    ConnectionPart::kHistory});
  }
  if (e.conn_state) {
    const std::vector<std::string> states = e.conn_state->value;
    const std::string text = (states.size() == 1 ? "" : "one of ") + JoinStates(states);
    keys.push_back({"conn_state", "Zeek conn_state is " + text, "history", "conn_state " + text,
                    e.conn_state->where, [states](const ServedConnection& sc) { return ConnState(states, sc); },
                    ConnectionPart::kHistory});
  }
  return keys;
}

PendingCheck NewKeyCheck(const KeyCheck& key, const ConnectionGroup& group) {
  PendingCheck check = NewCheck(group.id_prefix + "." + key.key, group.noun + ": " + key.title, key.grading);
  check.check.evidence.expected = key.expected + CitedAt(key.where);
  return check;
}

// The finding to report: a failure the lost packets cannot explain first,
// then any failure, then an inconclusive one; none: every one passed.
std::optional<std::size_t> Worst(const std::vector<Finding>& findings) {
  std::optional<std::size_t> fail, absent_fail, undecided;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    if (f.status == CheckStatus::kFail && !f.on_absence && !fail) fail = i;
    if (f.status == CheckStatus::kFail && !absent_fail) absent_fail = i;
    if ((f.status == CheckStatus::kInconclusive || f.status == CheckStatus::kNotApplicable) && !undecided) {
      undecided = i;
    }
  }
  if (fail) return fail;
  if (absent_fail) return absent_fail;
  return undecided;
}

void AddConnectionEvidence(const VerifyContext& ctx, const ServedConnection& sc, const Finding& f, bool ladder,
                           PendingCheck* check) {
  reports::Evidence& e = check->check.evidence;
  e.conversation = ConversationIdOf(*sc.conversation, sc.client);
  for (std::uint64_t n : f.packets) e.packets.push_back(PacketRefOf(*sc.conversation, n, ctx.origin));
  if (ladder) e.ladder = BuildLadder(*sc.conversation, sc.client, ctx.origin, f.packets);
}

// A failed or inconclusive check in a run with a wire: what the client's
// side saw of the connection it shows ("" without a wire: the message is as it was).
void AddWireSides(const VerifyContext& ctx, ConnectionPart part, const ServedConnection& sc, PendingCheck* check) {
  if (check->check.status != CheckStatus::kFail && check->check.status != CheckStatus::kInconclusive) return;
  if (const std::string note = ConnectionSidesText(ctx, part, sc); !note.empty()) check->check.message += "; " + note;
}

void Aggregate(const VerifyContext& ctx, ConnectionPart part, std::span<const ServedConnection> connections,
               const std::vector<Finding>& findings, PendingCheck* check) {
  const std::size_t n = connections.size();
  const std::optional<std::size_t> worst = Worst(findings);
  if (!worst) {
    Apply(findings.front(), check);
    check->needs_whole_capture = std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.on_absence; });
    if (n > 1) check->check.message = "all " + std::to_string(n) + " connections; the first: " + findings.front().message;
    AddConnectionEvidence(ctx, connections.front(), findings.front(), false, check);
    return;
  }
  const Finding& f = findings[*worst];
  Apply(f, check);
  if (n > 1) {
    const auto same = std::count_if(findings.begin(), findings.end(), [&](const Finding& g) { return g.status == f.status; });
    check->check.message = "connection " + std::to_string(*worst + 1) + " of " + std::to_string(n) + " (" +
                           std::to_string(same) + " like it): " + f.message;
  }
  AddConnectionEvidence(ctx, connections[*worst], f, f.status != CheckStatus::kNotApplicable, check);
  AddWireSides(ctx, part, connections[*worst], check);
  SetPartialCredit(findings, check);
}

}  // namespace

void CheckConnections(const VerifyContext& ctx, const ConnectionExpect& expect, const ConnectionGroup& group,
                      std::span<const ServedConnection> connections, std::vector<PendingCheck>* out) {
  if (connections.empty()) {
    for (const KeyCheck& key : KeyChecks(&ctx, expect)) {
      PendingCheck check = NewKeyCheck(key, group);
      Apply(group.none_is_failure ? Failed(group.none_message, group.none_hint, true) : Undecided(group.none_message),
            &check);
      out->push_back(std::move(check));
    }
    return;
  }
  for (const KeyCheck& key : KeyChecks(&ctx, expect)) {
    PendingCheck check = NewKeyCheck(key, group);
    std::vector<Finding> findings;
    findings.reserve(connections.size());
    for (const ServedConnection& sc : connections) findings.push_back(key.evaluate(sc));
    Aggregate(ctx, key.part, connections, findings, &check);
    out->push_back(std::move(check));
  }
}

void CheckConnectionsUnobservable(const ConnectionExpect& expect, const ConnectionGroup& group,
                                  reports::CheckStatus status, const std::string& message,
                                  std::vector<PendingCheck>* out) {
  for (const KeyCheck& key : KeyChecks(nullptr, expect)) {
    PendingCheck check = NewKeyCheck(key, group);
    check.check.status = status;
    check.check.message = message;
    out->push_back(std::move(check));
  }
}

}  // namespace wirecheck
