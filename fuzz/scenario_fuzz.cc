// libFuzzer target: the input is the text of a scenario file. LoadScenarioText
// must turn anything (YAML syntax errors, binary junk, alias bombs, deep
// nesting, huge values) into errors naming file:line:column, or into a
// scenario, and never crash, hang, leak or allocate without bound. The JSON
// Schema is built from the same key tables the loader reads through; it must
// come out the same however many files were loaded.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "harness/loader/scenario_loader.h"
#include "harness/loader/scenario_schema.h"

namespace {

std::string& SchemaAtStart() {
  static std::string schema = wirecheck::ScenarioSchema().dump();
  return schema;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  SchemaAtStart();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const wirecheck::ScenarioLoad load = wirecheck::LoadScenarioText(text, "fuzz.yaml");
  // Exactly one of the two: a scenario, or the errors that stopped it.
  if (load.scenario.has_value() == !load.errors.empty()) __builtin_trap();
  for (const auto& error : load.errors) {
    if (error.message.empty() || ToString(error).empty()) __builtin_trap();
  }
  // Checking every input would halve the speed; every 4096th is enough to
  // see the tables change.
  static std::size_t inputs = 0;
  if (++inputs % 4096 == 0 && wirecheck::ScenarioSchema().dump() != SchemaAtStart()) __builtin_trap();
  return 0;
}
