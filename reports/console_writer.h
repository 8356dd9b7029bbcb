#pragma once
// The console report, GoogleTest-like, printed while the run goes:
//   [==========] Running 1 scenario.
//   [----------] TCP capitalize (scenarios/tcp.yaml)
//   [ RUN      ] every_connection.close
//     <message, evidence, hint, packet ladder>
//   [  FAILED  ] every_connection.close (0/20 points)
// Writes to the stream it is given; never opens files.

#include <cstddef>
#include <ostream>

#include "reports/check_text.h"
#include "reports/report.h"

namespace wirecheck::reports {

struct ConsoleOptions {
  /// ANSI colour. The caller decides (isatty(1), NO_COLOR, --color); the
  /// writer never looks at the terminal itself.
  bool colour = false;
  /// Also the message of every passing check.
  bool verbose = false;
  TextOptions text;
};

/// Streaming: call ReportStarted once, then per run RunStarted,
/// CheckFinished for each check as it is made, RunFinished; then
/// ReportFinished. Each call prints at once and flushes nothing it was not
/// asked to: the stream's own buffering applies.
class ConsoleWriter {
 public:
  ConsoleWriter(std::ostream& out, ConsoleOptions options);

  void ReportStarted(std::size_t runs);
  /// Reads the scenario name and file only.
  void RunStarted(const Run& run);
  void CheckFinished(const Check& check);
  /// The run as it ended: outcome, duration, processes, capture.
  void RunFinished(const Run& run);
  /// The totals, the checks that failed or were inconclusive, the runs in
  /// error, and the points.
  void ReportFinished(const Report& report);

 private:
  enum class Colour { kNone, kGreen, kRed, kYellow };
  void Tag(std::string_view tag, Colour colour);
  void Line(std::string_view tag, Colour colour, std::string_view text);
  void Detail(const TextLine& line);

  std::ostream& out_;
  ConsoleOptions options_;
};

/// A finished report, printed as ConsoleWriter would have printed it live.
void WriteConsole(std::ostream& out, const Report& report, const ConsoleOptions& options);

}  // namespace wirecheck::reports
