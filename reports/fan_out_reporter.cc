#include "reports/fan_out_reporter.h"

#include <cassert>
#include <utility>

namespace wirecheck::reports {

void FanOutReporter::Add(std::unique_ptr<Reporter> reporter) {
  assert(reporter != nullptr);
  reporters_.push_back(std::move(reporter));
}

void FanOutReporter::ReportStarted(std::size_t runs) {
  for (auto& r : reporters_) r->ReportStarted(runs);
}

void FanOutReporter::RunStarted(const Run& run) {
  for (auto& r : reporters_) r->RunStarted(run);
}

void FanOutReporter::CheckFinished(const Check& check) {
  for (auto& r : reporters_) r->CheckFinished(check);
}

void FanOutReporter::RunFinished(const Run& run) {
  for (auto& r : reporters_) r->RunFinished(run);
}

void FanOutReporter::ReportFinished(const Report& report) {
  for (auto& r : reporters_) r->ReportFinished(report);
}

}  // namespace wirecheck::reports
