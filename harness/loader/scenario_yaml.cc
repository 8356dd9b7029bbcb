#include "harness/loader/scenario_yaml.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <utility>

#include "harness/model/did_you_mean.h"
#include "harness/model/duration_text.h"
#include "harness/model/pattern.h"
#include "harness/model/payload_text.h"
#include "harness/model/placeholder_text.h"
#include "harness/model/size_text.h"

namespace wirecheck {

namespace {

bool IsPlain(const YAML::Node& node) { return node.IsScalar() && node.Tag() == "?"; }

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string Joined(std::span<const std::string_view> words) {
  std::string out;
  for (std::string_view w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

std::string RangeText(const KeySpec& spec) {
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  if (spec.min != kMin && spec.max != kMax) {
    return "from " + std::to_string(spec.min) + " to " + std::to_string(spec.max);
  }
  if (spec.min != kMin) return "of at least " + std::to_string(spec.min);
  return "";
}

// What a value of this key looks like, for "expected ..." messages.
std::string Expected(const KeySpec& spec) {
  switch (spec.type) {
    case ValueType::kNone: return "no value";
    case ValueType::kString:
    case ValueType::kTemplate: return "a string";
    case ValueType::kPortText: return "a port number or a placeholder such as {port}";
    case ValueType::kRegex: return "a regular expression";
    case ValueType::kText: return "a text or {hex: ...}";
    case ValueType::kTextList: return "a text or a list of texts";
    case ValueType::kInteger: {
      const std::string range = RangeText(spec);
      return range.empty() ? "an integer" : "an integer " + range;
    }
    case ValueType::kBool: return "true or false";
    case ValueType::kDuration: return "a duration such as 250ms or 2s";
    case ValueType::kSize: return "a size such as 4096 or 64MiB";
    case ValueType::kChoice: return "one of " + Joined(spec.choices);
    case ValueType::kChoiceList: return "one or a list of " + Joined(spec.choices);
    case ValueType::kCommand: return "a command (a string, or a list of words)";
    case ValueType::kEnvironment: return "a mapping of variable names to values";
    case ValueType::kTextMatch: return "a text or a mapping of exact, contains, regex, lines";
    case ValueType::kCount: return "an integer or a mapping of at_least, at_most";
    case ValueType::kPortRange: return "ephemeral, a port, or a mapping of from, to";
    case ValueType::kStart: return "together, one-by-one or every <duration>";
    case ValueType::kStepMatch: return "a text or a mapping of bytes, line, regex";
    case ValueType::kMapping: return "a mapping";
    case ValueType::kMappingList:
    case ValueType::kSteps: return "a list";
    case ValueType::kPoints: return "a mapping of check names to points";
    case ValueType::kHosts: return "a mapping of host names to addresses";
    case ValueType::kPercent: return "a percentage such as 30% or 0.5%";
    case ValueType::kRate: return "a rate such as 1Mbit/s or 64KiB/s";
    case ValueType::kDropRules:
      return "first_fin, first_syn, a mapping of nth_packet, nth_segment, nth_fin, nth_syn, or a list of them";
  }
  return "a value";
}

// `run: {build}/x` is a YAML flow mapping, not a string: say so.
std::string PlaceholderMappingHint(const YAML::Node& node) {
  if (!node.IsMap() || node.size() != 1) return "";
  const auto only = node.begin();
  if (!only->first.IsScalar() || !only->second.IsNull()) return "";
  std::string err;
  const std::string text = "{" + only->first.Scalar() + "}";
  if (!CheckPlaceholders(text, &err)) return "";
  return " (YAML reads " + text + " as a mapping: quote a value that starts with a placeholder, \"" + text + "...\")";
}

void WrongType(const YamlValue& v, YamlContext& ctx, std::string_view what = {}) {
  std::string message = v.label + ": expected " + (what.empty() ? Expected(*v.spec) : std::string(what)) +
                        ", got " + Describe(v.node);
  if (v.node.IsScalar() && !IsPlain(v.node) && (v.spec->type == ValueType::kInteger ||
                                                 v.spec->type == ValueType::kBool)) {
    message += " (write it without quotes)";
  }
  message += PlaceholderMappingHint(v.node);
  ctx.Error(v.Where(ctx), message);
}

// A scalar of any style, as text; otherwise a located error.
std::optional<std::string> Scalar(const YamlValue& v, YamlContext& ctx) {
  if (!v.node.IsScalar()) {
    WrongType(v, ctx);
    return std::nullopt;
  }
  return v.node.Scalar();
}

std::optional<std::int64_t> ParseInteger(std::string_view text) {
  std::size_t i = text.size() > 1 && (text[0] == '-' || text[0] == '+') ? 1 : 0;
  if (i == text.size()) return std::nullopt;
  for (std::size_t j = i; j < text.size(); ++j) {
    if (!std::isdigit(static_cast<unsigned char>(text[j]))) return std::nullopt;
  }
  try {
    return std::stoll(std::string(text));
  } catch (const std::out_of_range&) {
    return text[0] == '-' ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max();
  }
}

// Splits a command line into words: blanks separate, '...' and "..." group,
// a backslash outside single quotes takes the next character literally.
std::optional<std::vector<std::string>> SplitWords(std::string_view line, std::string* err) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote) {
      if (c == quote) {
        quote = 0;
      } else if (c == '\\' && quote == '"' && i + 1 < line.size()) {
        word += line[++i];
      } else {
        word += c;
      }
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < line.size()) {
      word += line[++i];
      in_word = true;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (quote) {
    *err = std::string("an unclosed ") + quote + " quote";
    return std::nullopt;
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

bool ValidEnvironmentName(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

}  // namespace

std::string ExpectedValue(const KeySpec& spec) { return Expected(spec); }

SourceLocation YamlContext::Where(const YAML::Mark& mark) const {
  if (mark.line < 0) return SourceLocation{file_, 1, 1};
  return SourceLocation{file_, mark.line + 1, mark.column + 1};
}

SourceLocation YamlContext::Where(const YAML::Node& node) const { return Where(node.Mark()); }

void YamlContext::Error(const SourceLocation& where, std::string message) {
  if (errors_.size() >= kMaxErrors) {
    ++dropped_;
    return;
  }
  errors_.push_back(ScenarioError{where, std::move(message)});
}

std::vector<ScenarioError> YamlContext::TakeErrors() {
  std::stable_sort(errors_.begin(), errors_.end(), [](const ScenarioError& a, const ScenarioError& b) {
    return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
  });
  if (dropped_ > 0) {
    errors_.push_back(ScenarioError{SourceLocation{file_, 0, 0}, std::to_string(dropped_) + " more error" +
                                                                     (dropped_ == 1 ? "" : "s") + " not shown"});
    dropped_ = 0;
  }
  return std::move(errors_);
}

SourceLocation YamlValue::Where(const YamlContext& ctx) const {
  if (!node.IsDefined() || node.IsNull() || node.Mark().line < 0) return key_where;
  return ctx.Where(node);
}

std::string Describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  if (IsPlain(node)) return Quote(node.Scalar());
  return "the string \"" + EscapeBytes(node.Scalar()) + "\"";
}

MappingReader::MappingReader(const YAML::Node& map, const MappingSpec& spec, YamlContext& ctx) : spec_(spec) {
  std::string where_name(spec.name);
  std::replace(where_name.begin(), where_name.end(), '_', ' ');
  const std::vector<std::string_view> names = spec.Names();
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key = it->first;   // a copy: *it is a temporary
    const SourceLocation key_where = ctx.Where(key);
    if (!key.IsScalar()) {
      ctx.Error(key_where, "a key must be a name, not " + Describe(key));
      continue;
    }
    const std::string& name = key.Scalar();
    const KeySpec* key_spec = spec.Find(name);
    if (!key_spec) {
      ctx.Error(key_where, "unknown key " + Quote(name) + " in " + where_name + DidYouMeanSuffix(name, names));
      continue;
    }
    const auto previous = std::find_if(values_.begin(), values_.end(),
                                       [&](const YamlValue& v) { return v.spec == key_spec; });
    if (previous != values_.end()) {
      ctx.Error(key_where, "key " + Quote(name) + " given twice (first at line " +
                               std::to_string(previous->key_where.line) + ")");
      continue;
    }
    values_.push_back(YamlValue{it->second, key_spec, key_where, Quote(name)});
  }
  for (const KeySpec& k : spec.keys) {
    if (k.required && !Get(k.name)) {
      ctx.Error(ctx.Where(map), "missing required key " + Quote(k.name) + " in " + where_name);
    }
  }
}

std::optional<YamlValue> MappingReader::Get(std::string_view key) const {
  const KeySpec* spec = spec_.Find(key);
  assert(spec && "the loader reads a key its table does not declare");
  for (const YamlValue& v : values_) {
    if (v.spec == spec) return v;
  }
  return std::nullopt;
}

namespace {

// Keys that say the same of the other protocol: the error names the one to use.
constexpr std::pair<std::string_view, std::string_view> kCounterparts[] = {
    {"server_still_listening", "server_still_bound"},
};

std::string CounterpartSuffix(std::string_view key, bool tcp) {
  for (const auto& [tcp_key, udp_key] : kCounterparts) {
    if (key != (tcp ? udp_key : tcp_key)) continue;
    return " (for " + std::string(tcp ? "tcp" : "udp") + ": '" + std::string(tcp ? tcp_key : udp_key) + "')";
  }
  return "";
}

}  // namespace

void CheckProtocol(const YamlValue& key, Scenario::Protocol protocol, YamlContext& ctx) {
  const bool tcp = protocol == Scenario::Protocol::kTcp;
  const Protocols p = key.spec->protocols;
  if ((p == Protocols::kTcpOnly && !tcp) || (p == Protocols::kUdpOnly && tcp)) {
    ctx.Error(key.key_where, key.label + " applies to " + (tcp ? "udp" : "tcp") +
                                 " only; this scenario's protocol is " + (tcp ? "tcp" : "udp") +
                                 CounterpartSuffix(key.spec->name, tcp));
  }
}

void CheckProtocol(const MappingReader& m, Scenario::Protocol protocol, YamlContext& ctx) {
  for (const YamlValue& v : m.Present()) CheckProtocol(v, protocol, ctx);
}

bool ExpectMapping(const YamlValue& value, std::string_view what, YamlContext& ctx) {
  if (value.node.IsMap()) return true;
  WrongType(value, ctx, what);
  return false;
}

bool ExpectSequence(const YamlValue& value, std::string_view what, YamlContext& ctx) {
  if (value.node.IsSequence()) return true;
  WrongType(value, ctx, what);
  return false;
}

std::vector<YamlValue> Elements(const YamlValue& sequence) {
  std::vector<YamlValue> elements;
  std::size_t i = 0;
  const std::string base = sequence.label.substr(0, sequence.label.size() - 1);  // drop the closing quote
  for (const YAML::Node& node : sequence.node) {
    elements.push_back(YamlValue{node, sequence.spec, sequence.key_where, base + "[" + std::to_string(++i) + "]'"});
  }
  return elements;
}

std::optional<std::string> ReadString(const YamlValue& v, YamlContext& ctx) { return Scalar(v, ctx); }

std::optional<std::string> ReadTemplate(const YamlValue& v, YamlContext& ctx) {
  auto text = Scalar(v, ctx);
  std::string err;
  if (text && !CheckPlaceholders(*text, &err)) {
    ctx.Error(v.Where(ctx), v.label + ": " + err);
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> ReadRegex(const YamlValue& v, YamlContext& ctx) {
  auto text = Scalar(v, ctx);
  if (!text) return std::nullopt;
  std::string err;
  if (Pattern::Compile(*text, &err) == nullptr) {
    ctx.Error(v.Where(ctx), v.label + ": not a valid regular expression: " + err);
    return std::nullopt;
  }
  return text;
}

std::optional<std::int64_t> ReadInteger(const YamlValue& v, YamlContext& ctx) {
  const auto n = IsPlain(v.node) ? ParseInteger(v.node.Scalar()) : std::nullopt;
  if (!n) {
    WrongType(v, ctx);
    return std::nullopt;
  }
  if (*n < v.spec->min || *n > v.spec->max) {
    ctx.Error(v.Where(ctx), v.label + ": " + v.node.Scalar() + " is out of range (" + RangeText(*v.spec) + ")");
    return std::nullopt;
  }
  return n;
}

std::optional<bool> ReadBool(const YamlValue& v, YamlContext& ctx) {
  if (IsPlain(v.node) && v.node.Scalar() == "true") return true;
  if (IsPlain(v.node) && v.node.Scalar() == "false") return false;
  WrongType(v, ctx);
  return std::nullopt;
}

std::optional<Duration> ReadDuration(const YamlValue& v, YamlContext& ctx) {
  const auto text = Scalar(v, ctx);
  if (!text) return std::nullopt;
  Duration d{};
  std::string err;
  if (!ParseDuration(*text, &d, &err)) {
    ctx.Error(v.Where(ctx), v.label + ": " + err);
    return std::nullopt;
  }
  if (d > kMaxDuration) {
    ctx.Error(v.Where(ctx), v.label + ": " + Quote(*text) + " is longer than the maximum, " +
                                FormatDuration(kMaxDuration));
    return std::nullopt;
  }
  return d;
}

std::optional<std::uint64_t> ReadSize(const YamlValue& v, YamlContext& ctx) {
  const auto text = Scalar(v, ctx);
  if (!text) return std::nullopt;
  std::uint64_t size = 0;
  std::string err;
  if (!ParseByteSize(*text, &size, &err)) {
    ctx.Error(v.Where(ctx), v.label + ": " + err);
    return std::nullopt;
  }
  if (size > static_cast<std::uint64_t>(v.spec->max)) {
    ctx.Error(v.Where(ctx), v.label + ": " + Quote(*text) + " is more than the maximum, " +
                                FormatByteSize(static_cast<std::uint64_t>(v.spec->max)));
    return std::nullopt;
  }
  return size;
}

std::optional<std::size_t> ReadChoice(const YamlValue& v, YamlContext& ctx) {
  const auto text = Scalar(v, ctx);
  if (!text) return std::nullopt;
  const auto& choices = v.spec->choices;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (choices[i] == *text) return i;
  }
  ctx.Error(v.Where(ctx), v.label + ": expected one of " + Joined(choices) + ", got " + Quote(*text) +
                              DidYouMeanSuffix(*text, choices));
  return std::nullopt;
}

std::optional<std::vector<std::string>> ReadChoiceList(const YamlValue& v, YamlContext& ctx) {
  std::vector<std::string> chosen;
  const std::vector<YamlValue> items = v.node.IsSequence() ? Elements(v) : std::vector<YamlValue>{v};
  bool ok = true;
  for (const YamlValue& item : items) {
    const auto index = ReadChoice(item, ctx);
    if (index) chosen.emplace_back(v.spec->choices[*index]);
    ok = ok && index.has_value();
  }
  if (!ok) return std::nullopt;
  return chosen;
}

std::optional<std::string> ReadText(const YamlValue& v, YamlContext& ctx) {
  bool hex = false;
  return ReadTextOrHex(v, ctx, &hex);
}

std::optional<std::string> ReadTextOrHex(const YamlValue& v, YamlContext& ctx, bool* hex) {
  std::string bytes, err;
  *hex = v.node.IsMap();
  if (v.node.IsMap()) {
    const MappingReader mapping(v.node, kHexKeys, ctx);
    const auto digits = mapping.Get("hex");
    if (!digits) return std::nullopt;
    const auto text = ReadString(*digits, ctx);
    if (!text) return std::nullopt;
    if (!ParseHexBytes(*text, &bytes, &err)) {
      ctx.Error(digits->Where(ctx), "'hex': " + err);
      return std::nullopt;
    }
    return bytes;
  }
  const auto text = Scalar(v, ctx);
  if (!text) return std::nullopt;
  if (!ParseEscapedText(*text, &bytes, &err)) {
    ctx.Error(v.Where(ctx), v.label + ": " + err);
    return std::nullopt;
  }
  return bytes;
}

std::optional<std::vector<std::string>> ReadTextList(const YamlValue& v, YamlContext& ctx) {
  std::vector<std::string> texts;
  const std::vector<YamlValue> items = v.node.IsSequence() ? Elements(v) : std::vector<YamlValue>{v};
  bool ok = true;
  for (const YamlValue& item : items) {
    auto text = ReadText(item, ctx);
    if (text) texts.push_back(std::move(*text));
    ok = ok && text.has_value();
  }
  if (!ok) return std::nullopt;
  return texts;
}

std::optional<std::vector<std::string>> ReadCommand(const YamlValue& v, YamlContext& ctx) {
  std::vector<std::string> words;
  if (v.node.IsSequence()) {
    bool ok = true;
    for (const YamlValue& item : Elements(v)) {
      auto word = ReadTemplate(item, ctx);
      if (word) words.push_back(std::move(*word));
      ok = ok && word.has_value();
    }
    if (!ok) return std::nullopt;
  } else {
    const auto line = Scalar(v, ctx);
    if (!line) return std::nullopt;
    std::string err;
    auto split = SplitWords(*line, &err);
    for (std::size_t i = 0; split && i < split->size() && err.empty(); ++i) CheckPlaceholders((*split)[i], &err);
    if (!split || !err.empty()) {
      ctx.Error(v.Where(ctx), v.label + ": " + err);
      return std::nullopt;
    }
    words = std::move(*split);
  }
  if (words.empty()) {
    ctx.Error(v.Where(ctx), v.label + ": an empty command");
    return std::nullopt;
  }
  return words;
}

std::optional<std::vector<std::pair<std::string, std::string>>> ReadEnvironment(const YamlValue& v,
                                                                                 YamlContext& ctx) {
  if (!ExpectMapping(v, Expected(*v.spec), ctx)) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> env;
  bool ok = true;
  for (auto it = v.node.begin(); it != v.node.end(); ++it) {
    const std::string name = it->first.IsScalar() ? it->first.Scalar() : "";
    if (!ValidEnvironmentName(name)) {
      ctx.Error(ctx.Where(it->first), v.label + ": not a variable name: " + Describe(it->first));
      ok = false;
      continue;
    }
    auto value = ReadTemplate(YamlValue{it->second, v.spec, ctx.Where(it->first), Quote(name)}, ctx);
    if (value) env.emplace_back(name, std::move(*value));
    ok = ok && value.has_value();
  }
  if (!ok) return std::nullopt;
  return env;
}

std::optional<Count> ReadCount(const YamlValue& v, YamlContext& ctx) {
  if (!v.node.IsMap()) {
    if (!IsPlain(v.node) || !ParseInteger(v.node.Scalar())) {
      WrongType(v, ctx);
      return std::nullopt;
    }
    KeySpec exact = *kCountKeys.Find("at_least");
    exact.name = v.spec->name;
    const auto n = ReadInteger(YamlValue{v.node, &exact, v.key_where, v.label}, ctx);
    if (!n) return std::nullopt;
    return Count{n, n};
  }
  const MappingReader m(v.node, kCountKeys, ctx);
  Count count;
  ReadInto(m, "at_least", &count.at_least, ctx, ReadInteger);
  ReadInto(m, "at_most", &count.at_most, ctx, ReadInteger);
  if (v.node.size() == 0) {
    ctx.Error(v.Where(ctx), v.label + ": give at_least, at_most or both");
    return std::nullopt;
  }
  if (!count.at_least && !count.at_most) return std::nullopt;   // wrong keys, reported
  if (count.at_least && count.at_most && *count.at_least > *count.at_most) {
    ctx.Error(v.Where(ctx), v.label + ": at_least " + std::to_string(*count.at_least) + " is more than at_most " +
                                std::to_string(*count.at_most));
    return std::nullopt;
  }
  return count;
}

std::optional<std::string> ReadPortText(const YamlValue& v, YamlContext& ctx) {
  if (IsPlain(v.node) && ParseInteger(v.node.Scalar())) {
    KeySpec port = *kPortRangeKeys.Find("from");
    const auto n = ReadInteger(YamlValue{v.node, &port, v.key_where, v.label}, ctx);
    if (!n) return std::nullopt;
    return std::to_string(*n);
  }
  auto text = ReadTemplate(v, ctx);
  if (text && text->find('{') == std::string::npos) {
    WrongType(v, ctx);
    return std::nullopt;
  }
  return text;
}

}  // namespace wirecheck
