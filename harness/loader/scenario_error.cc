#include "harness/loader/scenario_error.h"

namespace wirecheck {

std::string ToString(const ScenarioError& error) { return ToString(error.where) + ": " + error.message; }

}  // namespace wirecheck
