#pragma once
// The class page of `wirecheck grade --report html`: OUT/index.html. What a
// teacher looks at first: how the class scored (a histogram drawn as inline
// SVG), which items cost the most students points, whose build failed, who
// could not be graded, and a link to every submission's own page.

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
};

/// The whole page, self-contained (html_text.h).
void WriteClassPage(std::ostream& out, const ClassPageInput& input);

}  // namespace wirecheck::reports
