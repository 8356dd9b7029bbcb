#pragma once
// The keys of every mapping of the scenario format: one table per mapping,
// with type, default and meaning. The loader reads a mapping only through
// its table (an undeclared key is a bug there, an unknown key an error in
// the file), and scenario_schema builds the JSON Schema from the same
// tables, so the two cannot drift. scenarios/README.md documents each key
// (a test checks that every key is on that page).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

namespace wirecheck {

/// The longest duration any key accepts: a scenario that needs more is a
/// mistake (a unit missed: 30h for 30s), and a run must end.
inline constexpr std::chrono::hours kMaxDuration{24};
/// The most client groups a scenario has, and clients over all its groups.
inline constexpr std::size_t kMaxClientGroups = 1000;
inline constexpr std::int64_t kMaxClients = 10000;

/// Where a bare `connect` or `sendto` goes: the server. Bracketed, so that
/// it parses with {host} = ::1 as well as 127.0.0.1.
inline constexpr const char* kServerAddress = "[{host}]:{port}";

/// How a value is written; the schema has one definition per type.
enum class ValueType {
  kNone,         // steps only: the action takes no value (`- close`)
  kString,       // any scalar, as text
  kTemplate,     // text with {placeholders}, checked
  kPortText,     // a port number, or a text of placeholders naming one ("{port}")
  kRegex,        // a regular expression in RE2 syntax (model/pattern.h), checked to compile
  kText,         // payload: text with C escapes, or {hex: "de ad"}
  kTextList,     // a payload, or a list of them
  kInteger,      // a plain integer in [min, max]
  kBool,         // true or false
  kDuration,     // "250ms", "2s", "1m30s"
  kSize,         // 4096, "64KiB", "512MiB"
  kChoice,       // one of choices
  kChoiceList,   // one of choices, or a list of them
  kCommand,      // a string split into words (quotes group), or a list of words
  kEnvironment,  // a mapping of variable names to template strings
  kTextMatch,    // a payload (exact), or a mapping of kTextMatchKeys
  kCount,        // an integer (exact), or a mapping of kCountKeys
  kPortRange,    // "ephemeral", a port, or a mapping of kPortRangeKeys
  kStart,        // together | one-by-one | every <duration>
  kStepMatch,    // a payload (exact bytes), or a mapping of kStepMatchKeys
  kMapping,      // a mapping of spec->mapping's keys
  kMappingList,  // a list of such mappings
  kSteps,        // a list of steps (kStepKeys)
  kPoints,       // a mapping of grading check names to points
  kHosts,        // network: a mapping of host names to addresses
  kPercent,      // a probability written as a percentage: 30%, 0.5%
  kRate,         // a rate: 1Mbit/s, 500kbit/s, 64KiB/s
  kDropRules,    // an exact drop (first_fin, first_syn, or a mapping of kDropRuleKeys), or a list of them
};

enum class Protocols { kBoth, kTcpOnly, kUdpOnly };

struct MappingSpec;

struct KeySpec {
  std::string_view name;
  ValueType type;
  std::string_view description;
  std::string_view default_text = {};     // shown in docs and schema; empty: none
  bool required = false;
  const MappingSpec* mapping = nullptr;   // kMapping, kMappingList
  std::span<const std::string_view> choices = {};  // kChoice, kChoiceList
  std::int64_t min = std::numeric_limits<std::int64_t>::min();  // kInteger
  std::int64_t max = std::numeric_limits<std::int64_t>::max();  // kInteger; kSize: the most bytes
  Protocols protocols = Protocols::kBoth;
  // Steps only: an action (the one key naming what the step does) or a
  // modifier of actions; bare: the action may be written alone (`- close`).
  bool action = false;
  bool bare = false;
  std::span<const std::string_view> modifiers = {};
};

struct MappingSpec {
  std::string_view name;          // the schema's $defs name
  std::string_view description;
  std::span<const KeySpec> keys;
  /// nullptr when key is not in the table.
  const KeySpec* Find(std::string_view key) const;
  std::vector<std::string_view> Names() const;
};

extern const MappingSpec kScenarioKeys;       // the top level
extern const MappingSpec kServerKeys;
extern const MappingSpec kClientKeys;
extern const MappingSpec kLimitsKeys;
extern const MappingSpec kRunLimitsKeys;
extern const MappingSpec kProcessExpectKeys;
extern const MappingSpec kTextMatchKeys;
extern const MappingSpec kHexKeys;            // the {hex: ...} form of a payload
extern const MappingSpec kCountKeys;
extern const MappingSpec kPortRangeKeys;
extern const MappingSpec kStepKeys;
extern const MappingSpec kStepMatchKeys;
extern const MappingSpec kWireKeys;           // the top-level `expect`
extern const MappingSpec kConnectionKeys;
extern const MappingSpec kCloseKeys;
extern const MappingSpec kDatagramsKeys;
extern const MappingSpec kNetworkKeys;        // the top-level `network`
extern const MappingSpec kDirectionKeys;      // client_to_server, server_to_client
extern const MappingSpec kDropRuleKeys;       // one exact drop written as a mapping
extern const MappingSpec kTimeBoundKeys;      // reply_delay, replies_apart

/// The most hosts a scenario's network has (one wire between two hosts).
inline constexpr std::size_t kMaxHosts = 2;
/// The drops written alone, and what each means.
inline constexpr std::string_view kBareDrops[] = {"first_fin", "first_syn"};

/// Every table above, the top level first.
std::span<const MappingSpec* const> AllMappings();

/// The names `grading:` may give points to.
struct GradingCheck {
  std::string_view name;
  std::string_view description;
};
std::span<const GradingCheck> GradingChecks();
std::vector<std::string_view> GradingCheckNames();

/// The kinds of one group's own checks: a `grading:` entry
/// `<group>.<kind>` (`student-client.stdout`) gives points to that group's
/// checks of the kind, which then no longer count under the kind-wide entry
/// (`processes`, `scripts`, `handshake`, ...). A group is the server or a
/// client group, by its `name`.
std::span<const GradingCheck> GroupGradingKinds();
std::vector<std::string_view> GroupGradingKindNames();

}  // namespace wirecheck
