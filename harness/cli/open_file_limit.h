#pragma once
// wirecheck's own descriptor limit. Every scripted peer holds a socket in
// the wirecheck process itself, so a scenario with 1,000 concurrent scripted
// clients needs more than the usual soft limit of 1,024. Programs under test
// get their own limit from the scenario (limits.open_files).

#include <cstdint>

namespace wirecheck {

/// Raises the soft RLIMIT_NOFILE of this process to its hard limit.
/// Returns the soft limit in force afterwards (0 if it could not be read).
std::uint64_t RaiseOpenFileLimit();

}  // namespace wirecheck
