#include "reports/html_class_page.h"

#include <algorithm>
#include <cassert>
#include <string>
#include <string_view>
#include <vector>

#include "reports/class_page_scores.h"
#include "reports/html_score_chart.h"
#include "reports/html_text.h"
#include "reports/percent_encoding.h"
#include "reports/report.h"

namespace wirecheck::reports {

namespace {

constexpr std::string_view kSubmissionPlaceholder = "{submission}";

/// The sections, in page order, with the nav's words for them.
struct Section {
  std::string_view id;
  std::string_view heading;
};
constexpr Section kDistribution{"distribution", "Score distribution"};
constexpr Section kCostlyItems{"costly-items", "The items that cost the most"};
constexpr Section kBuildFailures{"build-failures", "Build failures"};
constexpr Section kNotGraded{"not-graded", "Not graded"};
constexpr Section kSubmissions{"submissions", "Every submission"};

/// The href of `submission`'s page, escaped for an attribute: its name
/// percent-encoded into each placeholder of the link.
std::string SubmissionHref(std::string_view link, std::string_view submission) {
  const std::string name = PercentEncode(submission);
  std::string href;
  std::size_t from = 0;
  for (std::size_t at; (at = link.find(kSubmissionPlaceholder, from)) != std::string_view::npos;) {
    href.append(link.substr(from, at - from)).append(name);
    from = at + kSubmissionPlaceholder.size();
  }
  href.append(link.substr(from));
  return HtmlEscape(href);
}

std::string SubmissionAnchor(const ClassPageInput& input, std::string_view submission) {
  const auto page = input.submission_pages.find(std::string(submission));
  const std::string href = page != input.submission_pages.end() ? HtmlEscape(page->second)
                                                                 : SubmissionHref(input.submission_link, submission);
  return "<a href=\"" + href + "\">" + HtmlEscape(submission) + "</a>";
}

void OpenSection(std::ostream& out, const Section& section) {
  out << "<section id=\"" << section.id << "\">\n<h2>" << section.heading << "</h2>\n";
}

void CloseSection(std::ostream& out) { out << "</section>\n"; }

/// "<b>5.5</b> of 8"; "—" when nothing was graded.
std::string ScoreOf(double points, const ScoreSummary& summary) {
  if (summary.graded == 0) return "<b>—</b>";
  return "<b>" + PointsText(points) + "</b> of " + PointsText(summary.possible);
}

void WriteSummary(std::ostream& out, const ScoreSummary& summary, std::size_t ungraded) {
  out << "<p class=\"summary\"><span><b>" << summary.graded << "</b> graded</span><span><b>" << ungraded
      << "</b> not graded</span><span>mean " << ScoreOf(summary.mean, summary) << "</span><span>median "
      << ScoreOf(summary.median, summary) << "</span><span>min " << ScoreOf(summary.min, summary) << "</span><span>max "
      << ScoreOf(summary.max, summary) << "</span><span><b>" << summary.full_marks
      << "</b> with full marks</span></p>\n";
}

void WriteNav(std::ostream& out, bool with_not_graded) {
  out << "<nav class=\"toc sections\" aria-label=\"Sections\"><ul>";
  for (const Section* section : {&kDistribution, &kCostlyItems, &kBuildFailures, &kNotGraded, &kSubmissions}) {
    if (section == &kNotGraded && !with_not_graded) continue;
    out << "<li><a href=\"#" << section->id << "\">" << section->heading << "</a></li>";
  }
  out << "</ul></nav>\n";
}

void WriteDistribution(std::ostream& out, const Gradebook& gradebook, const ScoreSummary& summary) {
  OpenSection(out, kDistribution);
  if (summary.graded == 0) {
    out << "<p>No submission was graded.</p>\n";
  } else if (summary.possible <= 0) {
    // No share of nothing to draw: every score is 0 of 0, full marks.
    out << "<p>The assignment gives no points: every submission has full marks.</p>\n";
  } else {
    WriteScoreChart(out, HistogramOfScores(gradebook), summary.possible, kDistribution.id);
  }
  CloseSection(out);
}

/// " (hidden from students…)", muted, for an item a student does not see now.
std::string HiddenNote(Visibility visibility) {
  switch (visibility) {
    case Visibility::kVisible: return "";
    case Visibility::kHidden: return " <span class=\"muted\">(hidden from students)</span>";
    case Visibility::kAfterDueDate: return " <span class=\"muted\">(hidden from students until the due date)</span>";
    case Visibility::kAfterPublished:
      return " <span class=\"muted\">(hidden from students until grades are published)</span>";
  }
  return "";
}

// Items nobody lost points on stay in the table, last and muted: so the table
// is the one place that gives every item's maximum and average.
void WriteCostlyItems(std::ostream& out, const Gradebook& gradebook) {
  OpenSection(out, kCostlyItems);
  if (gradebook.columns.empty()) {
    out << "<p>The assignment has no items.</p>\n";
    CloseSection(out);
    return;
  }
  out << "<table>\n<thead><tr><th>Item</th><th class=\"num\">Max</th><th class=\"num\">Submissions that lost "
         "points</th><th class=\"num\">Points lost in all</th><th class=\"num\">Average earned</th></tr></thead>\n"
         "<tbody>\n";
  for (const ItemCost& cost : CostsOfItems(gradebook)) {
    out << (cost.lost_by == 0 ? "<tr class=\"muted\">" : "<tr>") << "<td>" << HtmlEscape(cost.name)
        << HiddenNote(cost.visibility) << "</td><td class=\"num\">" << PointsText(cost.possible)
        << "</td><td class=\"num\">" << cost.lost_by << "</td><td class=\"num\">" << PointsText(cost.points_lost)
        << "</td><td class=\"num\">" << (cost.graded == 0 ? "—" : PointsText(cost.average_earned)) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
  CloseSection(out);
}

void WriteBuildFailures(std::ostream& out, const ClassPageInput& input) {
  OpenSection(out, kBuildFailures);
  std::vector<const SubmissionGrade*> failed;
  for (const SubmissionGrade& submission : input.gradebook->submissions) {
    if (!submission.build_failure.empty()) failed.push_back(&submission);
  }
  if (failed.empty()) {
    out << "<p>No build failed.</p>\n";
  } else {
    out << "<ul>\n";
    for (const SubmissionGrade* submission : failed) {
      out << "<li>" << SubmissionAnchor(input, submission->submission) << ": " << HtmlEscape(submission->build_failure)
          << "</li>\n";
    }
    out << "</ul>\n";
  }
  CloseSection(out);
}

void WriteNotGraded(std::ostream& out, const std::vector<std::string>& ungraded) {
  if (ungraded.empty()) return;
  OpenSection(out, kNotGraded);
  out << "<ul>\n";
  for (const std::string& line : ungraded) out << "<li>" << HtmlEscape(line) << "</li>\n";
  out << "</ul>\n";
  CloseSection(out);
}

/// One word for how a submission fared; a failed build first, as it is the
/// reason it lost points.
void WriteStatusCell(std::ostream& out, const SubmissionGrade& submission, double possible) {
  if (!submission.build_failure.empty()) {
    out << "<td><span class=\"status fail\">build failed</span></td>";
  } else if (IsFullMarks(submission.earned(), possible)) {
    out << "<td><span class=\"status pass\">full marks</span></td>";
  } else {
    out << "<td><span class=\"status fail\">lost points</span></td>";
  }
}

/// Its earned points; a failed or not-run item marked ✗ besides its colour.
/// The title names the item and its status, for the cell's column is narrow.
void WriteItemCell(std::ostream& out, const GradeItem* item, std::string_view column) {
  if (item == nullptr) {
    out << "<td class=\"num\" title=\"" << HtmlEscape(column) << ": missing\"></td>";
    return;
  }
  const bool passed = item->status == ItemStatus::kPassed;
  out << "<td class=\"num " << (passed ? "pass" : "fail") << "\" title=\"" << HtmlEscape(column) << ": "
      << (item->status == ItemStatus::kNotRun ? "not run" : ItemStatusName(item->status)) << ", "
      << PointsText(item->earned) << " of " << PointsText(item->possible) << "\">" << (passed ? "" : "✗ ")
      << PointsText(item->earned) << "</td>";
}

void WriteSubmissions(std::ostream& out, const ClassPageInput& input, double possible) {
  const Gradebook& gradebook = *input.gradebook;
  OpenSection(out, kSubmissions);
  if (gradebook.submissions.empty()) {
    out << "<p>No submission was graded.</p>\n";
    CloseSection(out);
    return;
  }
  std::vector<const SubmissionGrade*> by_name;
  for (const SubmissionGrade& submission : gradebook.submissions) by_name.push_back(&submission);
  std::stable_sort(by_name.begin(), by_name.end(),
                   [](const SubmissionGrade* a, const SubmissionGrade* b) { return a->submission < b->submission; });

  out << "<table class=\"grades\">\n<thead><tr><th>Submission</th><th class=\"num\">Score</th><th "
         "class=\"num\">%</th><th>Status</th>";
  for (std::size_t i = 0; i < gradebook.columns.size(); ++i) {
    out << "<th class=\"item\" title=\"" << HtmlEscape(gradebook.columns[i]) << " ("
        << PointsText(gradebook.column_points[i]) << ")\">" << HtmlEscape(gradebook.columns[i]) << "</th>";
  }
  out << "</tr></thead>\n<tbody>\n";
  for (const SubmissionGrade* submission : by_name) {
    const double earned = submission->earned();
    out << "<tr><td>" << SubmissionAnchor(input, submission->submission) << "</td><td class=\"num\">"
        << PointsText(earned) << " / " << PointsText(possible) << "</td><td class=\"num\">"
        << PercentText(earned, possible) << "</td>";
    WriteStatusCell(out, *submission, possible);
    for (const std::string& column : gradebook.columns) WriteItemCell(out, submission->FindItem(column), column);
    out << "</tr>\n";
  }
  out << "</tbody>\n</table>\n";
  CloseSection(out);
}

}  // namespace

void WriteClassPage(std::ostream& out, const ClassPageInput& input) {
  assert(input.gradebook != nullptr);
  const Gradebook& gradebook = *input.gradebook;
  const std::string title = gradebook.assignment.empty() ? "Untitled assignment" : gradebook.assignment;
  const ScoreSummary summary = SummarizeScores(gradebook);

  WriteHtmlPageStart(out, title + " — class results");
  out << "<h1>" << HtmlEscape(title) << "</h1>\n";
  WriteSummary(out, summary, input.ungraded.size());
  WriteNav(out, !input.ungraded.empty());
  WriteDistribution(out, gradebook, summary);
  WriteCostlyItems(out, gradebook);
  WriteBuildFailures(out, input);
  WriteNotGraded(out, input.ungraded);
  WriteSubmissions(out, input, summary.possible);
  WriteHtmlPageEnd(out);
}

}  // namespace wirecheck::reports
