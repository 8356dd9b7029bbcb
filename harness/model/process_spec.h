#pragma once
// What to run and what came of it: plain data shared by the process
// launchers (real, sandboxed, fake) and the layers above them.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/output_capture.h"
#include "harness/model/process_outcome.h"

namespace wirecheck {

/// setrlimit() values applied in the child before exec; 0 means "leave as inherited".
struct ResourceLimits {
  std::uint64_t cpu_seconds = 0;      // RLIMIT_CPU (SIGXCPU, then SIGKILL)
  std::uint64_t address_space = 0;    // RLIMIT_AS, bytes
  std::uint64_t processes = 0;        // RLIMIT_NPROC (not enforced for root: see docs/sandbox.md)
  std::uint64_t file_size = 0;        // RLIMIT_FSIZE, bytes (SIGXFSZ)
  std::uint64_t open_files = 0;       // RLIMIT_NOFILE
};

/// One program to start. argv is executed directly (execve; argv[0] looked up
/// in the spec's own PATH when it has no '/'), never through a shell, so a placeholder value
/// cannot inject shell syntax. A scenario that wants a shell writes
/// `sh -c '...'` itself.
struct ProcessSpec {
  std::vector<std::string> argv;
  std::string cwd;                          // empty: the launcher's own
  std::vector<std::string> env;             // "NAME=value", the whole environment
  std::optional<std::string> stdin_bytes;   // nullopt: /dev/null
  ResourceLimits limits;
  std::optional<std::chrono::nanoseconds> timeout;  // wall clock from the start; then SIGKILL
  std::uint64_t output_cap = 1u << 20;      // bytes kept of stdout and of stderr, each
  /// The run's network the program starts in: 0 is init's own (the server's
  /// host); n > 0 the nth host network made by Sandbox::OpenHostNetwork().
  int network = 0;
  /// Never sent: init sets it from `network`, and the child enters that
  /// network namespace (setns) before anything else; -1 stays where it is.
  int network_fd = -1;
};

struct ProcessResult {
  ProcessOutcome outcome;
  OutputCapture stdout_capture;
  OutputCapture stderr_capture;
  std::chrono::nanoseconds elapsed{};  // from the start to the end (or the failure to start)
  /// wirecheck's stop request reached it while it still ran: it ended because
  /// it was asked to, whatever its outcome (a server that exits 0 on SIGTERM).
  /// False for one that had already ended by itself, even if not yet reaped.
  bool stopped_while_running = false;
};

}  // namespace wirecheck
