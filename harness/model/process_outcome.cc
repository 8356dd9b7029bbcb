#include "harness/model/process_outcome.h"

#include <signal.h>
#include <sys/wait.h>

#include <cstring>
#include <string_view>

#include "harness/model/duration_text.h"
#include "harness/model/size_text.h"

namespace wirecheck {
namespace {

struct SignalInfo {
  int number;
  std::string_view name;
  std::string_view meaning;  // empty: the name says enough
};

constexpr SignalInfo kSignals[] = {
    {SIGHUP, "SIGHUP", "hangup"},
    {SIGINT, "SIGINT", "interrupt"},
    {SIGQUIT, "SIGQUIT", "quit"},
    {SIGILL, "SIGILL", "illegal instruction"},
    {SIGTRAP, "SIGTRAP", "trace trap"},
    {SIGABRT, "SIGABRT", "aborted"},
    {SIGBUS, "SIGBUS", "bus error"},
    {SIGFPE, "SIGFPE", "arithmetic exception"},
    {SIGKILL, "SIGKILL", "killed"},
    {SIGUSR1, "SIGUSR1", ""},
    {SIGSEGV, "SIGSEGV", "segmentation fault"},
    {SIGUSR2, "SIGUSR2", ""},
    {SIGPIPE, "SIGPIPE", "broken pipe: wrote to a closed socket or pipe"},
    {SIGALRM, "SIGALRM", "alarm clock"},
    {SIGTERM, "SIGTERM", "terminated"},
    {SIGSTKFLT, "SIGSTKFLT", ""},
    {SIGCHLD, "SIGCHLD", ""},
    {SIGCONT, "SIGCONT", ""},
    {SIGSTOP, "SIGSTOP", ""},
    {SIGTSTP, "SIGTSTP", ""},
    {SIGTTIN, "SIGTTIN", ""},
    {SIGTTOU, "SIGTTOU", ""},
    {SIGURG, "SIGURG", ""},
    {SIGXCPU, "SIGXCPU", "CPU time limit exceeded"},
    {SIGXFSZ, "SIGXFSZ", "file size limit exceeded"},
    {SIGVTALRM, "SIGVTALRM", ""},
    {SIGPROF, "SIGPROF", ""},
    {SIGWINCH, "SIGWINCH", ""},
    {SIGIO, "SIGIO", ""},
    {SIGPWR, "SIGPWR", ""},
    {SIGSYS, "SIGSYS", "bad system call"},
};

const SignalInfo* FindSignal(int signal) {
  for (const SignalInfo& info : kSignals) {
    if (info.number == signal) return &info;
  }
  return nullptr;
}

struct Describer {
  std::string operator()(const Exited& e) const {
    return "exited with code " + std::to_string(e.code);
  }
  std::string operator()(const Signaled& s) const {
    if (s.memory_cap > 0) {
      return "killed by the kernel (SIGKILL): the run's programs together reached the run's memory limit (" +
             FormatByteSize(s.memory_cap) + ", run_limits.memory)";
    }
    std::string text = (s.sent_by_wirecheck ? "stopped by wirecheck with " : "killed by ") +
                       SignalDescription(s.signal);
    if (s.core_dumped) text += ", core dumped";
    return text;
  }
  std::string operator()(const TimedOut& t) const {
    return "timed out after " + FormatDuration(t.after);
  }
  std::string operator()(const FailedToStart& f) const {
    return "failed to start: " + f.program + ": " + f.reason;
  }
};

}  // namespace

std::string SignalName(int signal) {
  if (const SignalInfo* info = FindSignal(signal)) return std::string(info->name);
  return "signal " + std::to_string(signal);
}

std::string SignalDescription(int signal) {
  const SignalInfo* info = FindSignal(signal);
  if (info == nullptr) return SignalName(signal);
  if (info->meaning.empty()) return std::string(info->name);
  return std::string(info->name) + " (" + std::string(info->meaning) + ")";
}

std::string Describe(const ProcessOutcome& outcome) { return std::visit(Describer{}, outcome); }

ProcessOutcome OutcomeFromWaitStatus(int status, bool stopped_by_wirecheck) {
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    const bool sent = stopped_by_wirecheck && (signal == SIGTERM || signal == SIGKILL);
    return Signaled{signal, static_cast<bool>(WCOREDUMP(status)), sent};
  }
  return Exited{WEXITSTATUS(status)};
}

}  // namespace wirecheck
