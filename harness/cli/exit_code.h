#pragma once
// The process exit codes of wirecheck, documented in the README. Turned into
// a process exit only in main().

namespace wirecheck {

enum class ExitCode : int {
  kOk = 0,            // everything passed / the command did its job
  kCheckFailed = 1,   // a check failed or was inconclusive
  kBadInput = 2,      // a file that is not what it should be, a bad option
  kEnvironment = 3,   // the machine could not do it (no capture permission, ...)
  kInterrupted = 130, // SIGINT / SIGTERM
};

}  // namespace wirecheck
