#include "reports/gradebook_csv.h"

#include <cassert>
#include <string>
#include <string_view>

#include "reports/report.h"

namespace wirecheck::reports {

namespace {

constexpr std::string_view kLineEnd = "\r\n";

/// A field as RFC 4180 writes it: quoted, inner quotes doubled, when it holds
/// a comma, a quote, CR or LF; as it is otherwise.
std::string Quoted(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

/// Text from people: a leading apostrophe where a spreadsheet would start a
/// formula (or, for TAB and CR, a formula behind blank space).
std::string TextField(std::string_view text) {
  constexpr std::string_view kFormulaStarts = "=+-@\t\r";
  const bool formula = !text.empty() && kFormulaStarts.find(text[0]) != std::string_view::npos;
  return Quoted(formula ? "'" + std::string(text) : std::string(text));
}

/// A number wirecheck wrote: never guarded, never quoted (PointsText has no
/// comma, and points are never negative).
std::string NumberField(double points) { return PointsText(points); }

}  // namespace

void WriteGradebookCsv(const Gradebook& gradebook, std::ostream& out) {
  assert(gradebook.columns.size() == gradebook.column_points.size());
  double max_total = 0;
  out << "submission";
  for (std::size_t i = 0; i < gradebook.columns.size(); ++i) {
    const double max = gradebook.column_points[i];
    out << ',' << TextField(gradebook.columns[i] + " (" + PointsText(max) + ")");
    max_total += max;
  }
  out << ',' << TextField("total (" + PointsText(max_total) + ")") << kLineEnd;

  for (const SubmissionGrade& submission : gradebook.submissions) {
    out << TextField(submission.submission);
    for (const std::string& column : gradebook.columns) {
      out << ',';
      if (const GradeItem* item = submission.FindItem(column)) out << NumberField(item->earned);
    }
    out << ',' << NumberField(submission.earned()) << kLineEnd;
  }
}

}  // namespace wirecheck::reports
