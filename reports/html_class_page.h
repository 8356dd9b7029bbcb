#pragma once
// The class page of `wirecheck grade --report html`: OUT/index.html. What a
// teacher looks at first: how the class scored (a histogram drawn as inline
// SVG), which items cost the most students points, whose build failed, who
// could not be graded, and a link to every submission's own page.
//
// Its sections, each an id the nav at the top links to: #distribution (the
// histogram, html_score_chart.h), #costly-items (every item, those most
// submissions lost points on first), #build-failures, #not-graded (only when
// some submission was not graded) and #submissions (one row each, by name).
// The numbers come from class_page_scores.h. Every name and reason is a
// student's or an assignment's text: HTML-escaped, and percent-encoded in a
// link (percent_encoding.h).

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "reports/grade.h"

namespace wirecheck::reports {

struct ClassPageInput {
  const Gradebook* gradebook = nullptr;
  /// Submissions wirecheck could not grade, "name: why" (not in the gradebook).
  std::vector<std::string> ungraded;
  /// The link from the class page to a submission's page, relative, with
  /// "{submission}" where its name goes: "{submission}/report.html".
  std::string submission_link = "{submission}/report.html";
  /// Pages found elsewhere than submission_link says, by submission name:
  /// a URL relative to the class page, already encoded (a merged class's
  /// pages stay in their shards' folders).
  std::map<std::string, std::string> submission_pages;
};

/// The whole page, self-contained (html_text.h).
void WriteClassPage(std::ostream& out, const ClassPageInput& input);

}  // namespace wirecheck::reports
