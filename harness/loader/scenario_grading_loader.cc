// `grading:`: points per check, each naming a check the scenario has: a
// kind of check (`close`, `processes`), or one group's own (`c.stdout`).

#include <algorithm>
#include <set>

#include "harness/loader/scenario_parts.h"
#include "harness/model/did_you_mean.h"

namespace wirecheck {

namespace {

// One kind of check the scenario makes: graded by its kind-wide name, or by
// `group_entry` (`c.stdout`, `c.wire`) when `grading:` names that. Verify
// counts the checks the same way (PendingCheck::group_entry).
struct Slot {
  std::string_view kind;
  std::string group_entry;  // empty: no group's own
};

using Slots = std::vector<Slot>;

void AddConnectionSlots(const ConnectionExpect& c, const std::string& group_entry, Slots* slots) {
  if (c.handshake) slots->push_back({"handshake", group_entry});
  if (c.server_port || c.client_port) slots->push_back({"ports", group_entry});
  if (c.client_sends || c.server_sends) slots->push_back({"data", group_entry});
  if (c.close) slots->push_back({"close", group_entry});
  if (c.history || c.conn_state) slots->push_back({"history", group_entry});
}

// A program's process checks (no_crash and no_flood are on by default).
void AddProcessSlots(const std::string& name, const ProcessExpect& e, Slots* slots) {
  const auto add = [&](bool present, std::string_view key) {
    if (present) slots->push_back({"processes", name + "." + std::string(key)});
  };
  add(e.exit.has_value(), "exit");
  add(e.no_crash.value, "no_crash");
  add(e.no_flood.value, "no_flood");
  add(e.stdout_match.has_value(), "stdout");
  add(e.stderr_match.has_value(), "stderr");
  add(e.within.has_value(), "within");
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

void AddWireSlots(const WireExpect& w, Slots* slots) {
  const auto add = [&](bool present, std::string_view kind) {
    if (present) slots->push_back({kind, {}});
  };
  add(w.connections.has_value(), "connections");
  if (w.every_connection) AddConnectionSlots(*w.every_connection, {}, slots);
  for (const ConnectionExpect& c : w.connections_in_order) AddConnectionSlots(c, {}, slots);
  add(w.distinct_4tuples.has_value(), "distinct_4tuples");
  add(w.max_open_at_once.has_value(), "max_open_at_once");
  add(w.server_still_listening.has_value(), "server_still_listening");
  add(w.listen_backlog.has_value(), "listen_backlog");
  add(w.udp.client_datagrams || w.udp.server_datagrams, "datagrams");
  add(w.udp.flows.has_value(), "flows");
  add(w.udp.replies_to_sender.has_value(), "replies_to_sender");
  add(w.udp.reply_from_bound_port.has_value(), "reply_from_bound_port");
  add(w.udp.replies_same_size.has_value(), "replies_same_size");
  add(w.udp.server_still_bound.has_value(), "server_still_bound");
  add(w.reply_delay.has_value(), "reply_delay");
  add(w.replies_apart.has_value(), "replies_apart");
}

// Every kind of check this scenario makes, with the group it belongs to.
Slots GradingSlots(const Scenario& s) {
  Slots slots;
  AddWireSlots(s.expect, &slots);
  const ServerSpec& server = s.server;
  if (server.command) {
    AddProcessSlots(server.name, server.expect, &slots);
    if (server.stop == ServerSpec::Stop::kTerminate) {
      slots.push_back({"processes", server.name + ".runs_until_stopped"});
    }
  }
  if (HasScriptChecks(server.script)) slots.push_back({"scripts", server.name + ".script"});
  for (const ClientSpec& client : s.clients) {
    if (client.wire) AddConnectionSlots(*client.wire, client.name + ".wire", &slots);
    if (client.command) AddProcessSlots(client.name, client.expect, &slots);
    if (HasScriptChecks(client.script)) slots.push_back({"scripts", client.name + ".script"});
  }
  return slots;
}

std::vector<std::string_view> GroupNames(const Scenario& s) {
  std::vector<std::string_view> names{s.server.name};
  for (const ClientSpec& client : s.clients) names.push_back(client.name);
  return names;
}

std::string Joined(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& w : words) text += (text.empty() ? "" : ", ") + w;
  return text;
}

// `<group>.<kind>`: the group and the kind are the scenario's, and the group
// has a check of that kind. False when the name is unknown.
bool CheckGroupEntry(const std::string& name, std::size_t dot, const SourceLocation& where, const Scenario& scenario,
                     const Slots& slots, YamlContext& ctx) {
  const std::string group = name.substr(0, dot), kind = name.substr(dot + 1);
  const std::vector<std::string_view> groups = GroupNames(scenario);
  const std::vector<std::string_view> kinds = GroupGradingKindNames();
  if (std::find(groups.begin(), groups.end(), group) == groups.end()) {
    ctx.Error(where, "'grading': unknown group '" + group + "' in '" + name + "'" + DidYouMeanSuffix(group, groups));
    return false;
  }
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    std::string suffix = DidYouMeanSuffix(kind, kinds);
    if (suffix.empty()) {
      std::vector<std::string> all(kinds.begin(), kinds.end());
      suffix = " (a group's checks: " + Joined(all) + ")";
    }
    ctx.Error(where, "'grading': unknown check '" + kind + "' in '" + name + "'" + suffix);
    return false;
  }
  const bool present = std::any_of(slots.begin(), slots.end(), [&](const Slot& s) { return s.group_entry == name; });
  if (!present) ctx.Error(where, "'grading': '" + name + "' has points, but " + group + " has no " + kind + " check");
  return true;
}

// A kind-wide entry: the scenario has a check of that kind that no group's
// own entry takes. False when the name is unknown.
bool CheckKindEntry(const std::string& name, const SourceLocation& where, const Scenario& scenario,
                    const Slots& slots, const std::set<std::string>& named, YamlContext& ctx) {
  const std::vector<std::string_view> names = GradingCheckNames();
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    std::string suffix = DidYouMeanSuffix(name, names);
    const std::vector<std::string_view> groups = GroupNames(scenario);
    if (std::find(groups.begin(), groups.end(), name) != groups.end()) {
      std::vector<std::string> own;  // the group's entries, `name.<kind>`
      for (const Slot& s : slots) {
        if (s.group_entry.rfind('.') != name.size() || !s.group_entry.starts_with(name)) continue;
        if (std::find(own.begin(), own.end(), s.group_entry) == own.end()) own.push_back(s.group_entry);
      }
      suffix = " (a group's own checks are named " + (own.empty() ? name + ".<check>" : Joined(own)) + ")";
    }
    ctx.Error(where, "'grading': unknown check '" + name + "'" + suffix);
    return false;
  }
  std::vector<std::string> taken;
  bool free = false;
  for (const Slot& s : slots) {
    if (s.kind != name) continue;
    if (!s.group_entry.empty() && named.count(s.group_entry)) {
      if (std::find(taken.begin(), taken.end(), s.group_entry) == taken.end()) taken.push_back(s.group_entry);
    } else {
      free = true;
    }
  }
  if (free) return true;
  if (taken.empty()) {
    ctx.Error(where, "'grading': '" + name + "' has points, but the scenario has no " + name + " check");
  } else {
    ctx.Error(where, "'grading': '" + name + "' has points, but each " + name + " check has its own entry (" +
                         Joined(taken) + ")");
  }
  return true;
}

}  // namespace

