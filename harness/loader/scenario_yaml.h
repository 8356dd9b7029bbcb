#pragma once
// Strict reading of YAML nodes against the key tables of scenario_keys.h.
// Internal to the scenario loader: every reader reports what is wrong to
// the YamlContext, with the file:line:column of the offending node, and
// returns nullopt; nothing throws.

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/loader/scenario_error.h"
#include "harness/loader/scenario_keys.h"
#include "harness/model/scenario.h"

namespace wirecheck {

/// The errors of one file, collected in one pass.
class YamlContext {
 public:
  explicit YamlContext(std::string file) : file_(std::move(file)) {}
  const std::string& file() const { return file_; }
  SourceLocation Where(const YAML::Node& node) const;
  SourceLocation Where(const YAML::Mark& mark) const;
  void Error(const SourceLocation& where, std::string message);
  bool HasErrors() const { return !errors_.empty(); }
  /// Sorted by line and column; errors at the same place keep their order.
  /// Past kMaxErrors, one more says how many were not kept.
  std::vector<ScenarioError> TakeErrors();

  /// A file of a thousand wrong keys is read in full, but its errors are
  /// not all printed.
  static constexpr std::size_t kMaxErrors = 100;

 private:
  std::string file_;
  std::vector<ScenarioError> errors_;
  std::size_t dropped_ = 0;
};

/// One value to read: the node, the key (or list element) it belongs to,
/// and that key's table entry.
struct YamlValue {
  YAML::Node node;
  const KeySpec* spec;
  SourceLocation key_where;   // where the key is written
  std::string label;          // the key as messages name it: 'port', 'clients[2]'
  /// The node's own place, or the key's when the node has none (no value).
  SourceLocation Where(const YamlContext& ctx) const;
};

/// The keys of one YAML mapping checked against its table: unknown keys
/// (with a suggestion), keys given twice and missing required keys are
/// reported when it is built.
class MappingReader {
 public:
  MappingReader(const YAML::Node& map, const MappingSpec& spec, YamlContext& ctx);
  /// key must be in the table (a loader bug otherwise); nullopt when absent.
  std::optional<YamlValue> Get(std::string_view key) const;
  /// The keys present, in file order.
  const std::vector<YamlValue>& Present() const { return values_; }

 private:
  const MappingSpec& spec_;
  std::vector<YamlValue> values_;
};

/// When value is not a mapping, reports it ("expected <what>, got a list").
bool ExpectMapping(const YamlValue& value, std::string_view what, YamlContext& ctx);
bool ExpectSequence(const YamlValue& value, std::string_view what, YamlContext& ctx);
/// The elements of a sequence as values labelled 'key[i]' (1-based).
std::vector<YamlValue> Elements(const YamlValue& sequence);

/// What a value of the key looks like: "a duration such as 250ms or 2s".
std::string ExpectedValue(const KeySpec& spec);

/// "a list", "a mapping", "nothing", "the string \"x\"", "'x'".
std::string Describe(const YAML::Node& node);

// Scalar readers. Each reports a located error and returns nullopt on a
// wrong type or an impossible value.
std::optional<std::string> ReadString(const YamlValue& v, YamlContext& ctx);
std::optional<std::string> ReadTemplate(const YamlValue& v, YamlContext& ctx);
std::optional<std::string> ReadRegex(const YamlValue& v, YamlContext& ctx);
std::optional<std::int64_t> ReadInteger(const YamlValue& v, YamlContext& ctx);
std::optional<bool> ReadBool(const YamlValue& v, YamlContext& ctx);
std::optional<Duration> ReadDuration(const YamlValue& v, YamlContext& ctx);
std::optional<std::uint64_t> ReadSize(const YamlValue& v, YamlContext& ctx);
/// The index of the value in v.spec->choices.
std::optional<std::size_t> ReadChoice(const YamlValue& v, YamlContext& ctx);
std::optional<std::vector<std::string>> ReadChoiceList(const YamlValue& v, YamlContext& ctx);
/// A payload: escaped text, or {hex: "..."}.
std::optional<std::string> ReadText(const YamlValue& v, YamlContext& ctx);
/// The same; *hex says whether the bytes were given as { hex: ... }.
std::optional<std::string> ReadTextOrHex(const YamlValue& v, YamlContext& ctx, bool* hex);
std::optional<std::vector<std::string>> ReadTextList(const YamlValue& v, YamlContext& ctx);
std::optional<std::vector<std::string>> ReadCommand(const YamlValue& v, YamlContext& ctx);
std::optional<std::vector<std::pair<std::string, std::string>>> ReadEnvironment(const YamlValue& v,
                                                                                 YamlContext& ctx);
std::optional<Count> ReadCount(const YamlValue& v, YamlContext& ctx);
/// A port number, or a template such as "{port}".
std::optional<std::string> ReadPortText(const YamlValue& v, YamlContext& ctx);

/// Reads key with reader into *out when present; the value keeps *out
/// unchanged when absent or wrong.
template <typename T, typename Reader>
void ReadInto(const MappingReader& m, std::string_view key, T* out, YamlContext& ctx, Reader reader) {
  if (const auto v = m.Get(key)) {
    if (auto value = reader(*v, ctx)) *out = std::move(*value);
  }
}

/// As ReadInto, for an expectation that keeps its place.
template <typename T, typename Reader>
void ReadLocated(const MappingReader& m, std::string_view key, std::optional<Located<T>>* out, YamlContext& ctx,
                 Reader reader) {
  if (const auto v = m.Get(key)) {
    if (auto value = reader(*v, ctx)) *out = Located<T>{std::move(*value), v->Where(ctx)};
  }
}

/// Reports each present key whose table entry is for the other protocol.
void CheckProtocol(const MappingReader& m, Scenario::Protocol protocol, YamlContext& ctx);
void CheckProtocol(const YamlValue& key, Scenario::Protocol protocol, YamlContext& ctx);

}  // namespace wirecheck
