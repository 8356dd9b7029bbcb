// The JSON Schema, the key tables, the examples and the format reference
// (scenarios/README.md) describe the same format.

#include "harness/loader/scenario_schema.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/loader/assignment_keys.h"
#include "harness/loader/scenario_bounds.h"
#include "harness/loader/scenario_keys.h"
#include "harness/loader/scenario_loader.h"
#include "harness/model/duration_text.h"
#include "harness/model/placeholder_text.h"
#include "harness/model/size_text.h"

namespace wirecheck {
namespace {

using nlohmann::json;

const std::string kSource = WIRECHECK_SOURCE_DIR;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ScenarioSchemaTest, IsValidJsonOfDraft2020_12) {
  const json schema = ScenarioSchema();
  const json parsed = json::parse(schema.dump(2));   // throws if not JSON
  EXPECT_EQ(parsed, schema);
  EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(schema["type"], "object");
  EXPECT_EQ(schema["additionalProperties"], false);
  EXPECT_EQ(schema["required"], json::array({"scenario", "server"}));
}

TEST(ScenarioSchemaTest, ListsEveryKeyTheLoaderAccepts) {
  const json schema = ScenarioSchema();
  for (const MappingSpec* spec : AllMappings()) {
    const json& def = schema["$defs"][std::string(spec->name)];
    ASSERT_TRUE(def.is_object()) << spec->name;
    for (const KeySpec& key : spec->keys) {
      const json& property = def["properties"][std::string(key.name)];
      EXPECT_TRUE(property.is_object()) << spec->name << "." << key.name;
      EXPECT_FALSE(property.value("description", "").empty()) << spec->name << "." << key.name;
    }
    EXPECT_EQ(def["properties"].size(), spec->keys.size()) << spec->name;
  }
  EXPECT_EQ(schema["properties"].size(), kScenarioKeys.keys.size());
}

// Every "$ref" of the schema names one of its own $defs.
void ExpectEveryReferenceResolves(const json& schema) {
  const std::string text = schema.dump();
  const std::string marker = "\"$ref\":\"#/$defs/";
  for (std::size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at + 1)) {
    const std::size_t start = at + marker.size();
    const std::string name = text.substr(start, text.find('"', start) - start);
    EXPECT_TRUE(schema["$defs"].contains(name)) << name;
  }
}

TEST(ScenarioSchemaTest, EveryReferenceResolves) { ExpectEveryReferenceResolves(ScenarioSchema()); }

TEST(ScenarioSchemaTest, ChoicesAndRangesComeFromTheTables) {
  const json schema = ScenarioSchema();
  EXPECT_EQ(schema["properties"]["protocol"]["enum"], json::array({"tcp", "udp"}));
  EXPECT_EQ(schema["properties"]["protocol"]["default"], "tcp");
  const json& port = schema["$defs"]["server"]["properties"]["port"];
  EXPECT_EQ(port["minimum"], 1);
  EXPECT_EQ(port["maximum"], 65535);
  EXPECT_EQ(port["default"], 6789);
  json checks = json::array();
  for (const GradingCheck& c : GradingChecks()) checks.push_back(std::string(c.name));
  const json& names = schema["properties"]["grading"]["propertyNames"]["anyOf"];
  EXPECT_EQ(names[0]["enum"], checks);
  EXPECT_EQ(names[1]["pattern"],
            "^.+\\.(exit|no_crash|no_flood|stdout|stderr|within|runs_until_stopped|wire|script)$");
}

// Assignment files have a schema of their own, from their own tables,
// whose references all resolve (into the scenario's shared definitions).
TEST(ScenarioSchemaTest, TheAssignmentSchemaListsItsKeysAndResolves) {
  const json schema = AssignmentSchema();
  EXPECT_EQ(schema["required"], json::array({"assignment", "scenarios"}));
  for (const MappingSpec* spec : AssignmentMappings()) {
    const json& def = schema["$defs"][std::string(spec->name)];
    ASSERT_TRUE(def.is_object()) << spec->name;
    EXPECT_EQ(def["properties"].size(), spec->keys.size()) << spec->name;
  }
  EXPECT_EQ(schema["$defs"]["assignment_scenario"]["properties"]["visibility"]["enum"],
            json::array({"visible", "hidden", "after_due_date", "after_published"}));
  ExpectEveryReferenceResolves(schema);
}

// The loader rejects these when empty; so does the schema.
TEST(ScenarioSchemaTest, MappingsThatNeedAKeyAreNotEmpty) {
  const json schema = ScenarioSchema();
  for (const char* name : {"count_range", "text_match", "step_match", "close_expect"}) {
    EXPECT_EQ(schema["$defs"][name]["minProperties"], 1) << name;
  }
}

