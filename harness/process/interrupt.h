#pragma once
// SIGINT and SIGTERM for the one owner of child processes. The handlers only
// record the signal and make InterruptFd() readable; the harness's long waits
// (readiness, clients, a server's `stop: wait`) poll that descriptor and
// return "interrupted" (the short bounded ones at the end of a run, such as
// the capture's drain, finish first), and the owner then
// stops the children (Sandbox::Close), closes the capture, writes what it has
// marked interrupted and exits 130 (ExitCode::kInterrupted).

namespace wirecheck {

/// Installs the handlers (once; later calls do nothing).
void InstallInterruptHandlers();
/// The signal received (SIGINT or SIGTERM), 0 when none.
int InterruptSignal();
/// Readable once a signal arrived; -1 before InstallInterruptHandlers().
int InterruptFd();

}  // namespace wirecheck
