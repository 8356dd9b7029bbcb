#pragma once
// The command line: parses argv into one command and runs it.

#include <iosfwd>

#include "harness/cli/exit_code.h"

namespace wirecheck {

/// Runs `wirecheck ARGS...`; usage errors are reported on err with kBadInput.
ExitCode RunCommandLine(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace wirecheck
