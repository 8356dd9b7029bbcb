#pragma once
// The init process of a sandbox: PID 1 of the run's PID namespace (or, on the
// host-loopback fallback, a child subreaper). It serves the requests of
// sandbox_protocol.h on its channel with a ProcessSupervisor, and when the
// channel closes or asks it to, it kills everything it started and exits —
// which, as PID 1, takes every process of the namespace with it.

#include <initializer_list>

#include "harness/process/privileges.h"

namespace wirecheck {

/// Closes every descriptor from 3 up except those in keep: a sandbox's
/// processes must not hold wirecheck's ends of other sandboxes' channels.
void CloseDescriptorsExcept(std::initializer_list<int> keep);

/// Never returns. channel_fd: this end of the socketpair to wirecheck.
/// kill_orphans: the fallback, where no namespace ends the stragglers, so
/// init is made a subreaper and kills every descendant before it exits.
/// Programs start as `identity` (privileges.h), always without privilege.
[[noreturn]] void RunSandboxInit(int channel_fd, bool kill_orphans, const ProgramIdentity& identity);

}  // namespace wirecheck
