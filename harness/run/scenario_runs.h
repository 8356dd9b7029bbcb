#pragma once
// The library calls `wirecheck run`, `wirecheck verify` and `wirecheck
// grade` share: load a scenario file into a run, run it or check a capture
// against it, and a whole list of files as one report. Every call sends its
// events to the reporter given as they happen; none writes a report itself
// (report_outputs.h does) or knows a command line.

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "harness/model/scenario.h"
#include "harness/run/run_settings.h"
#include "reports/report.h"
#include "reports/reporter.h"

namespace wirecheck {

/// Loads `file` for `run` (its file, name and start are set). A file that
/// does not load leaves a bad-input HarnessError in `run` with every error
/// as file:line:column, and no scenario.
std::optional<Scenario> LoadForRun(const std::string& file, reports::Run* run);

/// Loads and runs one scenario file: RunStarted, the checks, RunFinished.
reports::Run RunScenarioFile(const std::string& file, const RunSettings& settings, reports::Reporter& events,
                             std::ostream& warnings);

/// A scenario's checks on a capture taken elsewhere (`server_port`: the
/// scenario's when absent); process checks are not applicable there.
/// RunStarted, the checks, RunFinished.
reports::Run VerifyCaptureFile(const std::string& capture, const std::string& scenario_file,
                               std::optional<int> server_port, reports::Reporter& events,
                               std::ostream& warnings);

/// Every file in order as one report, ReportStarted to ReportFinished; an
/// interrupt (SIGINT, SIGTERM) ends it after the run it stopped.
reports::Report RunScenarioFiles(const std::vector<std::string>& files, const RunSettings& settings,
                                 reports::Reporter& events, std::ostream& warnings);

}  // namespace wirecheck
