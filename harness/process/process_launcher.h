#pragma once
// The seam between the runner and real processes: start a ProcessSpec, wait
// for or poll its result, stop it. Sandbox implements it with real processes
// in the run's namespaces; FakeProcessLauncher scripts results for tests of
// the layers above.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/model/process_spec.h"

namespace wirecheck {

using ProcessId = std::uint32_t;

class ProcessLauncher {
 public:
  virtual ~ProcessLauncher() = default;
  /// Starts spec; a program that cannot start is not an error here: its result
  /// is FailedToStart. False with *err only when the launcher itself failed
  /// (the sandbox is gone) or wirecheck was interrupted.
  virtual bool Start(const ProcessSpec& spec, ProcessId* id, std::string* err) = 0;
  /// Blocks until the process has ended (its timeout bounds the wait). False
  /// with *err when the launcher failed or wirecheck was interrupted.
  virtual bool Wait(ProcessId id, ProcessResult* result, std::string* err) = 0;
  /// True and *result once it has ended; never blocks.
  virtual bool Poll(ProcessId id, ProcessResult* result) = 0;
  /// SIGTERM to its process group, SIGKILL after grace (0: at once). Its
  /// outcome then says wirecheck sent the signal.
  virtual void Stop(ProcessId id, std::chrono::nanoseconds grace) = 0;
};

/// Results given in advance, in order of Start(): exactly what the layers
/// above see, with no process. The specs it was asked to start are kept.
class FakeProcessLauncher : public ProcessLauncher {
 public:
  /// The result of the next Start() that has none scripted: exit code 0.
  void AddResult(ProcessResult result) { scripted_.push_back(std::move(result)); }
  /// Until Stop() (or never, with running_until_stopped), Poll() says "running".
  /// A Stop() while it answers "running" sets stopped_while_running.
  void set_running_until_stopped(bool value) { running_until_stopped_ = value; }
  /// Each process answers "running" to its first n polls, then has ended:
  /// a program that takes a while, without a clock.
  void set_polls_while_running(int n) { polls_while_running_ = n; }

  bool Start(const ProcessSpec& spec, ProcessId* id, std::string* err) override;
  bool Wait(ProcessId id, ProcessResult* result, std::string* err) override;
  bool Poll(ProcessId id, ProcessResult* result) override;
  void Stop(ProcessId id, std::chrono::nanoseconds grace) override;

  const std::vector<ProcessSpec>& started() const { return started_; }
  const std::vector<ProcessId>& stopped() const { return stopped_; }
  /// What the layer above saw, in order: "start <argv>" at Start(), and
  /// "end <argv>" the first time Poll() or Wait() gave the process's result.
  const std::vector<std::string>& events() const { return events_; }

 private:
  std::vector<ProcessResult> scripted_;
  void Ended(ProcessId id);

  std::map<ProcessId, ProcessResult> results_;
  std::map<ProcessId, int> polls_;
  std::vector<ProcessSpec> started_;
  std::vector<ProcessId> stopped_;
  std::vector<ProcessId> ended_;
  std::vector<std::string> events_;
  bool running_until_stopped_ = false;
  int polls_while_running_ = 0;
};

}  // namespace wirecheck
