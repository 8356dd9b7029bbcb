#include "harness/cli/run_command.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <ostream>

#include "harness/process/interrupt.h"
#include "harness/run/report_outputs.h"
#include "harness/run/run_plan.h"
#include "harness/run/scenario_runs.h"
#include "harness/cli/watch_command.h"
#include "reports/exit_status.h"

namespace wirecheck {
namespace {

bool ConsoleColour() { return isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr; }

// The outputs of every report asked for, or the exit code of why not.
std::optional<ExitCode> OpenOutputs(const RunOptions& options, std::ostream& out, std::ostream& err,
                                    ReportOutputs* outputs) {
  reports::ReporterOptions reporter;
  reporter.colour = ConsoleColour();
  reporter.verbose = options.verbose;
  std::string error;
  switch (outputs->Open(ReportTargets(options), reporter, out, &error)) {
    case ReportOutputs::OpenError::kNone: return std::nullopt;
    case ReportOutputs::OpenError::kBadTargets: err << "wirecheck: " << error << '\n'; return ExitCode::kBadInput;
    case ReportOutputs::OpenError::kCannotWrite: err << "wirecheck: " << error << '\n'; return ExitCode::kEnvironment;
  }
  return ExitCode::kEnvironment;
}

ExitCode Finish(ReportOutputs& outputs, const reports::Report& report, std::ostream& err) {
  std::string error;
  if (!outputs.Close(&error)) {
    err << "wirecheck: " << error << '\n';
    return ExitCode::kEnvironment;
  }
  return static_cast<ExitCode>(static_cast<int>(reports::ExitStatusOf(report)));
}

}  // namespace

std::vector<reports::ReportTarget> ReportTargets(const RunOptions& options) {
  std::vector<reports::ReportTarget> targets;
  reports::ReportTarget main;
  main.format = options.format;
  if (!options.output.empty()) main.path = options.output;
  targets.push_back(main);
  for (const std::string& value : options.reports) {
    reports::ReportTarget target;
    std::string ignored;
    if (reports::ParseReportTarget(value, &target, &ignored)) targets.push_back(target);
  }
  return targets;
}

RunSettings SettingsOf(const RunOptions& options) {
  RunSettings settings;
  settings.dirs = FindDirectories(Directories{options.build_dir, options.scenarios_dir, options.submission});
  settings.keep_pcap = options.keep_pcap;
  // An HTML report links each run's capture: kept beside its page unless
  // --keep-pcap puts them elsewhere (the page links there then).
  for (const reports::ReportTarget& target : ReportTargets(options)) {
    if (settings.keep_pcap.empty() && target.format == kHtmlFormat && !target.ToStandardOutput()) {
      settings.keep_pcap = target.path;
    }
  }
  settings.capture_buffer_bytes = options.capture_buffer;
  settings.no_sandbox = options.no_sandbox;
  settings.repeat = options.repeat;
  settings.seed = options.seed;
  // --submission names whose program this is: its folder's name.
  if (!options.submission.empty()) {
    settings.submission_name = std::filesystem::absolute(options.submission).lexically_normal().filename().string();
    if (settings.submission_name.empty()) {
      settings.submission_name =
          std::filesystem::absolute(options.submission).lexically_normal().parent_path().filename().string();
    }
  }
  return settings;
}

ExitCode RunRunCommand(const RunOptions& options, std::ostream& out, std::ostream& err) {
  InstallInterruptHandlers();
  if (options.watch) return RunWatch(options, out, err);
  ReportOutputs outputs;
  if (const auto failed = OpenOutputs(options, out, err, &outputs)) return *failed;
  const reports::Report report = RunScenarioFiles(options.scenarios, SettingsOf(options), outputs.events(), err);
  return Finish(outputs, report, err);
}

ExitCode RunVerifyCommand(const RunOptions& options, std::ostream& out, std::ostream& err) {
  ReportOutputs outputs;
  if (const auto failed = OpenOutputs(options, out, err, &outputs)) return *failed;
  reports::Report report;
  outputs.events().ReportStarted(1);
  report.runs.push_back(
      VerifyCaptureFile(options.capture, options.scenarios.at(0), options.port, outputs.events(), err));
  outputs.events().ReportFinished(report);
  return Finish(outputs, report, err);
}

}  // namespace wirecheck
