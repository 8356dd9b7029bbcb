#pragma once
// Who root's programs are on the host's files. A run's programs never hold a
// capability (privileges.h), but as the host's root (uid 0 mapped to
// itself) they could still read root's files, /etc/shadow, and open
// /proc/sys/kernel/core_pattern, by plain permissions. So when wirecheck is
// root they run as `nobody`: the run's root is mapped to it (or, on the host
// fallback, they switch to it). That needs every folder a program starts
// from to be reachable by nobody. Where the run has a filesystem of its own
// (run_filesystem.h) only the folder itself must be open to nobody: it is
// mounted where nobody reaches it, whatever its parents; a closed one is
// said, and the programs stay nobody. On the host's filesystem every folder
// of the path must let nobody through (x for others); where one does not,
// the programs keep root's identity and the run says so.

#include <string>
#include <vector>

#include "harness/process/privileges.h"

namespace wirecheck {

struct RunIdentity {
  ProgramIdentity identity;  // empty: not root, or a folder nobody cannot reach
  std::string warning;       // why root's identity is kept, and how to change it
};

/// `folders`: the run's {build}, {scenarios}, {submission}, {here} (empty
/// ones are skipped). `own_filesystem`: the run has a mount namespace.
RunIdentity ChooseRunIdentity(const std::vector<std::string>& folders, bool own_filesystem);

/// The first folder on `path` (itself included) that `identity` cannot
/// enter; empty when it can reach it. Pure but for stat().
std::string UnreachableFolder(const std::string& path, const ProgramIdentity& identity);

}  // namespace wirecheck
