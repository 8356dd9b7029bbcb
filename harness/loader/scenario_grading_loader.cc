// `grading:`: points per check, each naming a check the scenario has.

#include <algorithm>
#include <set>

#include "harness/loader/scenario_parts.h"
#include "harness/model/did_you_mean.h"

namespace wirecheck {

namespace {

void AddConnectionChecks(const ConnectionExpect& c, std::set<std::string_view>* present) {
  if (c.handshake) present->insert("handshake");
  if (c.server_port || c.client_port) present->insert("ports");
  if (c.client_sends || c.server_sends) present->insert("data");
  if (c.close) present->insert("close");
  if (c.history || c.conn_state) present->insert("history");
}

bool HasProcessChecks(const std::optional<Command>& command, const ProcessExpect& e) {
  // no_crash is on by default, so every program has a process check.
  return command.has_value() && (e.no_crash.value || e.exit || e.stdout_match || e.stderr_match || e.within);
}

bool HasScriptChecks(const std::vector<ScriptStep>& script) {
  for (const ScriptStep& s : script) {
    if (s.action == ScriptStep::Action::kExpect || s.action == ScriptStep::Action::kRecvFrom ||
        s.action == ScriptStep::Action::kExpectClose) {
      return true;
    }
  }
  return false;
}

// The names of kGradingChecks this scenario has at least one check for.
std::set<std::string_view> PresentChecks(const Scenario& s) {
  std::set<std::string_view> present;
  const WireExpect& w = s.expect;
  if (w.connections) present.insert("connections");
  if (w.every_connection) AddConnectionChecks(*w.every_connection, &present);
  for (const ConnectionExpect& c : w.connections_in_order) AddConnectionChecks(c, &present);
  for (const ClientSpec& client : s.clients) {
    if (client.wire) AddConnectionChecks(*client.wire, &present);
  }
  if (w.distinct_4tuples) present.insert("distinct_4tuples");
  if (w.max_open_at_once) present.insert("max_open_at_once");
  if (w.server_still_listening) present.insert("server_still_listening");
  if (w.listen_backlog) present.insert("listen_backlog");
  if (w.udp.client_datagrams || w.udp.server_datagrams) present.insert("datagrams");
  if (w.udp.flows) present.insert("flows");
  if (w.udp.replies_to_sender) present.insert("replies_to_sender");
  if (w.udp.reply_from_bound_port) present.insert("reply_from_bound_port");
  if (w.udp.replies_same_size) present.insert("replies_same_size");
  if (w.udp.server_still_bound) present.insert("server_still_bound");
  bool processes = HasProcessChecks(s.server.command, s.server.expect);
  bool scripts = HasScriptChecks(s.server.script);
  for (const ClientSpec& client : s.clients) {
    processes = processes || HasProcessChecks(client.command, client.expect);
    scripts = scripts || HasScriptChecks(client.script);
  }
  if (processes) present.insert("processes");
  if (scripts) present.insert("scripts");
  return present;
}

}  // namespace

Grading ReadGrading(const YamlValue& v, const Scenario& scenario, YamlContext& ctx) {
  Grading grading;
  grading.where = v.Where(ctx);
  if (!ExpectMapping(v, "a mapping of check names to points", ctx)) return grading;
  const std::vector<std::string_view> names = GradingCheckNames();
  const std::set<std::string_view> present = PresentChecks(scenario);
  KeySpec points{"points", ValueType::kInteger, "", {}, false, nullptr, {}, 0, 1000000};
  for (auto it = v.node.begin(); it != v.node.end(); ++it) {
    const SourceLocation key_where = ctx.Where(it->first);
    const std::string name = it->first.IsScalar() ? it->first.Scalar() : "";
    const auto known = std::find(names.begin(), names.end(), name);
    if (known == names.end()) {
      ctx.Error(key_where, "'grading': unknown check '" + name + "'" + DidYouMeanSuffix(name, names));
      continue;
    }
    for (const GradeItem& earlier : grading.items) {
      if (earlier.check == name) {
        ctx.Error(key_where, "key '" + name + "' given twice (first at line " + std::to_string(earlier.where.line) + ")");
      }
    }
    if (!present.count(*known)) {
      ctx.Error(key_where, "'grading': '" + name + "' has points, but the scenario has no " + name + " check");
    }
    const auto n = ReadInteger(YamlValue{it->second, &points, key_where, "'" + name + "'"}, ctx);
    if (n) grading.items.push_back(GradeItem{name, static_cast<int>(*n), key_where});
  }
  return grading;
}

}  // namespace wirecheck
