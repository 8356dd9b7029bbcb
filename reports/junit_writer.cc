#include "reports/junit_writer.h"

#include <fmt/format.h>

#include <string>

#include "reports/escape.h"
#include "reports/xml_writer.h"

namespace wirecheck::reports {

namespace {

constexpr std::size_t kOutputPreviewBytes = 256;

struct SuiteCounts {
  std::size_t tests = 0;
  std::size_t failures = 0;
  std::size_t errors = 0;
  std::size_t skipped = 0;
};

SuiteCounts CountsOf(const Run& run) {
  const StatusCounts c = CountStatuses(run);
  const std::size_t harness = run.harness_error() != nullptr ? 1 : 0;
  return {c.total() + harness, c.fail, c.inconclusive + harness, c.not_applicable};
}

std::string TimeText(std::chrono::nanoseconds d) { return fmt::format("{:.3f}", Seconds(d)); }

/// junit-10.xsd has no `skipped` on <testsuites>: only a suite says it.
void CountAttributes(XmlWriter::ScopedElement& e, const SuiteCounts& c, bool with_skipped) {
  e.Attribute("tests", std::to_string(c.tests))
      .Attribute("failures", std::to_string(c.failures))
      .Attribute("errors", std::to_string(c.errors));
  if (with_skipped) e.Attribute("skipped", std::to_string(c.skipped));
}

void Property(XmlWriter& xml, std::string_view name, std::string_view value) {
  xml.Element("property").Attribute("name", name).Attribute("value", value);
}

void RunProperties(XmlWriter& xml, const Run& run) {
  auto properties = xml.Element("properties");
  Property(xml, "file", run.file);
  if (!run.submission.empty()) Property(xml, "submission", run.submission);
  Property(xml, "mode", run.mode == RunMode::kLive ? "live" : "verify");
  if (const Points points = SumPoints(run); points.possible > 0) {
    Property(xml, "points_earned", PointsText(points.earned));
    Property(xml, "points_possible", PointsText(points.possible));
  }
  if (run.capture) {
    Property(xml, "capture_packets", std::to_string(run.capture->packets));
    Property(xml, "capture_kernel_drops", std::to_string(run.capture->kernel_drops));
    Property(xml, "capture_missed", std::to_string(run.capture->missed));
    Property(xml, "capture_untracked_packets", std::to_string(run.capture->untracked_packets));
    Property(xml, "capture_file", run.capture->file);
  }
}

std::string DetailText(const Check& check, const JunitOptions& options) {
  std::string text;
  for (const TextLine& line : CheckDetailLines(check, options.text)) text += line.text + "\n";
  return text;
}

/// <skipped>, <failure> or <error>; nothing for a pass.
void WriteResult(XmlWriter& xml, const Check& check, const JunitOptions& options) {
  switch (check.status) {
    case CheckStatus::kPass: return;
    case CheckStatus::kNotApplicable:
      xml.Element("skipped").Attribute("message", check.message);
      return;
    case CheckStatus::kFail:
      xml.Element("failure").Attribute("message", check.message).Attribute("type", "fail")
          .Text(DetailText(check, options));
      return;
    case CheckStatus::kInconclusive:
      xml.Element("error").Attribute("message", check.message).Attribute("type", "inconclusive")
          .Text(DetailText(check, options));
      return;
  }
}

/// "title: ...\npoints: 0/20\n": junit-10.xsd allows no <properties> in a
/// <testcase>, so the check's own facts go to its <system-out>.
std::string CheckFactsText(const Check& check) {
  std::string text;
  if (!check.title.empty()) text += "title: " + check.title + "\n";
  if (check.points_possible > 0) {
    text += fmt::format("points: {}/{}\n", PointsText(check.points_earned), PointsText(check.points_possible));
  }
  return text;
}

void WriteTestcase(XmlWriter& xml, const Run& run, const Check& check, const JunitOptions& options) {
  auto testcase = xml.Element("testcase");
  testcase.Attribute("name", check.id).Attribute("classname", run.scenario).Attribute("time", "0.000");
  WriteResult(xml, check, options);
  if (const std::string facts = CheckFactsText(check); !facts.empty()) xml.Element("system-out").Text(facts);
}

void WriteHarnessError(XmlWriter& xml, const Run& run, const HarnessError& e) {
  auto testcase = xml.Element("testcase");
  testcase.Attribute("name", "harness").Attribute("classname", run.scenario).Attribute("time", TimeText(run.duration));
  xml.Element("error").Attribute("message", e.message).Attribute("type", HarnessErrorKindName(e.kind));
}

std::string ProcessesText(const Run& run) {
  std::string text;
  for (const ProcessSummary& p : run.processes) {
    text += fmt::format("{}: {} ({})\n", p.name, ProcessEndText(p), p.command);
    if (p.stdout_bytes > 0) {
      text += fmt::format("  stdout \"{}\"\n", EscapedPreview(p.stdout_head, kOutputPreviewBytes, p.stdout_bytes));
    }
    if (p.stderr_bytes > 0) {
      text += fmt::format("  stderr \"{}\"\n", EscapedPreview(p.stderr_head, kOutputPreviewBytes, p.stderr_bytes));
    }
  }
  return text;
}

/// Children in the dialect's order: <properties>, the <testcase>s, <system-out>.
void WriteTestsuite(XmlWriter& xml, const Run& run, const JunitOptions& options) {
  auto suite = xml.Element("testsuite");
  suite.Attribute("name", run.scenario);
  CountAttributes(suite, CountsOf(run), /*with_skipped=*/true);
  // JUnit's timestamp has no zone: UTC, to the second.
  suite.Attribute("time", TimeText(run.duration)).Attribute("timestamp", IsoTimestamp(run.started).substr(0, 19));
  RunProperties(xml, run);
  for (const Check& check : run.checks) WriteTestcase(xml, run, check, options);
  if (const HarnessError* e = run.harness_error()) WriteHarnessError(xml, run, *e);
  if (!run.processes.empty()) xml.Element("system-out").Text(ProcessesText(run));
}

}  // namespace

void WriteJunit(std::ostream& out, const Report& report, const JunitOptions& options) {
  XmlWriter xml(out);
  SuiteCounts total;
  std::chrono::nanoseconds duration{};
  for (const Run& run : report.runs) {
    const SuiteCounts c = CountsOf(run);
    total.tests += c.tests;
    total.failures += c.failures;
    total.errors += c.errors;
    total.skipped += c.skipped;
    duration += run.duration;
  }
  auto suites = xml.Element("testsuites");
  suites.Attribute("name", "wirecheck");
  CountAttributes(suites, total, /*with_skipped=*/false);
  suites.Attribute("time", TimeText(duration));
  for (const Run& run : report.runs) WriteTestsuite(xml, run, options);
}

}  // namespace wirecheck::reports
