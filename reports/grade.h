#pragma once
// The grade model: what `wirecheck grade` hands back for one submission and
// for a class, plain values the grade writers read (gradebook CSV,
// Gradescope and PrairieLearn results.json, wirecheck's own grade.json). A
// leaf like report.h: nothing here knows an assignment file or a run.
//
// The unit of grading is an item: one `grading:` entry of one scenario of
// the assignment ("five clients at once: max_open_at_once"). The build has
// no item of its own: it earns nothing by itself, and when it fails every
// item scores 0 with the reason (the submission's output has its lines).
// An item's maximum is fixed by the assignment before anything runs; what could not
// run scores 0 of it, and its output says why. Items keep exact points; the
// writers round only what people read (PointsText).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wirecheck::reports {

/// When a student may see an item: Gradescope's four values.
enum class Visibility { kVisible, kHidden, kAfterDueDate, kAfterPublished };

/// "visible" | "hidden" | "after_due_date" | "after_published".
std::string_view VisibilityName(Visibility v);
/// The Visibility VisibilityName gives `name`; none for any other text.
std::optional<Visibility> VisibilityFromName(std::string_view name);

/// What became of an item.
enum class ItemStatus {
  kPassed,     // every check of the item passed: all its points
  kFailed,     // some check failed: the points of the checks that passed
  kNotRun,     // no check of it could run (build failed, the run stopped early): 0
};

/// "passed" | "failed" | "not_run".
std::string_view ItemStatusName(ItemStatus s);
/// The ItemStatus ItemStatusName gives `name`; none for any other text.
std::optional<ItemStatus> ItemStatusFromName(std::string_view name);

struct GradeItem {
  std::string name;        // "<scenario name>: <check name>"; unique in the assignment
  std::string scenario;    // the scenario's name in the assignment
  std::string check;       // the grading check ("max_open_at_once")
  double earned = 0;
  double possible = 0;     // fixed by the assignment
  ItemStatus status = ItemStatus::kNotRun;
  /// Plain words for the student: each failed check's message and hint, or
  /// why nothing ran (the compiler's last lines). Empty when it passed.
  std::string output;
  Visibility visibility = Visibility::kVisible;

  friend bool operator==(const GradeItem&, const GradeItem&) = default;
};

struct SubmissionGrade {
  std::string submission;  // the submission's folder name: the gradebook's key
  std::vector<GradeItem> items;  // in assignment order
  /// Feedback for the whole submission: how the build went, each scenario's
  /// verdict in a line. Shown above the items.
  std::string output;
  /// The build failed: why, in a few words ("exit status 2"); empty when it
  /// built or the assignment has no build.
  std::string build_failure;
  std::chrono::system_clock::time_point started{};
  std::chrono::nanoseconds duration{};

  /// Sums of the items' points, in item order, unrounded.
  double earned() const;
  double possible() const;
  /// The item named `name` (GradeItem::name); null when there is none.
  const GradeItem* FindItem(std::string_view name) const;

  friend bool operator==(const SubmissionGrade&, const SubmissionGrade&) = default;
};

/// A class: every submission graded against one assignment.
struct Gradebook {
  std::string assignment;  // its title
  /// The item names and maxima, in order: the gradebook's columns. Every
  /// submission has exactly these items (GradeItem::name).
  std::vector<std::string> columns;
  std::vector<double> column_points;
  std::vector<SubmissionGrade> submissions;  // sorted by name
};

}  // namespace wirecheck::reports
