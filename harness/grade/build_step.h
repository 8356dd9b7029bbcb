#pragma once
// An assignment's build, run once per submission in its copy: a sandbox of
// its own like a run's (no network, a filesystem where the host shows only
// its system folders, read-only), where the copy is the one folder it may
// write, with the build's limits and timeout. Where the machine gives no
// namespaces it falls back to the host as a run does, and says so. A build that fails is a
// result (the submission scores 0, with the compiler's last lines); only a
// sandbox that cannot be made is wirecheck's own error.

#include <chrono>
#include <string>

#include "harness/model/assignment.h"
#include "harness/process/privileges.h"

namespace wirecheck {

struct BuildOutcome {
  bool built = false;
  /// One line: "the build exited with code 2", "the build took longer
  /// than 2m and was stopped". Empty when it built.
  std::string summary;
  /// The build's last lines of output (stderr, where compilers write, then
  /// stdout), for the student.
  std::string output_tail;
  std::chrono::nanoseconds duration{};
  /// The sandbox could not be made, or wirecheck was interrupted: not the
  /// submission's fault, so no grade is given.
  std::string harness_error;
  /// The sandbox fell back to the host (no namespaces here): what is missing.
  std::string warning;
};

/// Runs `build` in `folder` (absolute, the submission's copy, owned by
/// `identity` when set).
BuildOutcome RunBuild(const AssignmentBuild& build, const std::string& folder, const ProgramIdentity& identity);

/// The last `lines` lines of text (at most `bytes` of them), for feedback.
std::string LastLines(const std::string& text, std::size_t lines, std::size_t bytes);

}  // namespace wirecheck
