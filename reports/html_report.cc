#include "reports/html_report.h"

#include <fmt/format.h>

#include <filesystem>

#include "reports/exit_status.h"
#include "reports/html_run_section.h"
#include "reports/html_text.h"
#include "reports/percent_encoding.h"

namespace wirecheck::reports {
namespace {

std::string PageTitle(const Report& report, const HtmlOptions& options) {
  if (!options.title.empty()) return options.title;
  if (report.runs.size() == 1) {
    const Run& run = report.runs[0];
    return "wirecheck: " + (run.scenario.empty() ? run.file : run.scenario);
  }
  return fmt::format("wirecheck: {} runs", report.runs.size());
}

void WriteTotals(std::ostream& out, const Report& report) {
  const StatusCounts counts = CountStatuses(report);
  const bool passed = ExitStatusOf(report) == ExitStatus::kAllPassed;
  const std::size_t errors = CountHarnessErrors(report);
  out << "<p class=\"summary\"><span class=\"verdict " << (errors > 0 ? "error" : passed ? "pass" : "fail") << "\">"
      << (passed ? "PASSED" : "FAILED") << "</span><span><b>" << report.runs.size() << "</b> run"
      << (report.runs.size() == 1 ? "" : "s") << "</span><span><b>" << counts.pass << "</b> passed</span><span><b>"
      << counts.fail << "</b> failed</span><span><b>" << counts.inconclusive << "</b> inconclusive</span>";
  if (counts.not_applicable > 0) out << "<span><b>" << counts.not_applicable << "</b> not applicable</span>";
  if (errors > 0) out << "<span><b>" << errors << "</b> could not run</span>";
  const Points points = SumPoints(report);
  if (points.possible > 0) {
    out << "<span><b>" << PointsText(points.earned) << " / " << PointsText(points.possible) << "</b> points</span>";
  }
  out << "</p>\n";
}

void WriteContents(std::ostream& out, const Report& report) {
  if (report.runs.size() < 2) return;
  out << "<nav class=\"toc\" aria-label=\"runs\"><ul>";
  for (std::size_t i = 0; i < report.runs.size(); ++i) {
    const Run& run = report.runs[i];
    out << "<li><a href=\"#r" << i + 1 << "\">" << HtmlEscape(run.scenario.empty() ? run.file : run.scenario)
        << "</a> <span class=\"status " << RunVerdictClass(run) << "\">" << HtmlEscape(RunVerdictText(run))
        << "</span></li>";
  }
  out << "</ul></nav>\n";
}

// What the diagrams' arrows mean, drawn as they are.
void WriteLegend(std::ostream& out) {
  static constexpr std::pair<std::string_view, std::string_view> kKinds[] = {
      {"handshake", "SYN, SYN-ACK and the ACK that completes the handshake"},
      {"data", "a segment or datagram with payload"},
      {"ack", "a bare ACK"},
      {"close", "FIN, and the ACKs that follow it"},
      {"reset", "RST"},
  };
  out << "<p class=\"legend\" id=\"legend\"><b>Diagrams:</b> ";
  for (const auto& [kind, words] : kKinds) {
    out << "<span><svg width=\"40\" height=\"10\" aria-hidden=\"true\"><g class=\"" << kind
        << "\"><line x1=\"2\" y1=\"5\" x2=\"38\" y2=\"5\"/></g></svg> " << kind << ": " << words << "</span>";
  }
  out << "<span>packet numbers (No.) and times (seconds since the capture's first packet) are those Wireshark "
         "shows for the run's capture;</span><span>a highlighted row is a packet a check points at; \u22ef marks packets folded away (the first 20, "
         "the last 10 and those around evidence are drawn)</span></p>\n";
}

std::string_view ItemStatusClass(ItemStatus s) {
  switch (s) {
    case ItemStatus::kPassed: return "pass";
    case ItemStatus::kFailed: return "fail";
    case ItemStatus::kNotRun: return "inconclusive";
  }
  return "";
}

// The run of `scenario`'s name, as the grade's items name it: "#r2"; empty if none.
std::string RunAnchor(const Report& report, const std::string& scenario) {
  for (std::size_t i = 0; i < report.runs.size(); ++i) {
    if (report.runs[i].scenario == scenario) return "#r" + std::to_string(i + 1);
  }
  return {};
}

void WriteGrade(std::ostream& out, const SubmissionGrade& g, const Report& report) {
  out << "<section id=\"grade\"><h2>Grade: " << PointsText(g.earned()) << " of " << PointsText(g.possible())
      << " points</h2>";
  if (!g.output.empty()) out << "<pre class=\"feedback\">" << HtmlEscapeLines(g.output) << "</pre>";
  out << "<table><tr><th>item</th><th class=\"num\">points</th><th>status</th><th>shown to the student</th>"
         "<th>why points were lost</th></tr>";
  for (const GradeItem& item : g.items) {
    const std::string anchor = RunAnchor(report, item.scenario);
    out << "<tr><td>";
    if (!anchor.empty()) out << "<a href=\"" << anchor << "\">";
    out << HtmlEscape(item.name) << (anchor.empty() ? "" : "</a>") << "</td><td class=\"num\">"
        << PointsText(item.earned) << " / " << PointsText(item.possible) << "</td><td><span class=\"status "
        << ItemStatusClass(item.status) << "\">" << ItemStatusName(item.status) << "</span></td><td>"
        << VisibilityName(item.visibility) << "</td><td>";
    if (!item.output.empty()) out << "<pre>" << HtmlEscapeLines(item.output) << "</pre>";
    out << "</td></tr>";
  }
  out << "</table></section>\n";
}

bool HasDiagrams(const Report& report) {
  for (const Run& run : report.runs) {
    for (const ConversationSummary& c : run.conversations) {
      if (!c.ladder.empty()) return true;
    }
    for (const Check& c : run.checks) {
      if (!c.evidence.ladder.empty()) return true;
    }
  }
  return false;
}

}  // namespace

std::string RelativeFileUrl(const std::string& file, const std::string& page_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path target = fs::absolute(file, ec).lexically_normal();
  const fs::path base = fs::absolute(page_dir.empty() ? "." : page_dir, ec).lexically_normal();
  fs::path relative = target.lexically_relative(base);
  if (relative.empty()) relative = target;  // no relative path: another root
  std::string url;
  for (const fs::path& part : relative) {
    const std::string segment = part.string();
    if (segment.empty() || segment == "/") continue;  // the root's and a trailing separator's parts
    if (!url.empty() || relative.is_absolute()) url += '/';
    url += PercentEncode(segment);
  }
  return url;
}

void WriteHtmlReport(std::ostream& out, const Report& report, const HtmlOptions& options) {
  WriteHtmlPageStart(out, PageTitle(report, options));
  out << "<h1>" << HtmlEscape(PageTitle(report, options)) << "</h1>\n";
  if (options.grade != nullptr) WriteGrade(out, *options.grade, report);
  WriteTotals(out, report);
  WriteContents(out, report);
  if (HasDiagrams(report)) WriteLegend(out);
  for (std::size_t i = 0; i < report.runs.size(); ++i) WriteRunSection(out, report.runs[i], i + 1, options);
  WriteHtmlPageEnd(out);
}

}  // namespace wirecheck::reports
