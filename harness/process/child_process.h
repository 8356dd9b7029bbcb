#pragma once
// fork + exec of one ProcessSpec in the calling process's namespaces: its own
// process group, default signal dispositions, pipes for stdin/stdout/stderr,
// the working directory, the whole environment, resource limits, and no
// inherited descriptor beyond 0-2, and no privilege (privileges.h). A failure before exec (no such program, not
// executable, no such directory) comes back as FailedToStart, never as a
// child that exits 127. Used by the ProcessSupervisor inside the sandbox.

#include <sys/types.h>

#include <variant>

#include "harness/model/process_spec.h"
#include "harness/process/privileges.h"

namespace wirecheck {

struct SpawnedChild {
  pid_t pid = -1;
  int stdin_fd = -1;   // write end, non-blocking; -1 when stdin is /dev/null
  int stdout_fd = -1;  // read end, non-blocking
  int stderr_fd = -1;  // read end, non-blocking
};

/// Returns the child, or why it could not start. All descriptors returned are
/// close-on-exec and owned by the caller, which must reap pid. The program
/// runs with no capability and as `identity` (DropPrivileges); a child that
/// cannot drop them does not start.
std::variant<SpawnedChild, FailedToStart> SpawnChild(const ProcessSpec& spec,
                                                     const ProgramIdentity& identity = {});

/// The program execve() will run: argv0 itself when it contains '/', else the
/// first executable match in the PATH of env (default "/usr/local/bin:/usr/bin:/bin").
/// Empty when nothing matches; *error_number says why (ENOENT or EACCES).
std::string ResolveProgram(const std::string& argv0, const std::vector<std::string>& env,
                           int* error_number);

}  // namespace wirecheck
