#pragma once
// Scenario files → the Scenario model (scenario.h), strictly: a wrong type,
// a missing required key, an unknown key (with a "did you mean"), an
// impossible value, a YAML syntax error are errors naming file:line:column,
// all of a file in one pass. Nothing throws out of here.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/loader/scenario_error.h"
#include "harness/model/scenario.h"

namespace wirecheck {

/// A scenario when errors is empty; otherwise no scenario.
struct ScenarioLoad {
  std::optional<Scenario> scenario;
  std::vector<ScenarioError> errors;
};

/// Reads and loads path; a file that cannot be read is one error.
ScenarioLoad LoadScenarioFile(const std::string& path);

/// Loads YAML text; file_name is the name errors and locations carry.
ScenarioLoad LoadScenarioText(std::string_view text, const std::string& file_name);

}  // namespace wirecheck
