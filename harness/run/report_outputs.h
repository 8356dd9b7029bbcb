#pragma once
// The reports of one command: each target (a format and a path, "-" for
// standard output) gets its reporter, and every event goes to all of them,
// so the console and `--report junit=out.xml --report json=out.json` come
// from the same run. Files are opened (their folders made when missing)
// before any run starts, so a path that cannot be written fails before
// minutes of work, and each appears whole at Close (atomic_file.h).
// The one place that opens report files: reporters only write to streams.

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "harness/run/atomic_file.h"
#include "reports/fan_out_reporter.h"
#include "reports/report_target.h"
#include "reports/reporter_registry.h"

namespace wirecheck {

/// The format whose path names a folder rather than a file.
inline constexpr std::string_view kHtmlFormat = "html";
/// FOLDER/index.html: where `--report html=FOLDER` puts its page.
std::string HtmlPagePath(const std::string& folder);

class ReportOutputs {
 public:
  enum class OpenError { kNone, kBadTargets, kCannotWrite };

  /// `standard_output` is what "-" means. Colour (options.colour) applies only
  /// to a console report there. kBadTargets: an unknown format, or two reports
  /// to one place; kCannotWrite: a file that cannot be opened. *err says which.
  OpenError Open(const std::vector<reports::ReportTarget>& targets, const reports::ReporterOptions& options,
                 std::ostream& standard_output, std::string* err);

  reports::Reporter& events() { return fan_out_; }

  /// Flushes every output and puts each file in place; false with *err
  /// naming the first one whose writing failed (a full disk, a closed pipe):
  /// that file's destination is left as it was.
  bool Close(std::string* err);

 private:
  struct Output {
    std::ostream* stream = nullptr;
    std::unique_ptr<AtomicFile> file;  // null for standard output
  };
  std::vector<Output> outputs_;
  reports::FanOutReporter fan_out_;
};

}  // namespace wirecheck
