#include "harness/cli/grade_command.h"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <ostream>
#include <thread>

#include "harness/cli/check_command.h"
#include "harness/grade/class_grader.h"
#include "harness/grade/grade_outputs.h"
#include "harness/grade/grade_submission.h"
#include "harness/loader/assignment_loader.h"
#include "harness/model/duration_text.h"
#include "harness/process/interrupt.h"
#include "harness/run/run_plan.h"
#include "reports/report.h"

namespace wirecheck {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string Seconds(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", s);
  return text;
}

// A line per submission (a log, CI), or one line redrawn (a terminal).
class Progress {
 public:
  Progress(std::ostream& out, std::ostream& err, bool bar) : out_(out), err_(err), bar_(bar) {}

  void Show(const SubmissionProgress& p) {
    if (!p.error.empty()) ++ungraded_;
    if (p.error.empty() && p.earned + 1e-9 < p.possible) ++below_full_;
    if (bar_) return Bar(p);
    const std::string width = std::to_string(std::to_string(p.total).size());
    char count[64];
    std::snprintf(count, sizeof count, ("[%" + width + "zu/%zu] ").c_str(), p.done, p.total);
    out_ << count << p.name << ": ";
    if (!p.error.empty()) {
      out_ << "not graded: " << p.error << '\n';
    } else {
      out_ << reports::PointsText(p.earned) << "/" << reports::PointsText(p.possible)
           << (p.resumed ? " (kept from the earlier grading)" : " (" + Seconds(p.seconds) + ")") << '\n';
    }
    out_.flush();
  }

  void End() {
    if (bar_ && shown_) err_ << '\n';
  }

 private:
  void Bar(const SubmissionProgress& p) {
    shown_ = true;
    const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    const double left = p.done == 0 ? 0 : elapsed / static_cast<double>(p.done) * static_cast<double>(p.total - p.done);
    constexpr int kWidth = 24;
    const int filled = p.total == 0 ? kWidth : static_cast<int>(kWidth * p.done / p.total);
    err_ << "\r\033[K[" << std::string(static_cast<std::size_t>(filled), '#')
         << std::string(static_cast<std::size_t>(kWidth - filled), '.') << "] " << p.done << "/" << p.total;
    if (below_full_ > 0) err_ << ", " << below_full_ << " below full marks";
    if (ungraded_ > 0) err_ << ", " << ungraded_ << " not graded";
    if (p.done < p.total) err_ << ", about " << FormatDuration(std::chrono::seconds(std::lround(left))) << " left";
    err_.flush();
  }

