#include "harness/grade/grade_submission.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <cstdlib>
#include <chrono>
#include <filesystem>
#include <system_error>

#include "harness/grade/build_step.h"
#include "harness/run/repeated_runs.h"
#include "harness/grade/grade_items.h"
#include "harness/grade/submission_copy.h"
#include "harness/run/runner.h"

namespace wirecheck {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// A build may leave folders without write permission; the owner of the
// copy (root, or the user the build ran as) can always give it back.
void RemoveCopy(const fs::path& copy) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(copy, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_directory(ec) && !it->is_symlink(ec)) chmod(it->path().c_str(), 0700);
  }
  chmod(copy.c_str(), 0700);
  fs::remove_all(copy, ec);
}

std::string BuildFeedback(const BuildOutcome& build) {
  if (build.built) return "The build succeeded.";
  std::string text = "The build failed: " + build.summary + ".";
  if (!build.output_tail.empty()) text += " Its last lines:\n" + build.output_tail;
  return text;
}

std::string RunLine(const AssignmentScenario& s, const reports::Run& run) {
  const reports::StatusCounts counts = reports::CountStatuses(run);
  std::string line = s.name + ": ";
  if (const reports::HarnessError* e = run.harness_error()) return line + "could not finish (" + e->message + ")";
  line += std::to_string(counts.pass) + " of " + std::to_string(counts.total() - counts.not_applicable) +
          " checks passed";
  return line;
}

}  // namespace

std::string MakeWorkFolder(std::string* err) {
  std::error_code ec;
  std::string pattern = (fs::temp_directory_path(ec) / "wirecheck-grade-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    *err = "cannot make a folder for the submissions' copies in TMPDIR: " + std::string(std::strerror(errno));
    return "";
  }
  return pattern;
}

SubmissionResult GradeSubmission(const Assignment& assignment, const std::string& name, const std::string& folder,
                                 const GradeSettings& settings, std::ostream& warnings) {
  SubmissionResult result;
  reports::SubmissionGrade& grade = result.grade;
  grade.submission = name;
  grade.started = std::chrono::system_clock::now();
  const Clock::time_point start = Clock::now();
  const ProgramIdentity owner = UnprivilegedIdentityIfRoot();
  const std::string copy = (fs::path(settings.work) / name).string();
  std::string err;
  auto finish = [&]() -> SubmissionResult {
    if (!settings.keep_copies) RemoveCopy(copy);
    grade.duration = Clock::now() - start;
    return std::move(result);
  };
  if (!CopySubmission(folder, copy, owner, CopyBounds{}, &err)) {
    grade.output = "The submission could not be copied: " + err + ".";
    grade.items = UngradedItems(assignment, grade.output);
    return finish();
  }
  if (assignment.build) {
    const BuildOutcome build = RunBuild(*assignment.build, fs::absolute(copy).string(), owner);
    if (!build.warning.empty()) warnings << build.warning << '\n';
    if (!build.harness_error.empty()) {
      result.harness_error = build.harness_error;
      return finish();
    }
    grade.output = BuildFeedback(build);
    if (!build.built) {
      grade.build_failure = build.summary;
      grade.items = UngradedItems(assignment, "not run: the build failed (" + build.summary + ")");
      return finish();
    }
  }
  RunSettings run_settings;
  run_settings.dirs = settings.dirs;
  run_settings.dirs.submission = fs::absolute(copy).string();
  run_settings.no_sandbox = settings.no_sandbox;
  run_settings.keep_pcap = settings.keep_pcap;
  run_settings.repeat = settings.repeat;
  run_settings.submission_name = name;
  std::vector<ScenarioOutcome> outcomes;
  reports::NullReporter events;  // nobody watches live: a worker writes its files at the end
  for (const AssignmentScenario& s : assignment.scenarios) {
    reports::Run run = RunRepeatedly(s.scenario, s.path, run_settings, events, warnings);
    run.scenario = s.name;
    if (const reports::HarnessError* e = run.harness_error();
        e != nullptr && e->kind != reports::HarnessErrorKind::kBadInput) {
      // Not the submission's doing (no sandbox, an interrupt): no grade.
      result.harness_error = s.name + ": " + e->message;
      result.runs.runs.push_back(std::move(run));
      return finish();
    }
    // The whole submission's output is shown to students whenever any
    // result is (Gradescope's top-level output): visible scenarios only.
    if (s.visibility == reports::Visibility::kVisible) grade.output += (grade.output.empty() ? "" : "\n") + RunLine(s, run);
    outcomes.push_back(ScenarioOutcome{run, {}});
    result.runs.runs.push_back(std::move(run));
  }
  grade.items = GradeItems(assignment, outcomes);
  return finish();
}

}  // namespace wirecheck