TEST(ScenarioSchemaTest, StepsAreOneActionWithItsModifiers) {
  const json step = ScenarioSchema()["$defs"]["step"];
  std::size_t actions = 0;
  for (const KeySpec& k : kStepKeys.keys) actions += k.action ? 1 : 0;
  ASSERT_EQ(step["oneOf"].size(), actions + 1);   // the bare names, then one form per action
  EXPECT_EQ(step["oneOf"][0]["enum"], json::array({"connect", "listen", "accept", "bind", "recvfrom", "expect_close",
                                                 "shutdown", "close", "reset", "hold"}));
  const json& connect = step["oneOf"][1];
  EXPECT_EQ(connect["required"], json::array({"connect"}));
  EXPECT_TRUE(connect["properties"].contains("timeout"));
  EXPECT_FALSE(connect["properties"].contains("backlog"));
}

std::vector<std::string> Examples() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(kSource + "/scenarios/examples")) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ScenarioSchemaTest, AllExamplesLoadWithoutErrors) {
  const std::vector<std::string> files = Examples();
  EXPECT_GE(files.size(), 6u);
  for (const std::string& file : files) {
    const ScenarioLoad load = LoadScenarioFile(file);
    std::string errors;
    for (const ScenarioError& e : load.errors) errors += ToString(e) + "\n";
    EXPECT_TRUE(load.scenario.has_value()) << errors;
  }
}

TEST(ScenarioSchemaTest, ExamplesCoverTcpUdpIpv6AndScriptedPeers) {
  bool udp = false, ipv6 = false, scripted_client = false, scripted_server = false;
  for (const std::string& file : Examples()) {
    const ScenarioLoad load = LoadScenarioFile(file);
    if (!load.scenario) continue;
    udp = udp || load.scenario->protocol == Scenario::Protocol::kUdp;
    ipv6 = ipv6 || load.scenario->family == Scenario::Family::kIpv6;
    scripted_server = scripted_server || !load.scenario->server.script.empty();
    for (const ClientSpec& c : load.scenario->clients) scripted_client = scripted_client || !c.script.empty();
  }
  EXPECT_TRUE(udp);
  EXPECT_TRUE(ipv6);
  EXPECT_TRUE(scripted_client);
  EXPECT_TRUE(scripted_server);
}

// The format reference is kept true: every key, step, check and
// placeholder the code knows is on the page.
TEST(ScenarioSchemaTest, ReadmeDocumentsEveryKeyPlaceholderAndCheck) {
  const std::string readme = ReadFile(kSource + "/scenarios/README.md");
  ASSERT_FALSE(readme.empty());
  for (const MappingSpec* spec : AllMappings()) {
    for (const KeySpec& key : spec->keys) {
      EXPECT_NE(readme.find("`" + std::string(key.name) + "`"), std::string::npos) << spec->name << "." << key.name;
    }
  }
  for (const Placeholder& p : Placeholders()) {
    EXPECT_NE(readme.find("`{" + std::string(p.name) + "}`"), std::string::npos) << p.name;
  }
  for (const GradingCheck& c : GradingChecks()) {
    EXPECT_NE(readme.find("`" + std::string(c.name) + "`"), std::string::npos) << c.name;
  }
  for (const MappingSpec* spec : AssignmentMappings()) {
    for (const KeySpec& key : spec->keys) {
      EXPECT_NE(readme.find("`" + std::string(key.name) + "`"), std::string::npos) << spec->name << "." << key.name;
    }
  }
}

// The maxima a file is held to are on the page, each as the code has it.
TEST(ScenarioSchemaTest, ReadmeDocumentsEveryMaximum) {
  const std::string readme = ReadFile(kSource + "/scenarios/README.md");
  const auto row = [&](const std::string& what, const std::string& maximum) {
    const std::size_t at = readme.find("| " + what + " |");
    ASSERT_NE(at, std::string::npos) << what;
    const std::string line = readme.substr(at, readme.find('\n', at) - at);
    EXPECT_NE(line.find(maximum), std::string::npos) << line;
  };
  row("file size", std::to_string(kMaxScenarioFileBytes >> 20) + " MiB");
  row("nesting of lists and mappings", std::to_string(kMaxScenarioNesting) + " levels");
  row("values (scalars, lists, mappings), an alias counting as all it repeats", std::to_string(kMaxScenarioNodes));
  row("bytes of text of all values, an alias counting as all it repeats",
      std::to_string(kMaxScenarioExpandedBytes >> 20) + " MiB");
  row("client groups; clients over all groups",
      std::to_string(kMaxClientGroups) + "; " + std::to_string(kMaxClients));
  row("any duration", "`" + FormatDuration(kMaxDuration) + "`");
  for (const KeySpec& key : kLimitsKeys.keys) {
    if (key.type == ValueType::kSize) row("`" + std::string(key.name) + "`", "at most `" + FormatByteSize(static_cast<std::uint64_t>(key.max)) + "`");
  }
}

}  // namespace
}  // namespace wirecheck
