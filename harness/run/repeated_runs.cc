#include "harness/run/repeated_runs.h"

#include <filesystem>
#include <vector>

#include "harness/process/interrupt.h"
#include "harness/run/runner.h"
#include "reports/repeat.h"

namespace wirecheck {

reports::Run RunRepeatedly(const Scenario& scenario, const std::string& file, const RunSettings& settings,
                           reports::Reporter& events, std::ostream& warnings) {
  if (settings.repeat <= 1) return RunScenario(scenario, file, settings, events, warnings);
  reports::NullReporter unwatched;
  std::vector<reports::Run> runs;
  for (std::uint32_t i = 0; i < settings.repeat; ++i) {
    runs.push_back(RunScenario(scenario, file, settings, unwatched, warnings));
    if (runs.back().harness_error() || InterruptSignal() != 0) break;
  }
  const std::size_t shown = reports::ShownRepeat(runs);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (i == shown || !runs[i].capture || runs[i].capture->file.empty()) continue;
    std::error_code ec;
    std::filesystem::remove(runs[i].capture->file, ec);
  }
  reports::Run combined = reports::CombineRepeatedRuns(runs);
  reports::ReplayRun(combined, events);
  return combined;
}

}  // namespace wirecheck
