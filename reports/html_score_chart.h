#pragma once
// The class page's score distribution: a ScoreHistogram drawn as an inline
// SVG bar chart, ten bars for the tenths of the total and one apart for full
// marks, each with its count above it and its numbers in words in a
// <title>. The chart's <title> and <desc> say the whole in words, and the
// same numbers follow as a table in <details>, for screen readers and for
// copying. Coordinates are whole pixels: the same histogram gives the same
// bytes.

#include <ostream>
#include <string_view>

#include "reports/class_page_scores.h"

namespace wirecheck::reports {

/// The chart then the table. `possible` is the assignment's total (named in
/// the axis title and the words); `id` prefixes the ids the chart's
/// aria-labelledby points at, unique in the page.
void WriteScoreChart(std::ostream& out, const ScoreHistogram& histogram, double possible, std::string_view id);

}  // namespace wirecheck::reports
