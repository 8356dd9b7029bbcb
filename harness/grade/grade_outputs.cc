#include "harness/grade/grade_outputs.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <set>

#include "harness/run/atomic_file.h"
#include "reports/console_writer.h"
#include "reports/escape.h"
#include "reports/grade_json.h"
#include "reports/gradebook_csv.h"
#include "reports/gradescope_results.h"
#include "reports/html_class_page.h"
#include "reports/html_report.h"
#include "reports/json_writer.h"
#include "reports/prairielearn_results.h"

namespace wirecheck {

namespace {

namespace fs = std::filesystem;

bool WriteFile(const std::string& path, const std::function<void(std::ostream&)>& write, std::string* err) {
  AtomicFile file;
  if (!file.Open(path, err)) return false;
  write(file.stream());
  return file.Commit(err);
}

// PrairieLearn shows every test to the student at once and has no
// visibility of its own: a hidden item keeps its points in the score (the
// grade is the grade) but not its name or its output.
reports::SubmissionGrade ForPrairieLearn(reports::SubmissionGrade grade) {
  int hidden = 0;
  for (reports::GradeItem& item : grade.items) {
    if (item.visibility != reports::Visibility::kHidden) continue;
    item.name = "hidden test " + std::to_string(++hidden);
    item.scenario.clear();
    item.check.clear();
    item.output.clear();
  }
  return grade;
}

// Text a submission chose (its compiler's lines, its programs' bytes in a
// check's message), with every control byte escaped, so that printing the
// feedback runs no escape sequence of a student's terminal (or the
// teacher's). Newlines stay.
std::string Printable(std::string_view text) { return reports::EscapeControlsByLine(text); }

// The scenarios a student may see: those with a visible item.
std::set<std::string> VisibleScenarios(const reports::SubmissionGrade& grade) {
  std::set<std::string> shown;
  for (const reports::GradeItem& item : grade.items) {
    if (item.visibility == reports::Visibility::kVisible) shown.insert(item.scenario);
  }
  return shown;
}

// A submission's page: its grade above its runs, links relative to `folder`.
bool WritePage(const std::string& path, const reports::Report& runs, const reports::SubmissionGrade& grade,
               std::string* err) {
  return WriteFile(path,
                   [&](std::ostream& out) {
                     reports::HtmlOptions html;
                     html.page_dir = fs::path(path).parent_path().string();
                     html.title = grade.submission + ": " + reports::PointsText(grade.earned()) + " of " +
                                  reports::PointsText(grade.possible()) + " points";
                     html.grade = &grade;
                     reports::WriteHtmlReport(out, runs, html);
                   },
                   err);
}

}  // namespace

void WriteFeedback(std::ostream& out, const SubmissionResult& result, bool only_visible) {
  const reports::SubmissionGrade& g = result.grade;
  double earned = 0, possible = 0;
  const std::set<std::string> shown = VisibleScenarios(g);
  for (const reports::GradeItem& item : g.items) {
    if (only_visible && item.visibility != reports::Visibility::kVisible) continue;
    earned += item.earned;
    possible += item.possible;
  }
  out << Printable(g.submission) << ": " << reports::PointsText(earned) << " of " << reports::PointsText(possible)
      << " points\n";
  if (!g.output.empty()) out << '\n' << Printable(g.output) << '\n';
  bool lost = false;
  for (const reports::GradeItem& item : g.items) {
    if (only_visible && item.visibility != reports::Visibility::kVisible) continue;
    if (item.status == reports::ItemStatus::kPassed) continue;
    if (!lost) out << "\nWhere points were lost:\n";
    lost = true;
    out << "\n" << Printable(item.name) << ": " << reports::PointsText(item.earned) << " of " << reports::PointsText(item.possible)
        << "\n";
    std::string text = Printable(item.output);
    for (std::size_t at = 0; (at = text.find('\n', at)) != std::string::npos; at += 3) text.replace(at, 1, "\n  ");
    if (!text.empty()) out << "  " << text << "\n";
  }
  reports::Report runs;
  for (const reports::Run& run : result.runs.runs) {
    if (!only_visible || shown.count(run.scenario) > 0) runs.runs.push_back(run);
  }
  if (runs.runs.empty()) return;
  out << "\nThe runs:\n\n";
  reports::WriteConsole(out, runs, reports::ConsoleOptions{});
}

bool WriteSubmissionFiles(const std::string& folder, const SubmissionResult& result, std::string* err) {
  const fs::path dir(folder);
  return WriteGradescopeFile((dir / "results.json").string(), result, err) &&
         WritePrairieLearnFile((dir / "prairielearn.json").string(), result, err) &&
         WriteFile((dir / "report.json").string(),
                   [&](std::ostream& out) { reports::WriteJson(out, result.runs, reports::JsonOptions{}); }, err) &&
         WriteFile((dir / "feedback.txt").string(), [&](std::ostream& out) { WriteFeedback(out, result, false); },
                   err) &&
         WritePage((dir / "report.html").string(), result.runs, result.grade, err) &&
         // Last: its presence says the submission's files are all there (--resume).
         WriteFile((dir / "grade.json").string(),
                   [&](std::ostream& out) { reports::WriteGradeJson(result.grade, out); }, err);
}

bool WriteStudentPage(const std::string& folder, const SubmissionResult& result, std::string* err) {
  const std::set<std::string> shown = VisibleScenarios(result.grade);
  reports::SubmissionGrade grade = result.grade;
  std::erase_if(grade.items, [](const reports::GradeItem& i) { return i.visibility != reports::Visibility::kVisible; });
  reports::Report runs;
  std::error_code ec;
  fs::create_directories(folder, ec);
  for (const reports::Run& run : result.runs.runs) {
    if (shown.count(run.scenario) == 0) continue;  // a hidden scenario: neither its run nor its packets
    runs.runs.push_back(run);
    std::optional<reports::CaptureStats>& capture = runs.runs.back().capture;
    if (!capture || capture->file.empty()) continue;
    const fs::path kept = fs::path(folder) / fs::path(capture->file).filename();
    fs::copy_file(capture->file, kept, fs::copy_options::overwrite_existing, ec);
    if (ec) {
      *err = "cannot copy " + capture->file + " to " + kept.string() + ": " + ec.message();
      return false;
    }
    capture->file = kept.string();
  }
  return WritePage((fs::path(folder) / "index.html").string(), runs, grade, err);
}

bool WriteGradescopeFile(const std::string& path, const SubmissionResult& result, std::string* err) {
  return WriteFile(path, [&](std::ostream& out) { reports::WriteGradescopeResults(result.grade, out); }, err);
}

bool WritePrairieLearnFile(const std::string& path, const SubmissionResult& result, std::string* err) {
  return WriteFile(path, [&](std::ostream& out) { reports::WritePrairieLearnResults(ForPrairieLearn(result.grade), out); },
                   err);
}

bool WriteGradebookFile(const std::string& path, const reports::Gradebook& gradebook, std::string* err) {
  return WriteFile(path, [&](std::ostream& out) { reports::WriteGradebookCsv(gradebook, out); }, err);
}

bool WriteClassPageFile(const std::string& path, const reports::Gradebook& gradebook,
                        const std::vector<std::string>& ungraded, const std::map<std::string, std::string>& folders,
                        std::string* err) {
  reports::ClassPageInput input;
  input.gradebook = &gradebook;
  input.ungraded = ungraded;
  const std::string page_dir = fs::path(path).parent_path().string();
  for (const auto& [name, folder] : folders) {
    input.submission_pages[name] = reports::RelativeFileUrl((fs::path(folder) / "report.html").string(), page_dir);
  }
  return WriteFile(path, [&](std::ostream& out) { reports::WriteClassPage(out, input); }, err);
}

bool ReadSubmissionGrade(const std::string& folder, reports::SubmissionGrade* grade, std::string* err) {
  const std::string path = (fs::path(folder) / "grade.json").string();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *err = "cannot read " + path;
    return false;
  }
  if (!reports::ReadGradeJson(in, grade, err)) {
    *err = path + ": " + *err;
    return false;
  }
  return true;
}

}  // namespace wirecheck
