// Expectations: text matches, process expectations, TCP connections, the
// wire expectations of a scenario.

#include "harness/loader/scenario_parts.h"
#include "harness/model/duration_text.h"

namespace wirecheck {

namespace {

bool IsHexPayload(const YAML::Node& node) { return node.IsMap() && node["hex"].IsDefined(); }

std::optional<ConnectionExpect::PortRange> ReadPortRange(const YamlValue& v, YamlContext& ctx) {
  ConnectionExpect::PortRange range;
  if (v.node.IsScalar() && v.node.Scalar() == "ephemeral") return range;
  range.ephemeral = false;
  if (v.node.IsScalar()) {
    const auto port = ReadPortText(v, ctx);
    if (!port) return std::nullopt;
    if (port->find('{') != std::string::npos) {
      ctx.Error(v.Where(ctx), v.label + ": expected ephemeral, a port, or a mapping of from, to, got " +
                                  Describe(v.node));
      return std::nullopt;
    }
    range.from = range.to = std::stoi(*port);
    return range;
  }
  if (!ExpectMapping(v, "ephemeral, a port, or a mapping of from, to", ctx)) return std::nullopt;
  const MappingReader m(v.node, kPortRangeKeys, ctx);
  std::optional<std::int64_t> from, to;
  ReadInto(m, "from", &from, ctx, ReadInteger);
  ReadInto(m, "to", &to, ctx, ReadInteger);
  if (!from || !to) return std::nullopt;
  if (*from > *to) {
    ctx.Error(v.Where(ctx), v.label + ": from " + std::to_string(*from) + " is above to " + std::to_string(*to));
    return std::nullopt;
  }
  range.from = static_cast<int>(*from);
  range.to = static_cast<int>(*to);
  return range;
}

std::optional<Side> ReadSide(const YamlValue& v, YamlContext& ctx) {
  const auto index = ReadChoice(v, ctx);   // client, server, either
  if (!index) return std::nullopt;
  return static_cast<Side>(*index);
}

std::optional<ConnectionExpect::Close> ReadClose(const YamlValue& v, YamlContext& ctx) {
  if (!ExpectMapping(v, "a mapping of first_fin, clean, reset", ctx)) return std::nullopt;
  const MappingReader m(v.node, kCloseKeys, ctx);
  ConnectionExpect::Close close;
  close.where = v.Where(ctx);
  ReadLocated(m, "first_fin", &close.first_fin, ctx, ReadSide);
  ReadLocated(m, "clean", &close.clean, ctx, ReadBool);
  ReadLocated(m, "reset", &close.reset, ctx, ReadSide);
  if (v.node.size() == 0) {
    ctx.Error(close.where, v.label + ": give first_fin, clean or reset");
  } else if (close.clean && close.clean->value && close.reset) {
    ctx.Error(close.reset->where, "'reset': contradicts clean: true (a clean close has no RST)");
  }
  return close;
}

std::optional<DatagramsExpect> ReadDatagrams(const YamlValue& v, YamlContext& ctx) {
  if (!ExpectMapping(v, "a mapping of count, payloads, each, size", ctx)) return std::nullopt;
  const MappingReader m(v.node, kDatagramsKeys, ctx);
  DatagramsExpect d;
  d.where = v.Where(ctx);
  ReadLocated(m, "count", &d.count, ctx, ReadCount);
  ReadLocated(m, "payloads", &d.payloads, ctx, ReadTextList);
  ReadInto(m, "each", &d.each, ctx, ReadTextMatch);
  ReadLocated(m, "size", &d.size, ctx, ReadCount);
  if (d.count && d.payloads && !d.count->value.Holds(static_cast<std::int64_t>(d.payloads->value.size()))) {
    ctx.Error(d.payloads->where, "'payloads': " + std::to_string(d.payloads->value.size()) +
                                     " payloads, but 'count' does not allow that many");
  }
  return d;
}

// reply_delay, replies_apart: an end at least; at_least below at_most; a
// tolerance that leaves something of at_least to check.
std::optional<TimeBound> ReadTimeBound(const YamlValue& v, YamlContext& ctx) {
  if (!ExpectMapping(v, "a mapping of at_least, at_most, tolerance", ctx)) return std::nullopt;
  const MappingReader m(v.node, kTimeBoundKeys, ctx);
  TimeBound b;
  b.where = v.Where(ctx);
  ReadInto(m, "at_least", &b.at_least, ctx, ReadDuration);
  ReadInto(m, "at_most", &b.at_most, ctx, ReadDuration);
  ReadInto(m, "tolerance", &b.tolerance, ctx, ReadDuration);
  // No end given: said once, unless an unknown key (a misspelt end) was.
  if (!m.Get("at_least") && !m.Get("at_most")) {
    if (v.node.size() == (m.Get("tolerance") ? 1u : 0u)) ctx.Error(b.where, v.label + ": give at_least, at_most or both");
    return std::nullopt;
  }
  if (!b.at_least && !b.at_most) return std::nullopt;   // wrong values, reported
  if (b.at_least && b.at_most && *b.at_least > *b.at_most) {
    ctx.Error(b.where, v.label + ": at_least " + FormatDuration(*b.at_least) + " is more than at_most " +
                           FormatDuration(*b.at_most));
    return std::nullopt;
  }
  if (b.at_least && b.tolerance && *b.tolerance >= *b.at_least) {
    ctx.Error(m.Get("tolerance")->Where(ctx), "'tolerance': " + FormatDuration(*b.tolerance) +
                                                  " leaves nothing of at_least " + FormatDuration(*b.at_least) +
                                                  " to check");
    return std::nullopt;
  }
  return b;
}

}  // namespace

std::optional<TextMatch> ReadTextMatch(const YamlValue& v, YamlContext& ctx) {
  TextMatch match;
  match.where = v.Where(ctx);
  if (v.node.IsScalar() || IsHexPayload(v.node)) {
    auto exact = ReadText(v, ctx);
    if (!exact) return std::nullopt;
    match.exact = std::move(*exact);
    return match;
  }
  if (!ExpectMapping(v, "a text or a mapping of exact, contains, regex, lines", ctx)) return std::nullopt;
  const MappingReader m(v.node, kTextMatchKeys, ctx);
  ReadInto(m, "exact", &match.exact, ctx, ReadText);
  ReadInto(m, "contains", &match.contains, ctx, ReadTextList);
  ReadInto(m, "regex", &match.regex, ctx, ReadRegex);
  ReadInto(m, "lines", &match.lines, ctx, ReadTextList);
  if (v.node.size() == 0) ctx.Error(match.where, v.label + ": give at least one of exact, contains, regex, lines");
  return match;
}

ProcessExpect ReadProcessExpect(const YamlValue& v, YamlContext& ctx) {
  ProcessExpect expect;
  expect.where = v.Where(ctx);
  expect.no_crash.where = expect.no_flood.where = expect.where;
  if (!ExpectMapping(v, "a mapping of exit, no_crash, no_flood, stdout, stderr, within", ctx)) return expect;
  const MappingReader m(v.node, kProcessExpectKeys, ctx);
  ReadLocated(m, "exit", &expect.exit, ctx, [](const YamlValue& x, YamlContext& c) -> std::optional<int> {
    const auto n = ReadInteger(x, c);
    if (!n) return std::nullopt;
    return static_cast<int>(*n);
  });
  if (const auto no_crash = m.Get("no_crash")) {
    if (const auto b = ReadBool(*no_crash, ctx)) expect.no_crash = Located<bool>{*b, no_crash->Where(ctx)};
  }
  if (const auto no_flood = m.Get("no_flood")) {
    if (const auto b = ReadBool(*no_flood, ctx)) expect.no_flood = Located<bool>{*b, no_flood->Where(ctx)};
  }
  ReadInto(m, "stdout", &expect.stdout_match, ctx, ReadTextMatch);
  ReadInto(m, "stderr", &expect.stderr_match, ctx, ReadTextMatch);
  ReadLocated(m, "within", &expect.within, ctx, ReadDuration);
  return expect;
}

std::optional<ConnectionExpect> ReadConnectionExpect(const YamlValue& v, YamlContext& ctx) {
  if (!ExpectMapping(v, "a mapping of connection expectations", ctx)) return std::nullopt;
  const MappingReader m(v.node, kConnectionKeys, ctx);
  ConnectionExpect c;
  c.where = v.Where(ctx);
  ReadLocated(m, "handshake", &c.handshake, ctx,
              [](const YamlValue& x, YamlContext& cx) -> std::optional<ConnectionExpect::Handshake> {
                const auto index = ReadChoice(x, cx);   // complete, refused
                if (!index) return std::nullopt;
                return static_cast<ConnectionExpect::Handshake>(*index);
              });
  ReadLocated(m, "server_port", &c.server_port, ctx, [](const YamlValue& x, YamlContext& cx) -> std::optional<int> {
    const auto n = ReadInteger(x, cx);
    if (!n) return std::nullopt;
    return static_cast<int>(*n);
  });
  ReadLocated(m, "client_port", &c.client_port, ctx, ReadPortRange);
  ReadInto(m, "client_sends", &c.client_sends, ctx, ReadTextMatch);
  ReadInto(m, "server_sends", &c.server_sends, ctx, ReadTextMatch);
  ReadInto(m, "close", &c.close, ctx, ReadClose);
  ReadLocated(m, "history", &c.history, ctx, ReadRegex);
  ReadLocated(m, "conn_state", &c.conn_state, ctx, ReadChoiceList);
  return c;
}

WireExpect ReadWireExpect(const YamlValue& v, Scenario::Protocol protocol, YamlContext& ctx) {
  WireExpect w;
  w.where = v.Where(ctx);
  if (!ExpectMapping(v, "a mapping of wire expectations", ctx)) return w;
  const MappingReader m(v.node, kWireKeys, ctx);
  CheckProtocol(m, protocol, ctx);
  ReadLocated(m, "connections", &w.connections, ctx, ReadCount);
  ReadInto(m, "every_connection", &w.every_connection, ctx, ReadConnectionExpect);
  if (const auto list = m.Get("connections_in_order")) {
    if (ExpectSequence(*list, "a list of connection expectations", ctx)) {
      for (const YamlValue& item : Elements(*list)) {
        if (auto c = ReadConnectionExpect(item, ctx)) w.connections_in_order.push_back(std::move(*c));
      }
    }
  }
  ReadLocated(m, "distinct_4tuples", &w.distinct_4tuples, ctx, ReadBool);
  ReadLocated(m, "max_open_at_once", &w.max_open_at_once, ctx, ReadCount);
  ReadLocated(m, "server_still_listening", &w.server_still_listening, ctx, ReadBool);
  ReadLocated(m, "listen_backlog", &w.listen_backlog, ctx, ReadCount);
  ReadInto(m, "client_datagrams", &w.udp.client_datagrams, ctx, ReadDatagrams);
  ReadInto(m, "server_datagrams", &w.udp.server_datagrams, ctx, ReadDatagrams);
  ReadLocated(m, "flows", &w.udp.flows, ctx, ReadCount);
  ReadLocated(m, "replies_to_sender", &w.udp.replies_to_sender, ctx, ReadBool);
  ReadLocated(m, "reply_from_bound_port", &w.udp.reply_from_bound_port, ctx, ReadBool);
  ReadLocated(m, "replies_same_size", &w.udp.replies_same_size, ctx, ReadBool);
  ReadLocated(m, "server_still_bound", &w.udp.server_still_bound, ctx, ReadBool);
  ReadInto(m, "reply_delay", &w.reply_delay, ctx, ReadTimeBound);
  ReadInto(m, "replies_apart", &w.replies_apart, ctx, ReadTimeBound);
  const auto in_order = m.Get("connections_in_order");
  if (w.connections && in_order && w.connections->value.at_most &&
      static_cast<std::int64_t>(w.connections_in_order.size()) > *w.connections->value.at_most) {
    ctx.Error(in_order->key_where, "'connections_in_order': " + std::to_string(w.connections_in_order.size()) +
                                       " connections described, but 'connections' allows at most " +
                                       std::to_string(*w.connections->value.at_most));
  }
  return w;
}

}  // namespace wirecheck
