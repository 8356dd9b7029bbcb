#include "harness/grade/build_step.h"

#include <map>

#include "harness/model/duration_text.h"
#include "harness/run/run_plan.h"
#include "harness/sandbox/sandbox.h"

namespace wirecheck {

namespace {

constexpr const char* kBuildTmp = "/tmp/wirecheck-build";
constexpr std::size_t kTailLines = 30;
constexpr std::size_t kTailBytes = 4096;

std::string Summary(const ProcessResult& result, const AssignmentBuild& build) {
  const ProcessOutcome& o = result.outcome;
  if (const auto* e = std::get_if<Exited>(&o)) {
    return e->code == 0 ? "" : "the build exited with code " + std::to_string(e->code);
  }
  if (std::holds_alternative<TimedOut>(o)) {
    return "the build took longer than " + FormatDuration(build.timeout) + " and was stopped";
  }
  return "the build " + Describe(o);
}

}  // namespace

std::string LastLines(const std::string& text, std::size_t lines, std::size_t bytes) {
  std::size_t end = text.size();
  while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r')) --end;
  std::size_t start = end;
  for (std::size_t n = 0; n < lines && start > 0; ++n) {
    const std::size_t newline = text.rfind('\n', start - 1);
    start = newline == std::string::npos ? 0 : newline;
  }
  if (start < end && text[start] == '\n') ++start;
  if (end - start > bytes) start = end - bytes;
  return text.substr(start, end - start);
}

BuildOutcome RunBuild(const AssignmentBuild& build, const std::string& folder, const ProgramIdentity& identity) {
  BuildOutcome outcome;
  SandboxOptions options;
  // As a run's: where the machine refuses namespaces (a Docker container
  // without them, as autograders run in) the build runs on the host, as
  // nobody when wirecheck is root, and the warning says what is missing.
  options.allow_host_fallback = true;
  options.run_as = identity;
  options.filesystem.emplace();
  options.filesystem->writable = {folder};
  options.filesystem->scratch = kBuildTmp;
  options.cgroup = CgroupLimits{build.run_limits.memory, build.run_limits.processes};
  std::string warning, err;
  std::unique_ptr<Sandbox> sandbox = Sandbox::Create(options, &warning, &err);
  outcome.warning = warning;
  if (!sandbox) {
    outcome.harness_error = "cannot make the build's sandbox: " + err;
    return outcome;
  }
  sandbox->set_deadline(std::chrono::steady_clock::now() + build.timeout + std::chrono::seconds(10));
  const std::map<std::string, std::string> values = {{"submission", folder}, {"tmp", kBuildTmp}};
  ProcessSpec spec;
  if (!MakeProcessSpec(build.command, values, build.timeout, &spec, &err)) {
    outcome.summary = "the build was not run: " + err;
    return outcome;
  }
  ProcessId id = 0;
  ProcessResult result;
  if (!sandbox->Start(spec, &id, &err) || !sandbox->Wait(id, &result, &err)) {
    outcome.harness_error = "the build's sandbox failed: " + err;
    return outcome;
  }
  sandbox->Close();
  outcome.duration = result.elapsed;
  outcome.summary = Summary(result, build);
  outcome.built = outcome.summary.empty();
  const std::string& errors = result.stderr_capture.kept();
  const std::string& output = result.stdout_capture.kept();
  outcome.output_tail = LastLines(errors.empty() ? output : errors, kTailLines, kTailBytes);
  return outcome;
}

}  // namespace wirecheck
