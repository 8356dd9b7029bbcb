#pragma once
// The streaming interface every report format implements, as Catch2's
// IEventListener: the harness calls the events as the run goes, and each
// format decides when to write. A streaming reporter (the console) prints
// at each event; a cumulative one (JSON, JUnit: their totals come first)
// writes the whole document at ReportFinished, from the finished report.
// Reporters write to the std::ostream& they were made with; none opens files.

#include <cstddef>

#include "reports/report.h"

namespace wirecheck::reports {

/// The events, in this order: ReportStarted once; per run RunStarted, one
/// CheckFinished per check as it is decided, RunFinished; ReportFinished
/// once. The references are valid only during the call.
class Reporter {
 public:
  virtual ~Reporter() = default;

  virtual void ReportStarted(std::size_t runs) = 0;
  /// The run's scenario and file are set; its checks and outcome are not yet.
  virtual void RunStarted(const Run& run) = 0;
  virtual void CheckFinished(const Check& check) = 0;
  /// The run as it ended: checks, outcome, duration, processes, capture.
  virtual void RunFinished(const Run& run) = 0;
  /// Every run, finished.
  virtual void ReportFinished(const Report& report) = 0;
};

/// A format that needs the finished report: it ignores the streaming events
/// and writes everything at ReportFinished.
class CumulativeReporter : public Reporter {
 public:
  void ReportStarted(std::size_t) override {}
  void RunStarted(const Run&) override {}
  void CheckFinished(const Check&) override {}
  void RunFinished(const Run&) override {}
};

/// Events nobody watches (a run repeated before its combined result is
/// reported, a grading worker's runs): every one ignored.
class NullReporter : public CumulativeReporter {
 public:
  void ReportFinished(const Report&) override {}
};

/// Sends a finished report through `reporter` as a live run would have:
/// the same events in the same order.
void ReplayReport(const Report& report, Reporter& reporter);

/// One finished run's events: RunStarted, each check, RunFinished.
void ReplayRun(const Run& run, Reporter& reporter);

}  // namespace wirecheck::reports
