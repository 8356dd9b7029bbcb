#pragma once
// The JSON Schema (draft 2020-12) of scenario files, for editors to
// complete and check them. Built from the key tables the loader reads with
// (scenario_keys.h), so the two describe the same format.

#include <nlohmann/json.hpp>

namespace wirecheck {

/// One $defs entry per table of scenario_keys.h (named as the table) and
/// per value type shared between keys; the root is the top-level mapping.
nlohmann::json ScenarioSchema();

/// The same for assignment files (assignment_keys.h): its three tables
/// beside the scenario's definitions, whose value types they share.
nlohmann::json AssignmentSchema();

}  // namespace wirecheck
