#include "harness/cli/record_command.h"

#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include "capture/analyzer.h"
#include "capture/file_source.h"
#include "harness/loader/scenario_loader.h"
#include "harness/process/interrupt.h"
#include "harness/record/record_scenario.h"
#include "harness/run/atomic_file.h"
#include "harness/run/runner.h"
#include "reports/reporter.h"

namespace wirecheck {
namespace {

namespace fs = std::filesystem;

ExitCode ExitOf(reports::HarnessErrorKind kind) {
  switch (kind) {
    case reports::HarnessErrorKind::kBadInput: return ExitCode::kBadInput;
    case reports::HarnessErrorKind::kEnvironment: return ExitCode::kEnvironment;
    case reports::HarnessErrorKind::kInterrupted: return ExitCode::kInterrupted;
  }
  return ExitCode::kEnvironment;
}

// Why a finished run cannot be recorded from, or empty: its server never got
// ready, so nothing it showed is the program's behaviour.
std::string Unusable(const reports::Run& run) {
  for (const reports::Check& c : run.checks) {
    if (c.id == "server.ready" && c.status != reports::CheckStatus::kPass) return c.message;
  }
  return {};
}

// The runs, or the exit code of why they could not all be made.
std::optional<ExitCode> MakeRuns(const RecordOptions& o, const Scenario& scenario, RecordInput* in,
                                 std::ostream& err) {
  InstallInterruptHandlers();
  RunSettings settings = SettingsOf(o.run);
  settings.repeat = 1;
  for (std::uint32_t i = 1; i <= o.runs; ++i) {
    reports::NullReporter quiet;
    RunObservation observed;
    const reports::Run run = RunScenario(scenario, o.scenario, settings, quiet, err, &observed);
    if (const reports::HarnessError* e = run.harness_error()) {
      err << "wirecheck record: run " << i << " of " << o.runs << ": " << e->message << '\n';
      return ExitOf(e->kind);
    }
    if (const std::string why = Unusable(run); !why.empty()) {
      err << "wirecheck record: run " << i << " of " << o.runs << ": " << why
          << "\nwirecheck record: nothing is recorded from a run whose server did not start\n";
      return ExitCode::kCheckFailed;
    }
    err << "wirecheck record: run " << i << " of " << o.runs << ": " << observed.trace.stats.packets << " packets, "
        << observed.trace.conversations.size() << " conversations\n";
    in->runs.push_back(std::move(observed));
  }
  in->origin = std::to_string(o.runs) + (o.runs == 1 ? " run of " : " runs of ") + o.scenario;
  return std::nullopt;
}

std::optional<ExitCode> ReadCapture(const RecordOptions& o, const Scenario& scenario, RecordInput* in,
                                    std::ostream& err) {
  std::string error;
  auto source = capture::FileSource::Open(o.from_pcap, &error);
  if (!source) {
    err << "wirecheck record: " << error << '\n';
    return ExitCode::kBadInput;
  }
  RunObservation observed;
  observed.trace = capture::AnalyzeSource(*source);
  if (!observed.trace.error.empty()) err << "wirecheck record: warning: " << observed.trace.error << '\n';
  observed.server_port = o.port.value_or(scenario.server.port);
  in->runs.push_back(std::move(observed));
  in->live = false;
  in->origin = "the capture " + o.from_pcap;
  return std::nullopt;
}

bool ReadText(const std::string& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream all;
  all << in.rdbuf();
  *text = all.str();
  return static_cast<bool>(in) || in.eof();
}

}  // namespace

ExitCode RunRecordCommand(const RecordOptions& o, std::ostream& out, std::ostream& err) {
  const ScenarioLoad load = LoadScenarioFile(o.scenario);
  if (!load.scenario) {
    for (const ScenarioError& e : load.errors) err << ToString(e) << '\n';
    return ExitCode::kBadInput;
  }
  RecordInput in;
  in.scenario = &*load.scenario;
  in.source_file = o.scenario;
  in.output_name = o.output.empty() ? "<recorded>" : o.output;
  // {here} is the scenario file's folder, and a run shows its programs only
  // that folder (and the other run folders): a path to the input's folder
  // written in its place would not be there. So {here} stays, and works
  // where the recorded file sits beside what it names.
  const fs::path input_dir = fs::absolute(o.scenario).parent_path().lexically_normal();
  const bool elsewhere = o.output.empty() || fs::absolute(o.output).parent_path().lexically_normal() != input_dir;
  if (!ReadText(o.scenario, &in.source_text)) {
    err << "wirecheck record: cannot read " << o.scenario << '\n';
    return ExitCode::kBadInput;
  }
  const auto failed = o.from_pcap.empty() ? MakeRuns(o, *load.scenario, &in, err) : ReadCapture(o, *load.scenario, &in, err);
  if (failed) return *failed;
  const RecordResult result = RecordScenario(in);
  for (const std::string& e : result.errors) err << "wirecheck record: " << e << '\n';
  if (!result.errors.empty()) return ExitCode::kEnvironment;
  for (const std::string& w : result.warnings) err << "wirecheck record: warning: " << w << '\n';
  if (elsewhere && in.source_text.find("{here}") != std::string::npos) {
    err << "wirecheck record: warning: the input uses {here}, the folder of the scenario file ("
        << input_dir.string() << "): the recorded file finds what {here} names only when it is in that folder "
        << "too (or the files are copied beside it)\n";
  }
  if (o.output.empty()) {
    out << result.text;
  } else {
    AtomicFile file;
    std::string error;
    if (!file.Open(o.output, &error) || !(file.stream() << result.text) || !file.Commit(&error)) {
      err << "wirecheck record: cannot write " << o.output << ": " << error << '\n';
      return ExitCode::kEnvironment;
    }
  }
  err << "wirecheck record: " << result.asserted << " expectations held in " << in.origin << "; "
      << result.left_out << " observations not asserted (comments)"
      << (o.output.empty() ? std::string() : "; wrote " + o.output) << '\n';
  return ExitCode::kOk;
}

}  // namespace wirecheck
