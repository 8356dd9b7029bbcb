#include "harness/run/report_outputs.h"

#include <filesystem>

namespace wirecheck {

std::string HtmlPagePath(const std::string& folder) { return (std::filesystem::path(folder) / "index.html").string(); }

ReportOutputs::OpenError ReportOutputs::Open(const std::vector<reports::ReportTarget>& targets,
                                             const reports::ReporterOptions& options,
                                             std::ostream& standard_output, std::string* err) {
  // Check every target before opening any file: a bad one creates nothing.
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (!reports::IsReporterName(targets[i].format)) {
      *err = reports::UnknownReporterError(targets[i].format);
      return OpenError::kBadTargets;
    }
    for (std::size_t j = 0; j < i; ++j) {
      std::error_code ec;
      const bool same = targets[i].path == targets[j].path ||
                        (!targets[i].ToStandardOutput() && !targets[j].ToStandardOutput() &&
                         std::filesystem::weakly_canonical(targets[i].path, ec) ==
                             std::filesystem::weakly_canonical(targets[j].path, ec));
      if (same) {
        *err = "two reports (" + targets[j].format + " and " + targets[i].format + ") to " +
               (targets[i].ToStandardOutput() ? std::string("standard output") : targets[i].path) +
               ": give each report a place of its own (--report FORMAT=FILE)";
        return OpenError::kBadTargets;
      }
    }
  }
  for (const reports::ReportTarget& target : targets) {
    Output output;
    reports::ReporterOptions these = options;
    if (target.ToStandardOutput()) {
      output.stream = &standard_output;
    } else {
      these.colour = false;
      // As pytest's --junitxml does, a report's folder is made when missing.
      // The HTML report's path is a folder: the page is its index.html, the
      // runs' captures go beside it (run_command.cc).
      output.file = std::make_unique<AtomicFile>();
      const bool folder = target.format == kHtmlFormat;
      if (folder) these.html.page_dir = target.path;
      if (!output.file->Open(folder ? HtmlPagePath(target.path) : target.path, err)) return OpenError::kCannotWrite;
      output.stream = &output.file->stream();
    }
    fan_out_.Add(reports::MakeReporter(target.format, *output.stream, these));
    outputs_.push_back(std::move(output));
  }
  return OpenError::kNone;
}

bool ReportOutputs::Close(std::string* err) {
  bool ok = true;
  for (Output& output : outputs_) {
    std::string error;
    if (output.file ? !output.file->Commit(&error) : !output.stream->flush()) {
      if (!output.file) error = "cannot write standard output";
      if (ok) *err = error;
      ok = false;
    }
  }
  return ok;
}

}  // namespace wirecheck
