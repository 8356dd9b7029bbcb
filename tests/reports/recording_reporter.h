#pragma once
// A fake Reporter that records each event as one line of text in a log it
// may share with others, to test the order events arrive in.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "reports/reporter.h"

namespace wirecheck::reports::testing {

class RecordingReporter : public Reporter {
 public:
  /// Appends "<name> <event> <detail>" to `*log`, which must outlive it.
  RecordingReporter(std::string name, std::vector<std::string>* log) : name_(std::move(name)), log_(log) {}

  void ReportStarted(std::size_t runs) override { Log("ReportStarted " + std::to_string(runs)); }
  void RunStarted(const Run& run) override { Log("RunStarted " + run.scenario); }
  void CheckFinished(const Check& check) override { Log("CheckFinished " + check.id); }
  void RunFinished(const Run& run) override { Log("RunFinished " + run.scenario); }
  void ReportFinished(const Report& report) override {
    Log("ReportFinished " + std::to_string(report.runs.size()));
  }

 private:
  void Log(const std::string& event) { log_->push_back(name_ + " " + event); }

  std::string name_;
  std::vector<std::string>* log_;
};

}  // namespace wirecheck::reports::testing
