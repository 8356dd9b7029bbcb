#pragma once
// The keys of an assignment file (`wirecheck grade`), as tables of the same
// kind as the scenario format's (scenario_keys.h): the loader reads through
// them, the JSON Schema is built from them, and scenarios/README.md
// documents each key (a test checks it).

#include <span>

#include "harness/loader/scenario_keys.h"

namespace wirecheck {

extern const MappingSpec kAssignmentKeys;          // the top level
extern const MappingSpec kBuildKeys;               // `build:`
extern const MappingSpec kAssignmentScenarioKeys;  // one entry of `scenarios:`

/// The three tables above, the top level first.
std::span<const MappingSpec* const> AssignmentMappings();

}  // namespace wirecheck
