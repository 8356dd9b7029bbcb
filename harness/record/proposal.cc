#include "harness/record/proposal.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>

#include "harness/record/byte_pattern.h"
#include "harness/record/yaml_writer.h"
#include "harness/verify/connection_findings.h"
#include "harness/verify/udp_exchange.h"
#include "harness/verify/verify_tcp.h"

namespace wirecheck {
namespace {

using capture::Direction;
using Path = std::vector<std::string>;

// How often each value was seen, in the order first seen.
template <typename T>
struct Tally {
  std::vector<std::pair<T, std::size_t>> seen;
  std::size_t total = 0;

  void Add(const T& value) {
    ++total;
    for (auto& [v, n] : seen) {
      if (v == value) {
        ++n;
        return;
      }
    }
    seen.emplace_back(value, 1);
  }
  bool uniform() const { return seen.size() == 1; }
  const T& value() const { return seen.front().first; }
};

std::string ToText(const std::string& s) { return s; }
std::string ToText(std::int64_t n) { return std::to_string(n); }
std::string ToText(bool b) { return b ? "true" : "false"; }

// "2 in 7 runs, 3 in 3": the values and how often, the most common first;
// numbers also as their range ("2-5 over 10 runs: ...").
template <typename T>
std::string Spread(const Tally<T>& t, std::string_view unit) {
  auto seen = t.seen;
  std::stable_sort(seen.begin(), seen.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  if constexpr (std::is_same_v<T, std::int64_t>) {
    const auto [lo, hi] = std::minmax_element(seen.begin(), seen.end(),
                                              [](const auto& a, const auto& b) { return a.first < b.first; });
    out = std::to_string(lo->first) + "-" + std::to_string(hi->first) + " over " + std::to_string(t.total) + " " +
          std::string(unit) + " (";
  }
  const std::size_t shown = std::min<std::size_t>(seen.size(), 4);
  for (std::size_t i = 0; i < shown; ++i) {
    out += (i ? ", " : "") + ToText(seen[i].first) + " in " + std::to_string(seen[i].second);
    if (i == 0 && !std::is_same_v<T, std::int64_t>) out += " " + std::string(unit);
  }
  if (seen.size() > shown) out += ", and " + std::to_string(seen.size() - shown) + " other values";
  if constexpr (std::is_same_v<T, std::int64_t>) out += ")";
  return out;
}

std::string Join(const Path& key, std::string_view sep) {
  std::string out;
  for (const std::string& k : key) out += (out.empty() ? "" : std::string(sep)) + k;
  return out;
}

YamlTree Number(std::int64_t n) { return WordValue(std::to_string(n)); }
YamlTree Bool(bool b) { return WordValue(b ? "true" : "false"); }

YamlTree RegexMatch(const std::string& pattern) {
  YamlTree map = YamlTree::Map();
  map.flow = true;
  map.map.push_back({"regex", PatternValue(pattern)});
  return map;
}

// The text match every sample meets: the one value when they are all the
// same, else a pattern (byte_pattern.h). None, with *why, when one is too
// long to write.
std::optional<YamlTree> MatchOf(const std::vector<std::string>& samples, std::string* why) {
  std::size_t longest = 0;
  std::vector<std::string_view> distinct;
  for (const std::string& s : samples) {
    longest = std::max(longest, s.size());
    if (std::find(distinct.begin(), distinct.end(), s) == distinct.end()) distinct.push_back(s);
  }
  if (longest > kMaxRecordedBytes) {
    *why = "up to " + std::to_string(longest) + " bytes, too long to write here";
    return std::nullopt;
  }
  if (distinct.size() == 1) return PayloadValue(distinct.front());
  return RegexMatch(CommonPattern(distinct));
}

class Builder {
 public:
  explicit Builder(std::size_t runs) : runs_(runs) {}

  void Assert(Path path, YamlTree value, std::string check_id) {
    out.assertions.push_back({std::move(path), std::move(value), std::move(check_id)});
  }
  void Omit(Path where, std::string text) { out.omissions.push_back({std::move(where), std::move(text)}); }
  std::string RunsUnit() const { return runs_ == 1 ? "run" : "runs"; }

  Proposal out;

 private:
  std::size_t runs_;
};

// ---- TCP connections ------------------------------------------------------

struct ConnRef {
  ServedConnection sc;
  std::size_t run = 0;
};

/// One key of a connection expectation over a set of connections: its value
/// when every connection agreed, else how they differed.
struct KeyValue {
  Path key;  // {"close", "first_fin"}
  std::optional<YamlTree> value;
  std::string spread;  // when no value; empty: nothing worth a comment
};

const capture::Endpoint& ClientEnd(const ServedConnection& sc) {
  return sc.client == Direction::kOrig ? sc.conversation->orig : sc.conversation->resp;
}

std::string SideOf(std::optional<Direction> d, const ServedConnection& sc) {
  if (!d) return "none";
  return *d == sc.client ? "client" : "server";
}

bool WholeStream(const capture::DirectionFacts& f) {
  return !f.data_truncated && f.gaps.empty() && f.stream_bytes == f.data.size();
}

template <typename T>
void AddUniform(Path key, const Tally<T>& t, std::string_view unit, YamlTree (*value)(const T&),
                std::vector<KeyValue>* out) {
  if (t.total == 0) return;
  if (t.uniform()) out->push_back({std::move(key), value(t.value()), {}});
  else out->push_back({std::move(key), std::nullopt, Spread(t, unit)});
}

YamlTree WordOf(const std::string& s) { return WordValue(s); }
YamlTree HistoryOf(const std::string& h) { return PatternValue("^" + QuoteRegex(h) + "$"); }

std::vector<KeyValue> ConnectionKeys(const std::vector<ConnRef>& conns, const std::vector<RunObservation>& runs,
                                     int server_port) {
  std::vector<KeyValue> keys;
  if (conns.empty()) return keys;
  const std::string unit = conns.size() == 1 ? "connection" : "connections";
  namespace cf = connection_findings;
  Tally<std::string> handshake, first_fin, reset, history, state, client_port;
  Tally<bool> clean;
  std::vector<std::string> sends[2];
  std::string incomplete[2];
  bool ephemeral = true;
  for (const ConnRef& c : conns) {
    const capture::Conversation& conv = *c.sc.conversation;
    handshake.Add(cf::HandshakeComplete(c.sc).status == reports::CheckStatus::kPass  ? "complete"
                  : cf::HandshakeRefused(c.sc).status == reports::CheckStatus::kPass ? "refused"
                                                                                      : "neither");
    const int port = ClientEnd(c.sc).port;
    client_port.Add(std::to_string(port));
    const auto& range = runs[c.run].facts.ephemeral_ports;
    ephemeral = ephemeral && range && range->Contains(port);
    for (int side = 0; side < 2; ++side) {
      const Direction d = side == 0 ? c.sc.client : c.sc.server();
      const capture::DirectionFacts& f = conv.from(d);
      if (!WholeStream(f)) incomplete[side] = "the capture did not hold every byte of a connection";
      sends[side].push_back(f.data);
    }
    first_fin.Add(SideOf(conv.first_fin, c.sc));
    reset.Add(SideOf(conv.first_rst, c.sc));
    const bool both_fin = conv.from(Direction::kOrig).fin_packet != 0 && conv.from(Direction::kResp).fin_packet != 0;
    clean.Add(both_fin && !conv.first_rst);
    history.Add(conv.history);
    state.Add(conv.conn_state);
  }
  if (handshake.uniform() && handshake.value() != "neither") {
    keys.push_back({{"handshake"}, WordValue(handshake.value()), {}});
  } else {
    keys.push_back({{"handshake"}, std::nullopt, Spread(handshake, unit)});
  }
  keys.push_back({{"server_port"}, Number(server_port), {}});
  if (ephemeral) keys.push_back({{"client_port"}, WordValue("ephemeral"), {}});
  else AddUniform({"client_port"}, client_port, unit, &WordOf, &keys);
  for (int side = 0; side < 2; ++side) {
    const std::string key = side == 0 ? "client_sends" : "server_sends";
    std::string why = incomplete[side];
    std::optional<YamlTree> match;
    if (why.empty()) match = MatchOf(sends[side], &why);
    keys.push_back({{key}, std::move(match), why});
  }
  // A close key only where the connections agree on a fact that is there
  // (no FIN or no RST anywhere is left unsaid).
  if (!(first_fin.uniform() && first_fin.value() == "none")) {
    AddUniform({"close", "first_fin"}, first_fin, unit, &WordOf, &keys);
  }
  if (clean.uniform() && clean.value()) {
    keys.push_back({{"close", "clean"}, Bool(true), {}});
  } else if (!clean.uniform()) {
    std::size_t n = 0;
    for (const auto& [v, times] : clean.seen) n += v ? times : 0;
    keys.push_back({{"close", "clean"}, std::nullopt,
                    "a FIN each way and no RST in " + std::to_string(n) + " of " + std::to_string(clean.total) +
                        " " + unit});
  }
  if (!(reset.uniform() && reset.value() == "none")) AddUniform({"close", "reset"}, reset, unit, &WordOf, &keys);
  AddUniform({"history"}, history, unit, &HistoryOf, &keys);
  AddUniform({"conn_state"}, state, unit, &WordOf, &keys);
  return keys;
}

bool IsPattern(const YamlTree& match) { return match.Find("regex") != nullptr; }

// The keys every connection agreed on go under every_connection; one they did
// not is tried per client group, whose connections may agree among themselves.
void ProposeConnections(const Scenario& scenario, const std::vector<RunObservation>& runs,
                        const std::vector<std::vector<ServedConnection>>& per_run, Builder* b) {
  std::vector<ConnRef> all;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    for (const ServedConnection& sc : per_run[r]) all.push_back({sc, r});
  }
  if (all.empty()) return;
  const int port = runs.front().server_port;
  std::vector<KeyValue> open;
  std::vector<Path> refine;  // bytes every connection matched only as a pattern
  for (KeyValue& k : ConnectionKeys(all, runs, port)) {
    if (k.value && IsPattern(*k.value)) refine.push_back(k.key);
    if (k.value) {
      Path path = {"expect", "every_connection"};
      path.insert(path.end(), k.key.begin(), k.key.end());
      b->Assert(std::move(path), std::move(*k.value), "every_connection." + Join(k.key, "."));
    } else {
      open.push_back(std::move(k));
    }
  }
  std::set<std::string> settled;  // keys some client group asserts
  for (std::size_t g = 0; g < scenario.clients.size() && !(open.empty() && refine.empty()); ++g) {
    const ClientSpec& client = scenario.clients[g];
    std::vector<ConnRef> mine;
    std::string unknown;
    for (std::size_t r = 0; r < runs.size() && unknown.empty(); ++r) {
      std::vector<ServedConnection> group;
      unknown = ClientGroupConnections(runs[r].facts, g, client.name, per_run[r], &group);
      for (const ServedConnection& sc : group) mine.push_back({sc, r});
    }
    if (!unknown.empty() || mine.empty()) continue;
    for (KeyValue& k : ConnectionKeys(mine, runs, port)) {
      // A key the connections did not agree on, or bytes this group sent
      // exactly where all of them only matched a pattern.
      const bool wanted = std::any_of(open.begin(), open.end(), [&](const KeyValue& o) { return o.key == k.key; }) ||
                          (std::find(refine.begin(), refine.end(), k.key) != refine.end() && k.value &&
                           !IsPattern(*k.value));
      if (!wanted || !k.value) continue;
      Path path = {"clients", "[" + std::to_string(g) + "]", "wire"};
      path.insert(path.end(), k.key.begin(), k.key.end());
      b->Assert(std::move(path), std::move(*k.value), client.name + ".wire." + Join(k.key, "."));
      settled.insert(Join(k.key, "."));
    }
  }
  for (const KeyValue& k : open) {
    if (k.spread.empty()) continue;
    const std::string name = Join(k.key, ".");
    b->Omit({"expect"}, "every_connection." + name + ": " + k.spread +
                            (settled.count(name) ? ": asserted per client group (wire)" : ": not asserted"));
  }
}

void ProposeTcp(const Scenario& scenario, const std::vector<RunObservation>& runs, Builder* b) {
  std::vector<std::vector<ServedConnection>> per_run;
  Tally<std::int64_t> count, most;
  Tally<bool> listening;
  Tally<std::int64_t> backlog;
  for (const RunObservation& r : runs) {
    per_run.push_back(ConnectionsToServer(r.trace, r.server_port));
    count.Add(static_cast<std::int64_t>(per_run.back().size()));
    most.Add(static_cast<std::int64_t>(MaxServedAtOnce(per_run.back(), r.trace.stats.last_ts).count));
    if (r.facts.server_still_listening) listening.Add(*r.facts.server_still_listening);
    if (r.facts.listen_backlog) backlog.Add(*r.facts.listen_backlog);
  }
  const std::string unit = b->RunsUnit();
  if (count.uniform()) b->Assert({"expect", "connections"}, Number(count.value()), "connections");
  else b->Omit({"expect"}, "connections: " + Spread(count, unit) + ": not asserted");
  ProposeConnections(scenario, runs, per_run, b);
  const bool any = !(count.uniform() && count.value() == 0);
  if (any) b->Assert({"expect", "distinct_4tuples"}, Bool(true), "distinct_4tuples");
  if (any && most.uniform()) {
    b->Assert({"expect", "max_open_at_once"}, Number(most.value()), "max_open_at_once");
  } else if (any) {
    b->Omit({"expect"}, "max_open_at_once: " + Spread(most, unit) + ": not asserted");
  }
  if (listening.total == runs.size() && listening.uniform()) {
    b->Assert({"expect", "server_still_listening"}, Bool(listening.value()), "server_still_listening");
  } else if (listening.total > 0) {
    b->Omit({"expect"}, "server_still_listening: " + Spread(listening, unit) + ": not asserted");
  }
  if (backlog.total == runs.size() && backlog.uniform()) {
    b->Assert({"expect", "listen_backlog"}, Number(backlog.value()), "listen_backlog");
  }
}

// ---- UDP ------------------------------------------------------------------

constexpr std::size_t kMaxListedDatagrams = 50;

void ProposeDatagrams(const std::vector<UdpExchange>& xs, bool server_side, Builder* b) {
  const std::string key = server_side ? "server_datagrams" : "client_datagrams";
  Tally<std::string> lists;  // each run's payloads, joined with their lengths
  Tally<std::int64_t> count, size;
  std::vector<std::string> pooled;
  bool whole = true;
  std::size_t most = 0;
  for (const UdpExchange& x : xs) {
    const std::vector<DatagramRef>& ds = server_side ? x.server_datagrams : x.client_datagrams;
    std::string joined;
    for (const DatagramRef& d : ds) {
      whole = whole && d.whole();
      joined += std::to_string(d.payload().size()) + ":" + std::string(d.payload());
      pooled.emplace_back(d.payload());
      size.Add(static_cast<std::int64_t>(d.payload().size()));
    }
    most = std::max(most, ds.size());
    lists.Add(joined);
    count.Add(static_cast<std::int64_t>(ds.size()));
  }
  const std::string unit = b->RunsUnit();
  const Path at = {"expect", key};
  if (!whole) {
    b->Omit({"expect"}, key + ": the capture cut some datagrams: their bytes are not asserted");
  }
  if (whole && lists.uniform() && most > 0 && most <= kMaxListedDatagrams) {
    const std::vector<DatagramRef>& ds = server_side ? xs.front().server_datagrams : xs.front().client_datagrams;
    YamlTree list = YamlTree::List();
    std::size_t bytes = 0;
    for (const DatagramRef& d : ds) {
      list.list.push_back(PayloadValue(d.payload()));
      bytes += d.payload().size();
    }
    if (bytes <= kMaxRecordedBytes) {
      b->Assert({"expect", key, "payloads"}, std::move(list), key + ".payloads");
      return;
    }
  }
  if (count.uniform()) b->Assert({"expect", key, "count"}, Number(count.value()), key + ".count");
  else b->Omit({"expect"}, key + ".count: " + Spread(count, unit) + ": not asserted");
  if (pooled.empty() || !whole) return;
  std::string why;
  if (auto match = MatchOf(pooled, &why)) b->Assert({"expect", key, "each"}, std::move(*match), key + ".each");
  else b->Omit({"expect"}, key + ".each: " + why);
  if (size.uniform()) b->Assert({"expect", key, "size"}, Number(size.value()), key + ".size");
}

void ProposeUdp(const std::vector<RunObservation>& runs, Builder* b) {
  std::vector<UdpExchange> xs;
  Tally<std::int64_t> flows;
  Tally<bool> bound;
  bool replies = true;
  for (const RunObservation& r : runs) {
    xs.push_back(FindExchange(r.trace, r.server_port));
    flows.Add(static_cast<std::int64_t>(xs.back().clients.size()));
    replies = replies && !xs.back().server_datagrams.empty();
    if (r.facts.server_still_listening) bound.Add(*r.facts.server_still_listening);
  }
  const std::string unit = b->RunsUnit();
  ProposeDatagrams(xs, false, b);
  ProposeDatagrams(xs, true, b);
  if (flows.uniform()) b->Assert({"expect", "flows"}, Number(flows.value()), "flows");
  else b->Omit({"expect"}, "flows: " + Spread(flows, unit) + ": not asserted");
  if (replies) {
    for (const char* key : {"replies_to_sender", "reply_from_bound_port", "replies_same_size"}) {
      b->Assert({"expect", key}, Bool(true), key);
    }
  }
  if (bound.total == runs.size() && bound.uniform()) {
    b->Assert({"expect", "server_still_bound"}, Bool(bound.value()), "server_still_bound");
  }
}

// ---- programs -------------------------------------------------------------

std::string ExitText(const ProcessOutcome& o) {
  if (const auto* e = std::get_if<Exited>(&o)) return std::to_string(e->code);
  return Describe(o);
}

// "1.5 ms", "27 ms": a program's run time as people read it.
std::string Milliseconds(std::chrono::nanoseconds d) {
  const double ms = std::chrono::duration<double, std::milli>(d).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, ms < 10 ? "%.1f ms" : "%.0f ms", ms);
  return buf;
}

void ProposeProgram(const Path& at, const std::string& name, const std::vector<const ProcessRun*>& runs,
                    bool exit_checked, Builder* b) {
  if (runs.empty()) return;
  Tally<std::string> exits;
  std::vector<std::string> outputs[2];
  bool cut[2] = {false, false};
  std::chrono::nanoseconds shortest = runs.front()->result.elapsed, longest = shortest;
  for (const ProcessRun* r : runs) {
    exits.Add(ExitText(r->result.outcome));
    const OutputCapture* streams[2] = {&r->result.stdout_capture, &r->result.stderr_capture};
    for (int s = 0; s < 2; ++s) {
      cut[s] = cut[s] || streams[s]->truncated();
      outputs[s].push_back(streams[s]->kept());
    }
    shortest = std::min(shortest, r->result.elapsed);
    longest = std::max(longest, r->result.elapsed);
  }
  const std::string unit = runs.size() == 1 ? "run" : "runs";
  Path expect = at;
  expect.push_back("expect");
  const auto key = [&](const char* k) {
    Path p = expect;
    p.push_back(k);
    return p;
  };
  if (exit_checked) {
    const auto* first = std::get_if<Exited>(&runs.front()->result.outcome);
    if (exits.uniform() && first) b->Assert(key("exit"), Number(first->code), name + ".exit");
    else b->Omit(at, "exit: " + Spread(exits, unit) + ": not asserted");
  }
  for (int s = 0; s < 2; ++s) {
    const char* stream = s == 0 ? "stdout" : "stderr";
    std::string why = cut[s] ? "more than the output limit kept" : "";
    std::optional<YamlTree> match;
    if (why.empty()) match = MatchOf(outputs[s], &why);
    if (match) b->Assert(key(stream), std::move(*match), name + "." + stream);
    else b->Omit(at, std::string(stream) + ": " + why + ": not asserted");
  }
  if (exit_checked) {
    b->Omit(at, "within: it ran " + Milliseconds(shortest) +
                    (longest != shortest ? " to " + Milliseconds(longest) : std::string()) +
                    ": timing is not asserted");
  }
}

void ProposePrograms(const Scenario& scenario, const std::vector<RunObservation>& runs, Builder* b) {
  if (scenario.server.command) {
    std::vector<const ProcessRun*> server;
    for (const RunObservation& r : runs) {
      if (r.facts.server) server.push_back(&*r.facts.server);
    }
    ProposeProgram({"server"}, scenario.server.name, server, scenario.server.stop == ServerSpec::Stop::kWait, b);
  }
  for (std::size_t g = 0; g < scenario.clients.size(); ++g) {
    if (!scenario.clients[g].command) continue;
    std::vector<const ProcessRun*> group;
    for (const RunObservation& r : runs) {
      if (g >= r.facts.clients.size()) continue;
      for (const ProcessRun& p : r.facts.clients[g]) group.push_back(&p);
    }
    ProposeProgram({"clients", "[" + std::to_string(g) + "]"}, scenario.clients[g].name, group, true, b);
  }
}

}  // namespace

Proposal ProposeExpectations(const Scenario& scenario, const std::vector<RunObservation>& runs) {
  Builder b(runs.size());
  ProposePrograms(scenario, runs, &b);
  if (scenario.protocol == Scenario::Protocol::kTcp) ProposeTcp(scenario, runs, &b);
  else ProposeUdp(runs, &b);
  return std::move(b.out);
}

}  // namespace wirecheck
