#pragma once
// Creating a sandbox's init process: inside a new user + network + PID
// namespace (rootless: the caller's uid and gid become root inside, `lo` is
// brought up), or, where that is not permitted, on the host as a subreaper.
// Measured results and the wording of the fallback warning: docs/sandbox.md.

#include <sys/types.h>

#include <string>

#include "harness/process/privileges.h"
#include "harness/sandbox/run_filesystem.h"

namespace wirecheck {

enum class Isolation {
  kNamespaces,    // own user, network and PID namespace
  kHostLoopback,  // fallback: the host's network and PIDs
};

/// `lo` of the caller's network namespace up (needs CAP_NET_ADMIN over it);
/// false with errno.
bool BringLoopbackUp();

/// The processes behind one sandbox, owned by the Sandbox that asked for them.
struct InitProcess {
  /// Our direct child, to reap: the keeper (namespaces) or init itself. The
  /// keeper lives in the run's user and network namespaces but outside its
  /// PID namespace, out of the programs' reach: /proc/<child>/ns/* and
  /// /proc/<child>/net/* are the run's (init is not dumpable, so its own
  /// /proc entries are closed to an unprivileged wirecheck).
  pid_t child = -1;
  pid_t init = -1;      // init's pid as wirecheck sees it
  int channel_fd = -1;  // wirecheck's end of the sandbox protocol
  Isolation isolation = Isolation::kHostLoopback;
  /// /proc/sys/net/ipv4/ip_local_port_range as read inside the run's network
  /// namespace (each namespace has its own; a new one starts at the kernel's
  /// default, whatever the host set). 0 0: unknown, or the host's loopback.
  int local_ports_from = 0;
  int local_ports_to = 0;
};

/// Why the namespaces could not be made.
struct NamespaceFailure {
  enum class Kind {
    kNotPermitted,  // user namespaces disabled or filtered (sysctl, seccomp in a container)
    kAppArmor,      // Ubuntu 23.10+: the user namespace was made without capabilities
    kOther,         // an unexpected failure (out of memory, no /proc, ...)
    kFilesystem,    // the run's own filesystem could not be built (never a reason to fall back)
  };
  Kind kind = Kind::kOther;
  std::string step;     // "unshare(CLONE_NEWUSER)", "writing uid_map", ...
  int error_number = 0;
};

/// Starts init in new namespaces. False with *failure when they cannot be made.
/// `run_as` (root only): the host ids the run's uid and gid 0 stand for, so
/// init and the programs are that user on the host's files; without it
/// root's ids map to themselves, and anyone else's id is the one mapped.
/// `view`: the run also gets a mount namespace and the filesystem it says
/// (run_filesystem.h); null: the host's filesystem, as it is.
bool StartNamespacedInit(const ProgramIdentity& run_as, const FilesystemView* view, InitProcess* out,
                         NamespaceFailure* failure);
/// Starts init on the host (the fallback); its programs switch to `run_as`.
/// False with *err.
bool StartHostInit(const ProgramIdentity& run_as, InitProcess* out, std::string* err);

/// "cannot create a user namespace (unshare(CLONE_NEWUSER): ...)", or the AppArmor case.
std::string NamespaceFailureText(const NamespaceFailure& failure);
/// How to get the namespaces: the sysctls, the container's seccomp, the AppArmor profile.
std::string NamespaceAdvice(const NamespaceFailure& failure);

/// "wirecheck: warning: ..." for the fallback: what failed, what isolation is
/// missing, and how to get it (the AppArmor profile on Ubuntu).
std::string FallbackWarning(const NamespaceFailure& failure);

}  // namespace wirecheck