Grading ReadGrading(const YamlValue& v, const Scenario& scenario, YamlContext& ctx) {
  Grading grading;
  grading.where = v.Where(ctx);
  if (!ExpectMapping(v, "a mapping of check names to points", ctx)) return grading;
  const Slots slots = GradingSlots(scenario);
  std::set<std::string> named;
  for (auto it = v.node.begin(); it != v.node.end(); ++it) {
    if (it->first.IsScalar()) named.insert(it->first.Scalar());
  }
  KeySpec points{"points", ValueType::kInteger, "", {}, false, nullptr, {}, 0, 1000000};
  for (auto it = v.node.begin(); it != v.node.end(); ++it) {
    const SourceLocation key_where = ctx.Where(it->first);
    const std::string name = it->first.IsScalar() ? it->first.Scalar() : "";
    const std::size_t dot = name.rfind('.');
    const bool known = dot == std::string::npos ? CheckKindEntry(name, key_where, scenario, slots, named, ctx)
                                                : CheckGroupEntry(name, dot, key_where, scenario, slots, ctx);
    if (!known) continue;
    for (const GradeItem& earlier : grading.items) {
      if (earlier.check == name) {
        ctx.Error(key_where, "key '" + name + "' given twice (first at line " + std::to_string(earlier.where.line) + ")");
      }
    }
    const auto n = ReadInteger(YamlValue{it->second, &points, key_where, "'" + name + "'"}, ctx);
    if (n) grading.items.push_back(GradeItem{name, static_cast<int>(*n), key_where});
  }
  return grading;
}

}  // namespace wirecheck
