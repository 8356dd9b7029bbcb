#pragma once
// Runs a program to completion and collects what it printed: for tests of
// the real wirecheck binary.

#include <string>
#include <vector>

namespace wirecheck::testing {

struct CommandResult {
  int exit_code = -1;     // -1: did not exit normally
  std::string out;
  std::string err;
};

/// Runs argv[0] with argv (no shell), stdin from /dev/null.
CommandResult RunCommand(const std::vector<std::string>& argv);

/// RunCommand with the wirecheck binary under test (WIRECHECK_BINARY).
CommandResult RunWirecheck(const std::vector<std::string>& args);

}  // namespace wirecheck::testing
