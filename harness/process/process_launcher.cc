#include "harness/process/process_launcher.h"

#include <algorithm>
#include <signal.h>

namespace wirecheck {
namespace {

std::string ArgvText(const ProcessSpec& spec) {
  std::string text;
  for (const std::string& arg : spec.argv) text += (text.empty() ? "" : " ") + arg;
  return text;
}

}  // namespace

void FakeProcessLauncher::Ended(ProcessId id) {
  if (std::find(ended_.begin(), ended_.end(), id) != ended_.end()) return;
  ended_.push_back(id);
  events_.push_back("end " + ArgvText(started_[id - 1]));
}

bool FakeProcessLauncher::Start(const ProcessSpec& spec, ProcessId* id, std::string*) {
  *id = static_cast<ProcessId>(started_.size() + 1);
  ProcessResult result{Exited{0}, OutputCapture(spec.output_cap), OutputCapture(spec.output_cap), {}};
  if (started_.size() < scripted_.size()) result = scripted_[started_.size()];
  started_.push_back(spec);
  events_.push_back("start " + ArgvText(spec));
  results_.emplace(*id, std::move(result));
  return true;
}

bool FakeProcessLauncher::Wait(ProcessId id, ProcessResult* result, std::string* err) {
  auto it = results_.find(id);
  if (it == results_.end()) {
    *err = "no process " + std::to_string(id);
    return false;
  }
  *result = it->second;
  Ended(id);
  return true;
}

bool FakeProcessLauncher::Poll(ProcessId id, ProcessResult* result) {
  bool stopped = std::find(stopped_.begin(), stopped_.end(), id) != stopped_.end();
  if (running_until_stopped_ && !stopped) return false;
  if (!stopped && polls_[id]++ < polls_while_running_) return false;
  std::string err;
  return Wait(id, result, &err);
}

void FakeProcessLauncher::Stop(ProcessId id, std::chrono::nanoseconds) {
  stopped_.push_back(id);
  auto it = results_.find(id);
  if (it == results_.end()) return;
  const bool ended = std::find(ended_.begin(), ended_.end(), id) != ended_.end();
  if (!ended && (running_until_stopped_ || polls_[id] < polls_while_running_)) it->second.stopped_while_running = true;
  if (running_until_stopped_) it->second.outcome = Signaled{SIGTERM, false, true};
}

}  // namespace wirecheck
