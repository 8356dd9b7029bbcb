#include "harness/loader/scenario_schema.h"

#include <string>

#include "harness/loader/assignment_keys.h"
#include "harness/loader/scenario_keys.h"
#include "harness/model/duration_text.h"
#include "harness/model/placeholder_text.h"
#include "harness/model/size_text.h"

namespace wirecheck {

namespace {

using json = nlohmann::json;

constexpr const char* kDurationPattern = "^(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|ms|s|m|h))+$";
constexpr std::int64_t kNoMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kNoMax = std::numeric_limits<std::int64_t>::max();

json Ref(std::string_view name) { return json{{"$ref", "#/$defs/" + std::string(name)}}; }

json Choices(std::span<const std::string_view> choices) {
  json e = json::array();
  for (std::string_view c : choices) e.push_back(std::string(c));
  return json{{"enum", e}};
}

json Integer(std::int64_t min, std::int64_t max) {
  json j{{"type", "integer"}};
  if (min != kNoMin) j["minimum"] = min;
  if (max != kNoMax) j["maximum"] = max;
  return j;
}

json ValueSchema(const KeySpec& k) {
  switch (k.type) {
    case ValueType::kNone: return json{{"type", "null"}};
    case ValueType::kString: return json{{"type", "string"}};
    case ValueType::kTemplate: return Ref("template");
    case ValueType::kPortText: return Ref("port_text");
    case ValueType::kRegex: return Ref("regex");
    case ValueType::kText: return Ref("payload");
    case ValueType::kTextList: return json{{"anyOf", {Ref("payload"), {{"type", "array"}, {"items", Ref("payload")}}}}};
    case ValueType::kInteger: return Integer(k.min, k.max);
    case ValueType::kBool: return json{{"type", "boolean"}};
    case ValueType::kDuration: return Ref("duration");
    case ValueType::kSize: return Ref("size");
    case ValueType::kChoice: return Choices(k.choices);
    case ValueType::kChoiceList:
      return json{{"anyOf", {Choices(k.choices), {{"type", "array"}, {"items", Choices(k.choices)}}}}};
    case ValueType::kCommand: return Ref("command");
    case ValueType::kEnvironment: return Ref("environment");
    case ValueType::kTextMatch: return json{{"anyOf", {Ref("payload"), Ref(kTextMatchKeys.name)}}};
    case ValueType::kCount: return json{{"anyOf", {Integer(0, kNoMax), Ref(kCountKeys.name)}}};
    case ValueType::kPortRange:
      return json{{"anyOf", {{{"const", "ephemeral"}}, Integer(1, 65535), Ref(kPortRangeKeys.name)}}};
    case ValueType::kStart: return Ref("start");
    case ValueType::kStepMatch: return json{{"anyOf", {Ref("payload"), Ref(kStepMatchKeys.name)}}};
    case ValueType::kMapping: return Ref(k.mapping->name);
    case ValueType::kMappingList: return json{{"type", "array"}, {"items", Ref(k.mapping->name)}};
    case ValueType::kSteps: return json{{"type", "array"}, {"minItems", 1}, {"items", Ref(kStepKeys.name)}};
    case ValueType::kPoints: {
      // A kind of check, or one group's own: "<group name>.<kind>", the
      // group name free-form (the loader checks that it is the scenario's).
      json names = json::array();
      for (const GradingCheck& c : GradingChecks()) names.push_back(std::string(c.name));
      std::string kinds;
      for (const GradingCheck& c : GroupGradingKinds()) kinds += (kinds.empty() ? "" : "|") + std::string(c.name);
      const json kind_wide{{"enum", names}};
      const json group_own{{"pattern", "^.+\\.(" + kinds + ")$"}};
      return json{{"type", "object"},
                  {"propertyNames", json{{"anyOf", json::array({kind_wide, group_own})}}},
                  {"additionalProperties", Integer(0, 1000000)}};
    }
    case ValueType::kHosts:
      return json{{"type", "object"},
                  {"minProperties", 1},
                  {"maxProperties", static_cast<std::int64_t>(kMaxHosts)},
                  {"propertyNames", {{"pattern", "^[A-Za-z][A-Za-z0-9_-]*$"}}},
                  {"additionalProperties", {{"type", "string"}}}};
    case ValueType::kPercent: return Ref("percent");
    case ValueType::kRate: return Ref("rate");
    case ValueType::kDropRules: return json{{"anyOf", {Ref("drop"), {{"type", "array"}, {"items", Ref("drop")}}}}};
  }
  return json::object();
}

// The default as a JSON value, when the table's default text is one.
std::optional<json> DefaultValue(const KeySpec& k) {
  const std::string text(k.default_text);
  if (text.empty()) return std::nullopt;
  std::string err;
  Duration d{};
  std::uint64_t size = 0;
  switch (k.type) {
    case ValueType::kInteger:
      if (text.find_first_not_of("0123456789") == std::string::npos) return json(std::stoll(text));
      return std::nullopt;
    case ValueType::kBool: return json(text == "true");
    case ValueType::kChoice:
      for (std::string_view c : k.choices) {
        if (c == text) return json(text);
      }
      return std::nullopt;
    case ValueType::kDuration: return ParseDuration(text, &d, &err) ? std::optional<json>(text) : std::nullopt;
    case ValueType::kSize: return ParseByteSize(text, &size, &err) ? std::optional<json>(text) : std::nullopt;
    case ValueType::kTemplate:
    case ValueType::kString: return json(text);
    default: return std::nullopt;
  }
}

json PropertySchema(const KeySpec& k) {
  json j = ValueSchema(k);
  std::string description(k.description);
  if (k.protocols == Protocols::kTcpOnly) description += " (TCP only)";
  if (k.protocols == Protocols::kUdpOnly) description += " (UDP only)";
  if (!k.default_text.empty()) description += " Default: " + std::string(k.default_text) + ".";
  if (j.contains("$ref")) j = json{{"allOf", {j}}};   // keep the description beside the reference
  j["description"] = description;
  if (const auto d = DefaultValue(k)) j["default"] = *d;
  return j;
}

json MappingSchema(const MappingSpec& spec) {
  json properties = json::object();
  json required = json::array();
  for (const KeySpec& k : spec.keys) {
    properties[std::string(k.name)] = PropertySchema(k);
    if (k.required) required.push_back(std::string(k.name));
  }
  json j{{"type", "object"},
         {"description", std::string(spec.description)},
         {"properties", properties},
         {"additionalProperties", false}};
  if (!required.empty()) j["required"] = required;
  return j;
}

// A step: a bare action name, or a mapping of one action and its modifiers.
json StepSchema() {
  json bare = json::array();
  json forms = json::array();
  for (const KeySpec& action : kStepKeys.keys) {
    if (!action.action) continue;
    if (action.bare) bare.push_back(std::string(action.name));
    json value = PropertySchema(action);
    if (action.bare && action.type != ValueType::kNone) value = json{{"anyOf", {value, {{"type", "null"}}}}};
    json properties{{std::string(action.name), value}};
    for (std::string_view modifier : action.modifiers) properties[std::string(modifier)] = PropertySchema(*kStepKeys.Find(modifier));
    forms.push_back(json{{"type", "object"},
                         {"properties", properties},
                         {"required", {std::string(action.name)}},
                         {"additionalProperties", false}});
  }
  forms.insert(forms.begin(), json{{"enum", bare}});
  // The full table too, so that every key of kStepKeys is listed under properties.
  json all = MappingSchema(kStepKeys);
  all.erase("additionalProperties");
  all["oneOf"] = forms;
  all.erase("type");
  return all;
}

json PlaceholderText() {
  std::string names;
  for (const Placeholder& p : Placeholders()) names += (names.empty() ? "{" : ", {") + std::string(p.name) + "}";
  return json{{"type", "string"},
              {"description", "Text with placeholders " + names + "; {{ and }} are literal braces."}};
}

}  // namespace

json ScenarioSchema() {
  json defs = json::object();
  for (const MappingSpec* spec : AllMappings()) {
    defs[std::string(spec->name)] = spec == &kStepKeys ? StepSchema() : MappingSchema(*spec);
  }
  // Mappings the loader rejects when empty ("give at_least, at_most or both").
  defs[std::string(kCountKeys.name)]["minProperties"] = 1;
  defs[std::string(kCloseKeys.name)]["minProperties"] = 1;
  defs[std::string(kTimeBoundKeys.name)]["anyOf"] = json::array(
      {json{{"required", {"at_least"}}}, json{{"required", {"at_most"}}}});
  defs[std::string(kTextMatchKeys.name)]["minProperties"] = 1;
  defs[std::string(kStepMatchKeys.name)]["minProperties"] = 1;
  defs[std::string(kStepMatchKeys.name)]["maxProperties"] = 1;
  defs[std::string(kDropRuleKeys.name)]["minProperties"] = 1;
  defs[std::string(kDropRuleKeys.name)]["maxProperties"] = 1;
  json bare_drops = json::array();
  for (std::string_view d : kBareDrops) bare_drops.push_back(std::string(d));
  defs["drop"] = json{{"anyOf", {{{"enum", bare_drops}}, Ref(kDropRuleKeys.name)}}};
  defs["percent"] = json{{"type", "string"}, {"pattern", "^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)%$"},
                         {"description", "A probability as a percentage: 30%, 0.5%, at most 100%."}};
  defs["rate"] = json{{"type", "string"},
                      {"pattern", "^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(bit|kbit|Mbit|Gbit|B|KB|MB|GB|KiB|MiB|GiB)/s$"},
                      {"description", "A rate: 1Mbit/s, 500kbit/s, 64KiB/s (bit units are powers of 1000, as tc's)."}};
  defs["template"] = PlaceholderText();
  defs["port_text"] = json{{"anyOf", {Integer(1, 65535), {{"type", "string"}, {"pattern", "\\{[a-z_]+\\}"}}}},
                           {"description", "A port number, or placeholders naming one, such as {port}."}};
  // No "format": "regex": JSON Schema means ECMA-262 by it, and RE2 syntax differs.
  defs["regex"] = json{{"type", "string"},
                       {"description", "A regular expression in RE2 syntax (no backreferences, no lookaround), "
                                       "searched in the bytes, each byte one character."}};
  defs["payload"] = json{{"anyOf", {{{"type", "string"}}, Ref(kHexKeys.name)}},
                         {"description", "Bytes: text with the escapes \\n \\r \\t \\0 \\\\ \\\" \\' \\xHH, "
                                         "or {hex: \"de ad be ef\"}."}};
  defs["duration"] = json{{"type", "string"}, {"pattern", kDurationPattern},
                          {"description", "A duration: 250ms, 2s, 1.5s, 1m30s (units ns us ms s m h)."}};
  defs["size"] = json{{"anyOf", {Integer(0, kNoMax), {{"type", "string"}, {"pattern", "^[0-9]+(B|KiB|MiB|GiB|KB|MB|GB)?$"}}}},
                      {"description", "Bytes: 4096, 64KiB, 512MiB, 2GiB, 1MB."}};
  defs["command"] = json{{"anyOf", {{{"type", "string"}, {"minLength", 1}},
                                    {{"type", "array"}, {"minItems", 1}, {"items", Ref("template")}}}},
                         {"description", "A command: one string split into words (quotes group, no shell), or a "
                                         "list of words. Placeholders allowed."}};
  defs["environment"] = json{{"type", "object"},
                             {"propertyNames", {{"pattern", "^[A-Za-z_][A-Za-z0-9_]*$"}}},
                             {"additionalProperties", Ref("template")}};
  defs["start"] = json{{"type", "string"},
                       {"pattern", std::string("^(together|one-by-one|every ") +
                                       std::string(kDurationPattern).substr(1, std::string(kDurationPattern).size() - 2) + ")$"},
                       {"description", "together, one-by-one, or every <duration> (every 100ms)."}};
  json root = MappingSchema(kScenarioKeys);
  root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  root["$id"] = "https://github.com/wirecheck/wirecheck/scenario.schema.json";
  root["title"] = "wirecheck scenario";
  root["$defs"] = defs;
  return root;
}

json AssignmentSchema() {
  json defs = ScenarioSchema()["$defs"];
  for (const MappingSpec* spec : AssignmentMappings()) defs[std::string(spec->name)] = MappingSchema(*spec);
  json root = MappingSchema(kAssignmentKeys);
  root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  root["$id"] = "https://github.com/wirecheck/wirecheck/assignment.schema.json";
  root["title"] = "wirecheck assignment";
  root["$defs"] = defs;
  return root;
}

}  // namespace wirecheck
