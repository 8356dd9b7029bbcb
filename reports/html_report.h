#pragma once
// The HTML report: one self-contained page for a report's runs (html_text.h),
// written whole at the end as the JSON and JUnit ones are. Per run: the
// verdict, every check with its status, points, message, hint and
// evidence linked to the packets it points at, each program's outcome and
// the end of its output, the capture (its pcap linked), and the
// conversations: a table of all listed and a sequence diagram
// (ladder_svg.h) of each drawn.

#include <cstddef>
#include <ostream>
#include <string>

#include "reports/grade.h"
#include "reports/report.h"

namespace wirecheck::reports {

struct HtmlOptions {
  /// The folder the page is written to: links to each run's capture file
  /// are made relative to it, so the folder can be moved whole. Empty: the
  /// current directory.
  std::string page_dir;
  /// The page's title; empty: the scenario's name (one run) or "N runs".
  std::string title;
  std::size_t preview_bytes = 48;  // of bytes that differed, in a check's evidence
  /// A submission's page (`wirecheck grade`): its grade, item by item, above
  /// the runs. Null: a plain report.
  const SubmissionGrade* grade = nullptr;
};

void WriteHtmlReport(std::ostream& out, const Report& report, const HtmlOptions& options);

/// The relative URL of `file` seen from `page_dir`, each path segment
/// percent-encoded (RFC 3986 unreserved characters kept): "run.pcap",
/// "../captures/a%20b.pcap". Paths only, no file is read.
std::string RelativeFileUrl(const std::string& file, const std::string& page_dir);

}  // namespace wirecheck::reports
