#pragma once
// How a process ended, as one value: the exit code, the signal that killed
// it, the wall-clock timeout that ended it, or why it never started. The
// verifier reads it; Describe() is the sentence reports print.

#include <chrono>
#include <cstdint>
#include <string>
#include <variant>

namespace wirecheck {

struct Exited {
  int code = 0;
};

struct Signaled {
  int signal = 0;
  bool core_dumped = false;
  bool sent_by_wirecheck = false;  // a stop at the end of the run, not a crash
  /// > 0: the kernel killed it for the run's memory cap (its cgroup), of
  /// this many bytes for all the run's programs together.
  std::uint64_t memory_cap = 0;
};

struct TimedOut {
  std::chrono::nanoseconds after{};  // the timeout that was exceeded
};

struct FailedToStart {
  std::string program;  // argv[0] as written
  int error_number = 0; // errno of chdir/exec, 0 when not from a system call
  std::string reason;   // "No such file or directory", "not executable", ...
};

using ProcessOutcome = std::variant<Exited, Signaled, TimedOut, FailedToStart>;

/// "exited with code 3", "killed by SIGSEGV (segmentation fault)",
/// "timed out after 2s", "failed to start: ./server: No such file or directory".
std::string Describe(const ProcessOutcome& outcome);

/// "SIGSEGV"; "signal 42" for one without a name.
std::string SignalName(int signal);

/// "SIGSEGV (segmentation fault)": the name and, for the signals a crash or a
/// limit raises, what it means.
std::string SignalDescription(int signal);

/// The outcome of a waitpid() status that ended a process (WIFEXITED or
/// WIFSIGNALED). `stopped_by_wirecheck`: wirecheck had begun to stop it
/// (SIGTERM, then SIGKILL). Only a death by one of those signals is then
/// wirecheck's doing: a program that crashed on its own (SIGSEGV) while the
/// stop was on its way crashed.
ProcessOutcome OutcomeFromWaitStatus(int status, bool stopped_by_wirecheck);

}  // namespace wirecheck
