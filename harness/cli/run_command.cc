#include "harness/cli/run_command.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <ostream>

#include "capture/analyzer.h"
#include "capture/file_source.h"
#include "harness/loader/scenario_loader.h"
#include "harness/process/interrupt.h"
#include "harness/run/runner.h"
#include "harness/verify/verify.h"
#include "reports/console_writer.h"
#include "reports/exit_status.h"
#include "reports/json_writer.h"
#include "reports/junit_writer.h"

namespace wirecheck {
namespace {

using reports::HarnessError;
using reports::HarnessErrorKind;

// A scenario that does not load is a run with a bad-input error.
std::optional<Scenario> Load(const std::string& file, reports::Run* run) {
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

bool ConsoleColour(const RunOptions& options) {
  return options.output.empty() && isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
}

// The whole report in a file format, to --output or out.
bool WriteFinished(const RunOptions& options, const reports::Report& report, std::ostream& out, std::ostream& err) {
  std::ofstream file;
  if (!options.output.empty()) {
    file.open(options.output, std::ios::binary | std::ios::trunc);
    if (!file) {
      err << "wirecheck: cannot write " << options.output << '\n';
      return false;
    }
  }
  std::ostream& to = options.output.empty() ? out : file;
  switch (options.format) {
    case ReportFormat::kJson: reports::WriteJson(to, report, reports::JsonOptions{}); break;
    case ReportFormat::kJunit: reports::WriteJunit(to, report, reports::JunitOptions{}); break;
    case ReportFormat::kConsole: {
      reports::ConsoleOptions console;
      console.colour = ConsoleColour(options);
      console.verbose = options.verbose;
      reports::WriteConsole(to, report, console);
      break;
    }
  }
  to.flush();
  return static_cast<bool>(to);
}

ExitCode Finish(const RunOptions& options, const reports::Report& report, std::ostream& out, std::ostream& err) {
  if (!WriteFinished(options, report, out, err)) return ExitCode::kEnvironment;
  return static_cast<ExitCode>(static_cast<int>(reports::ExitStatusOf(report)));
}

}  // namespace

ExitCode RunRunCommand(const RunOptions& options, std::ostream& out, std::ostream& err) {
  InstallInterruptHandlers();
  const Directories dirs = FindDirectories(options);
  reports::Report report;
  for (const std::string& file : options.scenarios) {
    if (InterruptSignal() != 0) break;
    reports::Run run;
    const std::optional<Scenario> scenario = Load(file, &run);
    if (scenario) run = RunScenario(*scenario, file, options, dirs, err);
    report.runs.push_back(std::move(run));
  }
  return Finish(options, report, out, err);
}

ExitCode RunVerifyCommand(const RunOptions& options, std::ostream& out, std::ostream& err) {
  reports::Report report;
  reports::Run run;
  const std::optional<Scenario> scenario = Load(options.scenarios.at(0), &run);
  run.mode = reports::RunMode::kVerify;
  const auto start = std::chrono::steady_clock::now();
  if (scenario) {
    std::string error;
    auto source = capture::FileSource::Open(options.capture, &error);
    if (!source) {
      run.outcome = HarnessError{HarnessErrorKind::kBadInput, error};
    } else {
      const capture::Trace trace = capture::AnalyzeSource(*source);
      if (!trace.error.empty()) err << "wirecheck: warning: " << trace.error << '\n';
      run.checks = Verify(*scenario, trace, options.port.value_or(scenario->server.port), nullptr);
      run.capture = reports::CaptureStats{trace.stats.packets, trace.stats.capture.kernel_dropped,
                                          trace.conversations.size(), options.capture};
    }
  }
  run.duration = std::chrono::steady_clock::now() - start;
  report.runs.push_back(std::move(run));
  return Finish(options, report, out, err);
}

}  // namespace wirecheck