  std::ostream& out_;
  std::ostream& err_;
  bool bar_;
  bool shown_ = false;
  std::size_t ungraded_ = 0;
  std::size_t below_full_ = 0;
  Clock::time_point start_ = Clock::now();
};

bool LoadAssignment(const std::string& path, Assignment* assignment, std::ostream& err) {
  AssignmentLoad load = LoadAssignmentFile(path);
  PrintLoadErrors(load.errors, err);
  if (!load.assignment) return false;
  *assignment = std::move(*load.assignment);
  return true;
}

GradeSettings SettingsOf(const GradeOptions& options) {
  GradeSettings settings;
  settings.dirs = FindDirectories(Directories{options.build_dir, options.scenarios_dir, ""});
  settings.keep_copies = options.keep_copies;
  settings.repeat = options.repeat;
  return settings;
}

// The student's own run: in this process, the visible checks printed.
ExitCode GradeOwnSubmission(const Assignment& assignment, const GradeOptions& options, std::ostream& out,
                            std::ostream& err) {
  GradeSettings settings = SettingsOf(options);
  std::string why;
  const std::string work = MakeWorkFolder(&why);
  if (work.empty()) {
    err << "wirecheck: " << why << '\n';
    return ExitCode::kEnvironment;
  }
  settings.work = work;
  // The captures wait in the work folder: the student's page gets those of
  // the visible runs only.
  if (!options.html.empty()) settings.keep_pcap = (fs::path(work) / "captures").string();
  const std::string name = fs::absolute(options.submission).lexically_normal().filename().string();
  const SubmissionResult result =
      GradeSubmission(assignment, name.empty() ? "submission" : name, options.submission, settings, err);
  const bool page_written = result.harness_error.empty() && !options.html.empty() &&
                            WriteStudentPage(options.html, result, &why);
  std::error_code ec;
  fs::remove_all(work, ec);
  if (!result.harness_error.empty()) {
    err << "wirecheck: " << result.harness_error << '\n';
    return InterruptSignal() != 0 ? ExitCode::kInterrupted : ExitCode::kEnvironment;
  }
  WriteFeedback(out, result, true);
  if ((!options.html.empty() && !page_written) ||
      (!options.gradescope_results.empty() && !WriteGradescopeFile(options.gradescope_results, result, &why)) ||
      (!options.prairielearn_results.empty() && !WritePrairieLearnFile(options.prairielearn_results, result, &why))) {
    err << "wirecheck: " << why << '\n';
    return ExitCode::kEnvironment;
  }
  for (const reports::GradeItem& item : result.grade.items) {
    if (item.visibility == reports::Visibility::kVisible && item.earned + 1e-9 < item.possible) {
      return ExitCode::kCheckFailed;
    }
  }
  return ExitCode::kOk;
}

ExitCode Merge(const GradeOptions& options, std::ostream& out, std::ostream& err) {
  reports::Gradebook gradebook;
  std::string why;
  std::map<std::string, std::string> folders;
  if (!MergeGrades(options.inputs, &gradebook, &why, &folders)) {
    err << "wirecheck: " << why << '\n';
    return ExitCode::kBadInput;
  }
  const std::string path = (fs::path(options.out) / "gradebook.csv").string();
  if (!WriteGradebookFile(path, gradebook, &why) ||
      !WriteClassPageFile((fs::path(options.out) / "index.html").string(), gradebook, {}, folders, &why)) {
    err << "wirecheck: " << why << '\n';
    return ExitCode::kEnvironment;
  }
  out << "Merged " << gradebook.submissions.size() << " grades from " << options.inputs.size()
      << " shards into " << path << '\n';
  return ExitCode::kOk;
}

}  // namespace

bool ParseShard(const std::string& text, int* index, int* count, std::string* err) {
  const std::size_t slash = text.find('/');
  auto number = [](const std::string& s, int* n) {
    if (s.empty() || s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos) return false;
    *n = std::stoi(s);
    return true;
  };
  if (slash == std::string::npos || !number(text.substr(0, slash), index) || !number(text.substr(slash + 1), count) ||
      *count < 1 || *index < 1 || *index > *count) {
    *err = "--shard " + text + ": expected I/N with 1 <= I <= N, such as 2/4";
    return false;
  }
  return true;
}

ExitCode RunGradeCommand(const GradeOptions& options, std::ostream& out, std::ostream& err) {
  InstallInterruptHandlers();
  if (options.merge) return Merge(options, out, err);
  Assignment assignment;
  if (!LoadAssignment(options.assignment, &assignment, err)) return ExitCode::kBadInput;
  if (!options.submission.empty()) return GradeOwnSubmission(assignment, options, out, err);
  ClassOptions c;
  c.submissions = options.inputs.empty() ? "" : options.inputs.front();
  c.out = options.out;
  c.jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  c.only = options.only;
  c.resume = options.resume;
  std::string why;
  if (!options.shard.empty() && !ParseShard(options.shard, &c.shard_index, &c.shard_count, &why)) {
    err << "wirecheck: " << why << '\n';
    return ExitCode::kBadInput;
  }
  c.settings = SettingsOf(options);
  const Clock::time_point start = Clock::now();
  Progress progress(out, err, options.progress_bar);
  const ClassResult result = GradeClass(assignment, c, [&](const SubmissionProgress& p) { progress.Show(p); });
  progress.End();
  if (!result.error.empty()) {
    err << "wirecheck: " << result.error << '\n';
    return result.gradebook.submissions.empty() && result.ungraded.empty() ? ExitCode::kBadInput
                                                                           : ExitCode::kEnvironment;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  out << "Graded " << result.gradebook.submissions.size() << " submission"
      << (result.gradebook.submissions.size() == 1 ? "" : "s") << " in " << Seconds(seconds) << "; gradebook: "
      << (fs::path(c.out) / "gradebook.csv").string() << '\n';
  for (const std::string& u : result.ungraded) err << "wirecheck: not graded: " << u << '\n';
  if (result.interrupted) return ExitCode::kInterrupted;
  return result.ungraded.empty() ? ExitCode::kOk : ExitCode::kEnvironment;
}

}  // namespace wirecheck
