#include "harness/run/scenario_runs.h"

#include <chrono>

#include "capture/analyzer.h"
#include "capture/file_source.h"
#include "harness/loader/scenario_loader.h"
#include "harness/process/interrupt.h"
#include "harness/run/repeated_runs.h"
#include "harness/run/runner.h"
#include "harness/verify/conversation_list.h"
#include "harness/verify/verify.h"

namespace wirecheck {

using reports::HarnessError;
using reports::HarnessErrorKind;

std::optional<Scenario> LoadForRun(const std::string& file, reports::Run* run) {
  run->file = file;
  run->scenario = file;
  run->started = std::chrono::system_clock::now();
  ScenarioLoad load = LoadScenarioFile(file);
  if (load.scenario) {
    run->scenario = load.scenario->title;
    return std::move(load.scenario);
  }
  std::string message;
  for (const ScenarioError& e : load.errors) message += (message.empty() ? "" : "\n") + ToString(e);
  run->outcome = HarnessError{HarnessErrorKind::kBadInput, message};
  return std::nullopt;
}

reports::Run RunScenarioFile(const std::string& file, const RunSettings& settings, reports::Reporter& events,
                             std::ostream& warnings) {
  reports::Run run;
  run.submission = settings.submission_name;
  const std::optional<Scenario> scenario = LoadForRun(file, &run);
  if (scenario) return RunRepeatedly(*scenario, file, settings, events, warnings);
  events.RunStarted(run);
  events.RunFinished(run);
  return run;
}

reports::Run VerifyCaptureFile(const std::string& capture, const std::string& scenario_file,
                               std::optional<int> server_port, reports::Reporter& events,
                               std::ostream& warnings) {
  reports::Run run;
  const std::optional<Scenario> scenario = LoadForRun(scenario_file, &run);
  run.mode = reports::RunMode::kVerify;
  events.RunStarted(run);
  const auto start = std::chrono::steady_clock::now();
  if (scenario) {
    std::string error;
    auto source = capture::FileSource::Open(capture, &error);
    if (!source) {
      run.outcome = HarnessError{HarnessErrorKind::kBadInput, error};
    } else {
      const capture::Trace trace = capture::AnalyzeSource(*source);
      if (!trace.error.empty()) warnings << "wirecheck: warning: " << trace.error << '\n';
      run.checks = Verify(*scenario, trace, server_port.value_or(scenario->server.port), nullptr);
      for (const reports::Check& c : run.checks) events.CheckFinished(c);
      run.conversations = ListConversations(trace, run.checks, &run.conversations_unlisted);
      run.capture = reports::CaptureStats{trace.stats.packets, trace.stats.capture.kernel_dropped,
                                          trace.conversations.size(), capture};
    }
  }
  run.duration = std::chrono::steady_clock::now() - start;
  events.RunFinished(run);
  return run;
}

reports::Report RunScenarioFiles(const std::vector<std::string>& files, const RunSettings& settings,
                                 reports::Reporter& events, std::ostream& warnings) {
  reports::Report report;
  events.ReportStarted(files.size());
  for (const std::string& file : files) {
    if (InterruptSignal() != 0) break;
    report.runs.push_back(RunScenarioFile(file, settings, events, warnings));
  }
  events.ReportFinished(report);
  return report;
}

}  // namespace wirecheck
