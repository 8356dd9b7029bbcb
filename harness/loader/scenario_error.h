#pragma once
// One thing wrong with a scenario file, where it is and what it is. Shared
// by the loader and its parts (scenario_yaml), which must not include the
// loader itself.

#include <string>

#include "harness/model/scenario.h"

namespace wirecheck {

struct ScenarioError {
  SourceLocation where;
  std::string message;
};

/// "file:line:column: message" ("file: message" when the error is about
/// the whole file).
std::string ToString(const ScenarioError& error);

}  // namespace wirecheck
