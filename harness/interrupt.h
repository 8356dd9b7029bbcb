#pragma once
// SIGINT and SIGTERM for the one owner of child processes. The handlers only
// record the signal and make InterruptFd() readable; every blocking wait of
// the harness polls that descriptor, returns "interrupted", and the owner then
// stops the children (Sandbox::Close), closes the capture, writes what it has
// marked interrupted and exits 130 (ExitCode::kInterrupted).

namespace wirecheck {

/// Installs the handlers (once; later calls do nothing).
void InstallInterruptHandlers();
/// The signal received (SIGINT or SIGTERM), 0 when none.
int InterruptSignal();
/// Readable once a signal arrived; -1 before InstallInterruptHandlers().
int InterruptFd();
/// Forgets a received signal (tests).
void ResetInterrupt();

}  // namespace wirecheck
