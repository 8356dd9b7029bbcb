#include "reports/html_score_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "reports/html_text.h"
#include "reports/report.h"

namespace wirecheck::reports {

namespace {

// The layout, in pixels. Each bar sits in a slot; the full-marks bar stands
// apart after a gap, as it is not a tenth of the total but its end.
constexpr int kLeft = 52;         // the y axis, its labels and title to its left
constexpr int kTop = 24;          // room for the tallest bar's count
constexpr int kPlotHeight = 180;  // the tallest bar
constexpr int kBottom = 46;       // the x labels and the axis title
constexpr int kSlot = 48;
constexpr int kBarWidth = 40;
constexpr int kGap = 24;
constexpr int kRight = 12;
constexpr int kBaseline = kTop + kPlotHeight;
constexpr int kFullSlot = kLeft + static_cast<int>(ScoreHistogram::kBins) * kSlot + kGap;
constexpr int kWidth = kFullSlot + kSlot + kRight;
constexpr int kHeight = kBaseline + kBottom;

std::string Submissions(std::size_t n) { return std::to_string(n) + (n == 1 ? " submission" : " submissions"); }

/// The range of bin `i` in words: "60–70%"; the last "90–100%, short of full marks".
std::string RangeText(std::size_t i) {
  if (i + 1 == ScoreHistogram::kBins) return fmt::format("{}–100%, short of full marks", i * 10);
  return fmt::format("{}–{}%", i * 10, (i + 1) * 10);
}

/// The bar's height for `count`: the tallest is kPlotHeight; any count above
/// 0 stays visible (2 px at least).
int BarHeight(std::size_t count, std::size_t largest) {
  if (count == 0) return 0;
  const long height = std::lround(static_cast<double>(count) * kPlotHeight / static_cast<double>(largest));
  return std::max(2, static_cast<int>(height));
}

void WriteBar(std::ostream& out, int slot_x, std::size_t count, std::size_t largest, std::string_view classes,
              const std::string& words) {
  const int height = BarHeight(count, largest);
  const int center = slot_x + kSlot / 2;
  out << "<g><title>" << HtmlEscape(words) << "</title><rect class=\"" << classes << "\" x=\""
      << slot_x + (kSlot - kBarWidth) / 2 << "\" y=\"" << kBaseline - height << "\" width=\"" << kBarWidth
      << "\" height=\"" << height << "\"/><text x=\"" << center << "\" y=\"" << kBaseline - height - 5
      << "\" text-anchor=\"middle\">" << count << "</text></g>\n";
}

/// Both axes with a tick at each tenth, their labels and titles.
void WriteAxes(std::ostream& out, std::size_t largest, double possible) {
  out << "<path class=\"axis\" fill=\"none\" d=\"M" << kLeft << ' ' << kTop << 'V' << kBaseline << 'H'
      << kWidth - kRight;
  for (std::size_t i = 0; i <= ScoreHistogram::kBins; ++i) out << 'M' << kLeft + i * kSlot << ' ' << kBaseline << "v5";
  out << "M" << kLeft - 5 << ' ' << kTop << "h5\"/>\n";
  const int label_y = kBaseline + 18;
  for (std::size_t i = 0; i <= ScoreHistogram::kBins; ++i) {
    out << "<text x=\"" << kLeft + i * kSlot << "\" y=\"" << label_y << "\" text-anchor=\"middle\">" << i * 10
        << "%</text>";
  }
  out << "<text x=\"" << kFullSlot + kSlot / 2 << "\" y=\"" << label_y << "\" text-anchor=\"middle\">full</text>\n";
  out << "<text x=\"" << kLeft + ScoreHistogram::kBins * kSlot / 2 << "\" y=\"" << kBaseline + 38
      << "\" text-anchor=\"middle\">score, as a share of the " << PointsText(possible) << " points possible</text>\n";
  out << "<text x=\"" << kLeft - 8 << "\" y=\"" << kBaseline << "\" text-anchor=\"end\" dy=\".35em\">0</text>"
      << "<text x=\"" << kLeft - 8 << "\" y=\"" << kTop << "\" text-anchor=\"end\" dy=\".35em\">" << largest
      << "</text>\n";
  out << "<text transform=\"translate(14 " << kBaseline - kPlotHeight / 2
      << ") rotate(-90)\" text-anchor=\"middle\">submissions</text>\n";
}

/// The whole histogram in one paragraph: the ranges that have submissions.
std::string Description(const ScoreHistogram& histogram, double possible) {
  if (histogram.total() == 0) return "No submission was graded.";
  std::string words = fmt::format("Scores of {} as a share of the {} points possible: ", Submissions(histogram.total()),
                                  PointsText(possible));
  std::string ranges;
  for (std::size_t i = 0; i < ScoreHistogram::kBins; ++i) {
    if (histogram.bins[i] == 0) continue;
    ranges += fmt::format("{} scored {}; ", histogram.bins[i], RangeText(i));
  }
  ranges += fmt::format("{} scored full marks", histogram.full_marks);
  return words + ranges + ". No other range has a submission.";
}

void WriteTable(std::ostream& out, const ScoreHistogram& histogram) {
  out << "<details><summary>The distribution as a table</summary>\n<table>\n"
         "<thead><tr><th>Score</th><th class=\"num\">Submissions</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < ScoreHistogram::kBins; ++i) {
    out << "<tr><td>" << RangeText(i) << "</td><td class=\"num\">" << histogram.bins[i] << "</td></tr>\n";
  }
  out << "<tr><td>full marks</td><td class=\"num\">" << histogram.full_marks << "</td></tr>\n</tbody>\n</table>\n"
      << "</details>\n";
}

}  // namespace

void WriteScoreChart(std::ostream& out, const ScoreHistogram& histogram, double possible, std::string_view id) {
  const std::string id_part = HtmlIdPart(id);
  // A chart with no submission still draws its axes, scaled to 1.
  const std::size_t largest = std::max<std::size_t>(1, histogram.largest());
  out << "<svg class=\"chart\" role=\"img\" aria-labelledby=\"" << id_part << "-title " << id_part << "-desc\" width=\""
      << kWidth << "\" height=\"" << kHeight << "\" viewBox=\"0 0 " << kWidth << ' ' << kHeight << "\">\n<title id=\""
      << id_part << "-title\">Score distribution</title>\n<desc id=\"" << id_part << "-desc\">"
      << HtmlEscape(Description(histogram, possible)) << "</desc>\n";
  WriteAxes(out, largest, possible);
  for (std::size_t i = 0; i < ScoreHistogram::kBins; ++i) {
    WriteBar(out, kLeft + static_cast<int>(i) * kSlot, histogram.bins[i], largest, "bar",
             fmt::format("{} scored {}", Submissions(histogram.bins[i]), RangeText(i)));
  }
  WriteBar(out, kFullSlot, histogram.full_marks, largest, "bar full",
           fmt::format("{} scored full marks", Submissions(histogram.full_marks)));
  out << "</svg>\n";
  WriteTable(out, histogram);
}

}  // namespace wirecheck::reports
