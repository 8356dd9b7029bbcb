#pragma once
// What a program under test may do, set between fork and exec: no
// capability survives the exec (also when it runs as uid 0 of the run's user
// namespace, so it cannot ptrace the run's init, take its descriptors, or
// change the run's network), no exec can raise privileges (setuid binaries,
// file capabilities), and, where wirecheck runs as the host's root without a
// user namespace (the --no-sandbox fallback), an unprivileged uid and gid.

#include <sys/types.h>

#include <optional>

namespace wirecheck {

struct ProgramIdentity {
  /// Switch to these ids (host root only: a namespace maps ids instead).
  std::optional<uid_t> uid;
  std::optional<gid_t> gid;
};

/// For programs started on the host (no user namespace to map ids): an
/// unprivileged identity (`nobody`, else 65534) when the caller is root;
/// none otherwise. Call before fork.
ProgramIdentity UnprivilegedIdentityIfRoot();

/// In the child, between fork and exec: async-signal-safe system calls only.
/// False with errno when a step failed; the caller must then not exec.
bool DropPrivileges(const ProgramIdentity& identity);

}  // namespace wirecheck
