#include "harness/verify/verify_tcp.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <variant>

#include "harness/verify/hints.h"
#include "harness/verify/ladder.h"
#include "harness/verify/wire_sides.h"
#include "reports/check_text.h"

namespace wirecheck {
namespace {

using capture::Conversation;
using capture::Direction;
using reports::CheckStatus;

std::string Plural(std::size_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

std::string PortText(const VerifyContext& ctx) { return "port " + std::to_string(ctx.server_port); }

void AddConnectionRefs(const VerifyContext& ctx, const ServedConnection& sc, std::uint64_t packet,
                       reports::Evidence* e) {
  if (!e->conversation) e->conversation = ConversationIdOf(*sc.conversation, sc.client);
  if (packet != 0) e->packets.push_back(PacketRefOf(*sc.conversation, packet, ctx.origin));
}

std::uint64_t FirstPacket(const ServedConnection& sc) {
  const Conversation& c = *sc.conversation;
  if (c.handshake.syn_packet != 0) return c.handshake.syn_packet;
  return c.packets.empty() ? 0 : c.packets.front().number;
}

// With a capture on the client's side of the wire: the connections to the
// server port it saw that the server's side lacks, and what the wire lost
// on the way (a SYN lost every time it was sent); "" where they agree.
std::string ConnectionsLostNote(const VerifyContext& ctx, std::size_t server_side) {
  if (ctx.run == nullptr || !ctx.run->client_side) return {};
  const ClientSideOfWire& side = *ctx.run->client_side;
  const std::size_t client_side = ConnectionsToServer(*side.trace, ctx.server_port).size();
  return LostOnTheWireText(side, WireWay::kToServer, server_side, client_side, "connection", "tried");
}

void CheckCount(const VerifyContext& ctx, const Located<Count>& count, std::size_t n, std::vector<PendingCheck>* out) {
  PendingCheck check = NewCheck("connections", CountText(count.value) + " connections to the server port", "connections");
  check.check.evidence.expected = CountText(count.value) + " connections" + CitedAt(count.where);
  const std::string observed = Plural(n, "connection") + " to " + PortText(ctx);
  if (count.value.Holds(static_cast<std::int64_t>(n))) {
    Apply(Passed(observed, observed), &check);
  } else {
    const bool too_many = count.value.at_most && static_cast<std::int64_t>(n) > *count.value.at_most;
    Apply(Failed(observed + ", expected " + CountText(count.value),
                 too_many ? hints::kTooManyConnections : hints::kTooFewConnections, !too_many, observed),
          &check);
  }
  if (const std::string note = ConnectionsLostNote(ctx, n); !note.empty()) check.check.message += "; " + note;
  out->push_back(std::move(check));
}

void CheckDistinct(const VerifyContext& ctx, const Located<bool>& want, const std::vector<ServedConnection>& all,
                   std::vector<PendingCheck>* out) {
  PendingCheck check = NewCheck("distinct_4tuples",
                                want.value ? "no two connections share a 4-tuple" : "two connections share a 4-tuple",
                                "distinct_4tuples");
  check.check.evidence.expected = (want.value ? "distinct 4-tuples" : "a repeated 4-tuple") + CitedAt(want.where);
  std::map<std::string, std::size_t> seen;
  std::optional<std::pair<std::size_t, std::size_t>> repeat;
  for (std::size_t i = 0; i < all.size() && !repeat; ++i) {
    const std::string key = reports::ConversationText(ConversationIdOf(*all[i].conversation, all[i].client));
    const auto [it, inserted] = seen.emplace(key, i);
    if (!inserted) repeat = {it->second, i};
  }
  if (all.empty()) {
    Apply(Undecided("no connection to " + PortText(ctx) + " was captured"), &check);
  } else if (repeat) {
    const ServedConnection& a = all[repeat->first];
    const ServedConnection& b = all[repeat->second];
    const std::string text = "connections " + std::to_string(repeat->first + 1) + " and " +
                             std::to_string(repeat->second + 1) + " share the 4-tuple " +
                             reports::ConversationText(ConversationIdOf(*a.conversation, a.client));
    Finding f = want.value ? Failed(text, hints::kSame4Tuple, false, text) : Passed(text, text);
    f.on_absence = false;
    Apply(f, &check);
    AddConnectionRefs(ctx, a, FirstPacket(a), &check.check.evidence);
    AddConnectionRefs(ctx, b, FirstPacket(b), &check.check.evidence);
  } else {
    const std::string text = "no two of the " + Plural(all.size(), "connection") + " share a 4-tuple";
    Apply(want.value ? Passed(text, text) : Failed(text, hints::kSame4Tuple, true, text), &check);
  }
  out->push_back(std::move(check));
}

// The SYN answered by an RST: nothing listened.
bool Refused(const ServedConnection& sc) {
  const Conversation& c = *sc.conversation;
  return c.handshake.syn_packet != 0 && c.handshake.syn_ack_packet == 0 && c.from(sc.server()).rst_packet != 0;
}

// The server program ended by itself during the run (crashed, or exited
// without leaving a process behind that listened).
std::optional<std::string> ServerEnded(const VerifyContext& ctx) {
  if (ctx.run == nullptr || !ctx.run->server || ctx.run->server_left_listener) return std::nullopt;
  const ProcessResult& r = ctx.run->server->result;
  if (r.stopped_while_running || std::holds_alternative<FailedToStart>(r.outcome)) return std::nullopt;
  return (std::holds_alternative<Signaled>(r.outcome) ? "was " : "") + Describe(r.outcome);
}

// Why fewer connections were served at once than expected, when concurrency
// is not the likely cause: some connections were never served, or the server
// reset them, because the server ended, they were refused, or they were
// reset. The hint, and a clause for the message.
std::pair<std::string_view, std::string> WhyTooFewServed(const VerifyContext& ctx,
                                                         const std::vector<ServedConnection>& all,
                                                         const std::vector<std::optional<ServedInterval>>& intervals,
                                                         std::size_t best) {
  std::size_t refused = 0, reset = 0, cut = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const Conversation& c = *all[i].conversation;
    const bool server_rst = c.from(all[i].server()).rst_packet != 0;
    const bool any_rst = server_rst || c.from(all[i].client).rst_packet != 0;
    if (Refused(all[i])) {
      ++refused;
    } else if (server_rst || (!intervals[i] && any_rst)) {
      ++reset;
    }
    if (!intervals[i] || server_rst) ++cut;
  }
  // Every connection was served to its end: how many at once is the server's doing.
  if (cut == 0) return {hints::kNotConcurrent, ""};
  const std::string of = " of the " + Plural(all.size(), "connection");
  if (const std::optional<std::string> ended = ServerEnded(ctx)) {
    return {hints::kServerEndedDuringRun, "; the server " + *ended + " during the run"};
  }
  if (refused > 0) {
    return {hints::kRefusedNotServed,
            "; " + std::to_string(refused) + of + (refused == 1 ? " was" : " were") + " refused"};
  }
  if (reset > 0) {
    return {hints::kResetNotServed, "; " + std::to_string(reset) + of + (reset == 1 ? " was" : " were") + " reset"};
  }
  if (best == 0) return {hints::kNoneServed, ""};
  return {hints::kNotConcurrent, ""};
}

void CheckMaxOpen(const VerifyContext& ctx, const Located<Count>& count, const std::vector<ServedConnection>& all,
                  std::vector<PendingCheck>* out) {
  PendingCheck check = NewCheck("max_open_at_once", CountText(count.value) + " connections served at once",
                                "max_open_at_once");
  check.check.evidence.expected = CountText(count.value) + " connections served at the same moment" + CitedAt(count.where);
  const MostServed most = MaxServedAtOnce(all, ctx.trace.stats.last_ts);
  const std::size_t best = most.count;
  const capture::Timestamp best_t = most.at;
  const std::vector<std::optional<ServedInterval>>& intervals = most.intervals;
  // "up to" reads right when enough were open; "at most" when too few were.
  const bool holds = count.value.Holds(static_cast<std::int64_t>(best));
  const std::string observed =
      (holds ? "up to " : "at most ") + Plural(best, "connection") + " served at once" +
      (best > 0 ? " (" + std::to_string(best) + " at " + reports::RelativeTimeText(RelativeTo(best_t, ctx.origin)) + "s)"
                : std::string());
  if (all.empty()) {
    Apply(Undecided("no connection to " + PortText(ctx) + " was captured"), &check);
  } else if (holds) {
    Apply(Passed(observed, observed), &check);
  } else {
    const bool too_few = count.value.at_least && static_cast<std::int64_t>(best) < *count.value.at_least;
    const auto [hint, why] = too_few ? WhyTooFewServed(ctx, all, intervals, best)
                                     : std::pair<std::string_view, std::string>{hints::kTooConcurrent, ""};
    Apply(Failed(observed + ", expected " + CountText(count.value) +
                     " (a connection is served from the server's first data or FIN on it until it closes)" + why,
                 hint, true, observed),
          &check);
  }
  for (std::size_t i : most.open) {
    check.check.evidence.packets.push_back(PacketRefOf(*all[i].conversation, intervals[i]->start_packet, ctx.origin));
  }
  out->push_back(std::move(check));
}

// A fact of the welcome socket: observed by the runner, never in a capture.
template <typename Decide>
void CheckSocketFact(const VerifyContext& ctx, PendingCheck check, bool observed, Decide decide,
                     std::vector<PendingCheck>* out) {
  if (ctx.run == nullptr) {
    check.check.status = CheckStatus::kNotApplicable;
    check.check.message = "a capture taken elsewhere does not show the server's sockets";
  } else if (!observed) {
    Apply(Undecided("the run could not read the server's sockets"), &check);
  } else {
    Apply(decide(), &check);
  }
  out->push_back(std::move(check));
}

void CheckListening(const VerifyContext& ctx, const Located<bool>& want, std::vector<PendingCheck>* out) {
  PendingCheck check = NewCheck("server_still_listening",
                                want.value ? "the welcome socket still listens after the clients"
                                           : "the welcome socket is closed after the clients",
                                "server_still_listening");
  check.check.evidence.expected =
      std::string(want.value ? "listening" : "not listening") + " on " + PortText(ctx) + CitedAt(want.where);
  const std::optional<bool> seen = ctx.run ? ctx.run->server_still_listening : std::nullopt;
  CheckSocketFact(ctx, std::move(check), seen.has_value(), [&] {
    const std::string text = *seen ? "the server still listened on " + PortText(ctx) + " after the clients were done"
                                   : "nothing listened on " + PortText(ctx) + " after the clients were done";
    // The hint says to keep listening: only for a server that should have.
    const std::string_view hint = want.value ? hints::kNotListening : std::string_view();
    Finding f = *seen == want.value ? Passed(text, text) : Failed(text, hint, false, text);
    f.on_absence = false;
    return f;
  }, out);
}

void CheckBacklog(const VerifyContext& ctx, const Located<Count>& count, std::vector<PendingCheck>* out) {
  PendingCheck check = NewCheck("listen_backlog", "the listen() backlog is " + CountText(count.value), "listen_backlog");
  check.check.evidence.expected = "backlog " + CountText(count.value) + CitedAt(count.where);
  const std::optional<int> seen = ctx.run ? ctx.run->listen_backlog : std::nullopt;
  CheckSocketFact(ctx, std::move(check), seen.has_value(), [&] {
    const std::string text = "the welcome socket's backlog is " + std::to_string(*seen);
    Finding f = count.value.Holds(*seen) ? Passed(text, text) : Failed(text, hints::kBacklog, false, text);
    f.on_absence = false;
    return f;
  }, out);
}

void CheckInOrder(const VerifyContext& ctx, const std::vector<ServedConnection>& all, std::vector<PendingCheck>* out) {
  const std::vector<ConnectionExpect>& in_order = ctx.scenario.expect.connections_in_order;
  for (std::size_t i = 0; i < in_order.size(); ++i) {
    ConnectionGroup group;
    group.id_prefix = "connections_in_order[" + std::to_string(i + 1) + "]";
    group.noun = "connection " + std::to_string(i + 1);
    group.none_message = "only " + Plural(all.size(), "connection") + " to " + PortText(ctx) + " were captured";
    group.none_is_failure = true;
    group.none_hint = hints::kTooFewConnections;
    const std::span<const ServedConnection> one =
        i < all.size() ? std::span<const ServedConnection>(&all[i], 1) : std::span<const ServedConnection>();
    CheckConnections(ctx, in_order[i], group, one, out);
  }
}

const capture::Endpoint& ClientEndpoint(const ServedConnection& sc) {
  return sc.client == Direction::kOrig ? sc.conversation->orig : sc.conversation->resp;
}

// Program clients' connections, by when they began: a connection whose
// first packet falls within windows of group g and of no other group is g's
// (scripted clients' ports are known exactly and left out first). Empty, or
// why it cannot be told: connections that began while clients of several
// groups ran.
std::string ConnectionsByWindow(const RunFacts& run, std::size_t g, const std::vector<ServedConnection>& all,
                                std::vector<ServedConnection>* mine) {
  std::size_t ambiguous = 0;
  for (const ServedConnection& sc : all) {
    const std::uint16_t port = ClientEndpoint(sc).port;
    bool scripted = false;
    for (const auto& ports : run.client_ports) {
      if (ports && std::find(ports->begin(), ports->end(), port) != ports->end()) scripted = true;
    }
    if (scripted) continue;
    auto during = [&](std::size_t group) {
      const std::vector<TimeWindow>& w = run.client_windows[group];
      return std::any_of(w.begin(), w.end(), [&](const TimeWindow& t) { return t.Contains(sc.conversation->first_ts); });
    };
    if (!during(g)) continue;
    bool others = false;
    for (std::size_t h = 0; h < run.client_windows.size(); ++h) others = others || (h != g && during(h));
    if (others) ++ambiguous;
    else mine->push_back(sc);
  }
  if (ambiguous == 0) return {};
  return std::to_string(ambiguous) + (ambiguous == 1 ? " connection" : " connections") +
         " began while programs of several client groups ran: which opened " + (ambiguous == 1 ? "it" : "them") +
         " is not known (run the groups one after another)";
}

// The wire expectations of client group g, on the connections it opened.
void CheckClientGroup(const VerifyContext& ctx, std::size_t g, const std::vector<ServedConnection>& all,
                      std::vector<PendingCheck>* out) {
  const ClientSpec& client = ctx.scenario.clients[g];
  ConnectionGroup group;
  group.id_prefix = client.name + ".wire";
  group.noun = "every connection of " + client.name;
  if (ctx.run == nullptr) {
    CheckConnectionsUnobservable(*client.wire, group, CheckStatus::kNotApplicable,
                                 "which connections a client group opened is known only in a live run", out);
    return;
  }
  std::vector<ServedConnection> mine;
  const std::string unknown = ClientGroupConnections(*ctx.run, g, client.name, all, &mine);
  if (!unknown.empty()) {
    CheckConnectionsUnobservable(*client.wire, group, CheckStatus::kInconclusive, unknown, out);
    return;
  }
  group.none_message = "none of " + client.name + "'s connections was captured";
  group.none_is_failure = true;
  group.none_hint = hints::kTooFewConnections;
  CheckConnections(ctx, *client.wire, group, mine, out);
}

// Each group's checks belong to its own grading entry `<name>.wire`.
void CheckClientGroups(const VerifyContext& ctx, const std::vector<ServedConnection>& all,
                       std::vector<PendingCheck>* out) {
  const std::vector<ClientSpec>& clients = ctx.scenario.clients;
  for (std::size_t g = 0; g < clients.size(); ++g) {
    if (!clients[g].wire) continue;
    const std::size_t first = out->size();
    CheckClientGroup(ctx, g, all, out);
    for (std::size_t i = first; i < out->size(); ++i) (*out)[i].group_entry = clients[g].name + ".wire";
  }
}

}  // namespace

std::string ClientGroupConnections(const RunFacts& run, std::size_t g, const std::string& name,
                                   const std::vector<ServedConnection>& all, std::vector<ServedConnection>* mine) {
  if (g < run.client_ports.size() && run.client_ports[g]) {
    const std::vector<std::uint16_t>& ports = *run.client_ports[g];
    for (const ServedConnection& sc : all) {
      if (std::find(ports.begin(), ports.end(), ClientEndpoint(sc).port) != ports.end()) mine->push_back(sc);
    }
    return {};
  }
  if (g < run.client_windows.size() && !run.client_windows[g].empty()) return ConnectionsByWindow(run, g, all, mine);
  return "the run did not record the ports of " + name + "'s connections";
}

std::vector<ServedConnection> ConnectionsToServer(const capture::Trace& trace, int server_port) {
  std::vector<ServedConnection> all;
  for (const Conversation& c : trace.conversations) {
    if (c.transport != capture::Transport::kTcp) continue;
    if (c.resp.port == server_port) {
      all.push_back({&c, Direction::kOrig});
    } else if (c.orig.port == server_port && c.originator_rule != capture::OriginatorRule::kFirstSyn) {
      all.push_back({&c, Direction::kResp});  // no SYN seen: the server port decides
    }
  }
  const auto opened = [](const ServedConnection& sc) {
    const Conversation& c = *sc.conversation;
    return c.handshake.syn_packet != 0 ? c.handshake.syn_ts : c.first_ts;
  };
  std::stable_sort(all.begin(), all.end(),
                   [&](const ServedConnection& a, const ServedConnection& b) { return opened(a) < opened(b); });
  return all;
}

std::optional<ServedInterval> ServedIntervalOf(const ServedConnection& sc, capture::Timestamp capture_end) {
  const Conversation& c = *sc.conversation;
  ServedInterval served;
  bool started = false;
  for (const capture::PacketRecord& p : c.packets) {
    if (p.dir == sc.server() && (p.payload_length > 0 || (p.flags & capture::tcp_flag::kFin))) {
      served.start = p.ts;
      served.start_packet = p.number;
      started = true;
      break;
    }
  }
  if (!started) return std::nullopt;
  const capture::DirectionFacts& a = c.from(Direction::kOrig);
  const capture::DirectionFacts& b = c.from(Direction::kResp);
  served.end = capture_end;
  if (a.fin_packet != 0 && b.fin_packet != 0) served.end = std::max(a.fin_ts, b.fin_ts);
  if (a.rst_packet != 0) served.end = std::min(served.end, a.rst_ts);
  if (b.rst_packet != 0) served.end = std::min(served.end, b.rst_ts);
  if (served.end < served.start) served.end = served.start;
  return served;
}

MostServed MaxServedAtOnce(const std::vector<ServedConnection>& all, capture::Timestamp capture_end) {
  MostServed most;
  // Sweep over start (+1) and end (-1) events; at equal times ends first.
  struct Event {
    capture::Timestamp t;
    int delta;
    std::size_t index;
  };
  std::vector<Event> events;
  for (std::size_t i = 0; i < all.size(); ++i) {
    most.intervals.push_back(ServedIntervalOf(all[i], capture_end));
    if (!most.intervals.back()) continue;
    events.push_back({most.intervals.back()->start, +1, i});
    events.push_back({most.intervals.back()->end, -1, i});
  }
  std::sort(events.begin(), events.end(),
            [](const Event& a, const Event& b) { return std::tie(a.t, a.delta) < std::tie(b.t, b.delta); });
  std::vector<std::size_t> open;
  for (const Event& e : events) {
    if (e.delta < 0) {
      open.erase(std::remove(open.begin(), open.end(), e.index), open.end());
      continue;
    }
    open.push_back(e.index);
    if (open.size() > most.count) {
      most.count = open.size();
      most.at = e.t;
      most.open = open;
    }
  }
  return most;
}

void CheckTcp(const VerifyContext& ctx, std::vector<PendingCheck>* out) {
  const WireExpect& w = ctx.scenario.expect;
  const std::vector<ServedConnection> all = ConnectionsToServer(ctx.trace, ctx.server_port);
  if (w.connections) CheckCount(ctx, *w.connections, all.size(), out);
  if (w.every_connection) {
    ConnectionGroup group{"every_connection", "every connection",
                          "no connection to " + PortText(ctx) + " was captured", false, {}};
    if (const std::string note = ConnectionsLostNote(ctx, all.size()); all.empty() && !note.empty()) {
      group.none_message += "; " + note;
    }
    CheckConnections(ctx, *w.every_connection, group, all, out);
  }
  CheckInOrder(ctx, all, out);
  CheckClientGroups(ctx, all, out);
  if (w.distinct_4tuples) CheckDistinct(ctx, *w.distinct_4tuples, all, out);
  if (w.max_open_at_once) CheckMaxOpen(ctx, *w.max_open_at_once, all, out);
  if (w.server_still_listening) CheckListening(ctx, *w.server_still_listening, out);
  if (w.listen_backlog) CheckBacklog(ctx, *w.listen_backlog, out);
}

}  // namespace wirecheck
