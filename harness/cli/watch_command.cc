#include "harness/cli/watch_command.h"

#include <unistd.h>

#include <cstdlib>

#include "harness/cli/file_watcher.h"
#include "harness/process/interrupt.h"
#include "harness/run/report_outputs.h"
#include "harness/run/scenario_runs.h"
#include "reports/report_diff.h"

namespace wirecheck {
namespace {

constexpr std::chrono::milliseconds kSettle{300};

bool StartWatching(const RunOptions& options, FileWatcher* watcher, std::ostream& out, std::string* err) {
  if (!watcher->Open(err)) return false;
  for (const std::string& file : options.scenarios) {
    if (!watcher->Watch(file, err)) return false;
  }
  if (!options.submission.empty() && !watcher->Watch(options.submission, err)) return false;
  out << "wirecheck: watching " << options.scenarios.size() << " scenario file"
      << (options.scenarios.size() == 1 ? "" : "s")
      << (options.submission.empty() ? " (add --submission DIR to watch a program's folder too)"
                                     : " and " + options.submission)
      << "; Ctrl-C ends it\n";
  return true;
}

}  // namespace

ExitCode RunWatch(const RunOptions& options, std::ostream& out, std::ostream& err) {
  if (!options.reports.empty() || options.format != "console" || !options.output.empty()) {
    err << "wirecheck: --watch prints to the console only: leave out --format, --output and --report\n";
    return ExitCode::kBadInput;
  }
  const RunSettings settings = SettingsOf(options);
  reports::Report previous;
  {
    ReportOutputs outputs;
    reports::ReporterOptions reporter;
    reporter.colour = isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
    reporter.verbose = options.verbose;
    std::string error;
    outputs.Open(ReportTargets(options), reporter, out, &error);
    previous = RunScenarioFiles(options.scenarios, settings, outputs.events(), err);
    outputs.Close(&error);
  }
  FileWatcher watcher;
  std::string error;
  if (!StartWatching(options, &watcher, out, &error)) {
    err << "wirecheck: " << error << '\n';
    return ExitCode::kEnvironment;
  }
  out.flush();
  for (int round = 2; InterruptSignal() == 0; ++round) {
    const std::vector<std::string> changed = watcher.WaitForChange(kSettle);
    if (changed.empty()) break;  // interrupted
    out << "\nwirecheck: " << changed.front() << " changed"
        << (changed.size() > 1 ? " (and " + std::to_string(changed.size() - 1) + " more)" : "") << ": run "
        << round << '\n';
    out.flush();
    reports::NullReporter unwatched;
    reports::Report now = RunScenarioFiles(options.scenarios, settings, unwatched, err);
    if (InterruptSignal() != 0) break;
    reports::WriteReportDiff(out, previous, now);
    out.flush();
    previous = std::move(now);
  }
  out << "wirecheck: stopped watching\n";
  return ExitCode::kInterrupted;
}

}  // namespace wirecheck
