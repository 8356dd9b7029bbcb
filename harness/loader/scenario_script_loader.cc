// The steps of a built-in scripted peer.

#include <algorithm>

#include "harness/loader/scenario_parts.h"
#include "harness/model/did_you_mean.h"

namespace wirecheck {

namespace {

using Action = ScriptStep::Action;

struct ActionName {
  std::string_view name;
  Action action;
};

constexpr ActionName kActions[] = {
    {"connect", Action::kConnect}, {"listen", Action::kListen},     {"accept", Action::kAccept},
    {"bind", Action::kBind},       {"send", Action::kSend},         {"sendto", Action::kSendTo},
    {"reply", Action::kReply},     {"sleep", Action::kSleep},       {"expect", Action::kExpect},
    {"recvfrom", Action::kRecvFrom}, {"expect_close", Action::kExpectClose}, {"shutdown", Action::kShutdown},
    {"close", Action::kClose},     {"reset", Action::kReset},       {"hold", Action::kHold},
};

std::vector<std::string_view> ActionNames() {
  std::vector<std::string_view> names;
  for (const KeySpec& k : kStepKeys.keys) {
    if (k.action) names.push_back(k.name);
  }
  return names;
}

std::string NameOf(Action action) {
  for (const ActionName& a : kActions) {
    if (a.action == action) return std::string(a.name);
  }
  return "step";
}

Action ActionOf(std::string_view name) {
  for (const ActionName& a : kActions) {
    if (a.name == name) return a.action;
  }
  return Action::kClose;   // unreachable: every action key of the table is listed
}

std::optional<StepMatch> ReadStepMatch(const YamlValue& v, YamlContext& ctx) {
  StepMatch match;
  if (v.node.IsScalar() || (v.node.IsMap() && v.node["hex"].IsDefined())) {
    auto bytes = ReadTextOrHex(v, ctx, &match.hex);
    if (!bytes) return std::nullopt;
    match.text = std::move(*bytes);
    return match;
  }
  if (!ExpectMapping(v, "a text or a mapping of bytes, line, regex", ctx)) return std::nullopt;
  const MappingReader m(v.node, kStepMatchKeys, ctx);
  if (m.Present().size() != 1) {
    ctx.Error(v.Where(ctx), v.label + ": give exactly one of bytes, line, regex");
    return std::nullopt;
  }
  const YamlValue& only = m.Present().front();
  const auto text = only.spec->name == "regex" ? ReadRegex(only, ctx) : ReadTextOrHex(only, ctx, &match.hex);
  if (!text) return std::nullopt;
  match.text = *text;
  match.kind = only.spec->name == "bytes" ? StepMatch::Kind::kBytes
               : only.spec->name == "line" ? StepMatch::Kind::kLine
                                           : StepMatch::Kind::kRegex;
  return match;
}

// The action's value; a bare action or an empty value takes the default.
bool ReadActionValue(const YamlValue& v, ScriptStep* step, YamlContext& ctx) {
  const bool empty = !v.node.IsDefined() || v.node.IsNull();
  const KeySpec& spec = *v.spec;
  if (empty) {
    if (spec.type != ValueType::kNone && !spec.bare) {
      ctx.Error(v.Where(ctx), v.label + ": needs a value: " + ExpectedValue(spec));
      return false;
    }
    if (step->action == Action::kConnect) step->target = kServerAddress;
    if (step->action == Action::kListen || step->action == Action::kBind) step->target = "{port}";
    if (step->action == Action::kRecvFrom) step->match.kind = StepMatch::Kind::kAny;
    return true;
  }
  switch (spec.type) {
    case ValueType::kNone:
      ctx.Error(v.Where(ctx), v.label + ": takes no value, got " + Describe(v.node));
      return false;
    case ValueType::kTemplate: {
      const auto target = ReadTemplate(v, ctx);
      if (target) step->target = *target;
      return target.has_value();
    }
    case ValueType::kPortText: {
      const auto port = ReadPortText(v, ctx);
      if (port) step->target = *port;
      return port.has_value();
    }
    case ValueType::kText: {
      const auto bytes = ReadTextOrHex(v, ctx, &step->bytes_hex);
      if (bytes) step->bytes = *bytes;
      return bytes.has_value();
    }
    case ValueType::kDuration: {
      const auto d = ReadDuration(v, ctx);
      if (d) step->duration = *d;
      return d.has_value();
    }
    case ValueType::kStepMatch: {
      const auto match = ReadStepMatch(v, ctx);
      if (match) step->match = *match;
      return match.has_value();
    }
    case ValueType::kChoice: {
      const auto how = ReadChoice(v, ctx);   // write, read, both
      if (how) step->how = static_cast<ScriptStep::ShutdownHow>(*how);
      return how.has_value();
    }
    default:
      return false;
  }
}

void ReadModifiers(const MappingReader& m, const KeySpec& action, ScriptStep* step, YamlContext& ctx) {
  for (const YamlValue& v : m.Present()) {
    if (v.spec->action) continue;
    const auto& allowed = action.modifiers;
    if (std::find(allowed.begin(), allowed.end(), v.spec->name) == allowed.end()) {
      ctx.Error(v.key_where, v.label + " does not apply to '" + std::string(action.name) + "'");
    }
  }
  ReadInto(m, "timeout", &step->timeout, ctx, ReadDuration);
  ReadInto(m, "to", &step->target, ctx, ReadTemplate);
  if (const auto backlog = m.Get("backlog")) {
    if (const auto n = ReadInteger(*backlog, ctx)) step->backlog = static_cast<int>(*n);
  }
}

std::optional<ScriptStep> ReadStep(const YamlValue& v, Scenario::Protocol protocol, YamlContext& ctx) {
  ScriptStep step;
  step.where = v.Where(ctx);
  const std::vector<std::string_view> names = ActionNames();
  if (v.node.IsScalar()) {
    // A bare action: `- close`.
    const std::string& name = v.node.Scalar();
    const KeySpec* spec = kStepKeys.Find(name);
    if (!spec || !spec->action) {
      ctx.Error(step.where, v.label + ": unknown step '" + name + "'" + DidYouMeanSuffix(name, names));
      return std::nullopt;
    }
    step.action = ActionOf(name);
    if (step.action == Action::kSendTo) step.target = kServerAddress;
    const YamlValue bare{YAML::Node(), spec, step.where, "'" + name + "'"};
    CheckProtocol(bare, protocol, ctx);
    if (!ReadActionValue(bare, &step, ctx)) return std::nullopt;
    return step;
  }
  if (!ExpectMapping(v, "a step: an action such as connect, send, expect, close", ctx)) return std::nullopt;
  const MappingReader m(v.node, kStepKeys, ctx);
  std::vector<YamlValue> actions;
  for (const YamlValue& key : m.Present()) {
    if (key.spec->action) actions.push_back(key);
  }
  if (actions.size() != 1) {
    if (actions.empty()) {
      ctx.Error(step.where, v.label + ": a step needs one action (" + [&] {
        std::string all;
        for (std::string_view n : names) all += (all.empty() ? "" : ", ") + std::string(n);
        return all;
      }() + ")");
    } else {
      ctx.Error(actions[1].key_where, "one action per step: " + actions[0].label + " and " + actions[1].label +
                                          " are both here (make them two steps)");
    }
    return std::nullopt;
  }
  const YamlValue& action = actions.front();
  step.action = ActionOf(action.spec->name);
  if (step.action == Action::kSendTo) step.target = kServerAddress;
  CheckProtocol(m, protocol, ctx);
  ReadModifiers(m, *action.spec, &step, ctx);
  if (!ReadActionValue(action, &step, ctx)) return std::nullopt;
  return step;
}

// What a step needs to have happened before it.
void CheckOrder(const std::vector<ScriptStep>& steps, Scenario::Protocol protocol, PeerRole role,
                const SourceLocation& script_where, YamlContext& ctx) {
  bool connected = false, listening = false, bound = false, received = false;
  for (const ScriptStep& s : steps) {
    switch (s.action) {
      case Action::kConnect: connected = true; break;
      case Action::kListen: listening = true; break;
      case Action::kAccept:
        if (!listening) ctx.Error(s.where, "'accept' needs a listening socket: put listen before it");
        connected = true;
        break;
      case Action::kBind: bound = true; break;
      case Action::kSendTo: bound = true; break;
      case Action::kRecvFrom:
        if (!bound) ctx.Error(s.where, "'recvfrom' needs a socket: put bind or sendto before it");
        received = true;
        break;
      case Action::kReply:
        if (!received) ctx.Error(s.where, "'reply' answers a datagram: put recvfrom before it");
        break;
      case Action::kSend:
      case Action::kExpect:
      case Action::kExpectClose:
      case Action::kShutdown:
        if (!connected) {
          ctx.Error(s.where, "'" + NameOf(s.action) + "' needs a connection: put connect (or listen and accept) before it");
        }
        break;
      case Action::kClose:
      case Action::kReset:
        if (protocol == Scenario::Protocol::kTcp && !connected && !listening) {
          ctx.Error(s.where, "'" + NameOf(s.action) + "' has nothing to close: put connect (or listen and accept) before it");
        }
        connected = false;
        break;
      case Action::kSleep:
      case Action::kHold: break;
    }
  }
  if (role == PeerRole::kServer && protocol == Scenario::Protocol::kTcp &&
      std::none_of(steps.begin(), steps.end(), [](const ScriptStep& s) { return s.action == Action::kListen; })) {
    ctx.Error(script_where, "a scripted server must listen: add '- listen' (on {port})");
  }
  if (role == PeerRole::kServer && protocol == Scenario::Protocol::kUdp &&
      std::none_of(steps.begin(), steps.end(), [](const ScriptStep& s) { return s.action == Action::kBind; })) {
    ctx.Error(script_where, "a scripted server must bind: add '- bind' (on {port})");
  }
}

}  // namespace

std::vector<ScriptStep> ReadScript(const YamlValue& v, Scenario::Protocol protocol, PeerRole role,
                                   YamlContext& ctx) {
  std::vector<ScriptStep> steps;
  if (!ExpectSequence(v, "a list of steps", ctx)) return steps;
  if (v.node.size() == 0) {
    ctx.Error(v.Where(ctx), v.label + ": a script needs at least one step");
    return steps;
  }
  bool complete = true;
  for (const YamlValue& item : Elements(v)) {
    auto step = ReadStep(item, protocol, ctx);
    if (step) steps.push_back(std::move(*step));
    complete = complete && step.has_value();
  }
  if (complete) CheckOrder(steps, protocol, role, v.Where(ctx), ctx);
  return steps;
}

}  // namespace wirecheck
