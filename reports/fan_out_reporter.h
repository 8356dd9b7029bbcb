#pragma once
// One run, several reports: forwards every event to each of its reporters,
// in the order they were added (the console and --report junit=out.xml
// --report json=out.json from the same run).

#include <memory>
#include <vector>

#include "reports/reporter.h"

namespace wirecheck::reports {

class FanOutReporter : public Reporter {
 public:
  /// Takes ownership; `reporter` must not be null.
  void Add(std::unique_ptr<Reporter> reporter);
  std::size_t size() const { return reporters_.size(); }

  void ReportStarted(std::size_t runs) override;
  void RunStarted(const Run& run) override;
  void CheckFinished(const Check& check) override;
  void RunFinished(const Run& run) override;
  void ReportFinished(const Report& report) override;

 private:
  std::vector<std::unique_ptr<Reporter>> reporters_;
};

}  // namespace wirecheck::reports
