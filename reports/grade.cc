#include "reports/grade.h"

#include <array>
#include <utility>

namespace wirecheck::reports {

namespace {

constexpr std::array<std::pair<Visibility, std::string_view>, 4> kVisibilityNames{{
    {Visibility::kVisible, "visible"},
    {Visibility::kHidden, "hidden"},
    {Visibility::kAfterDueDate, "after_due_date"},
    {Visibility::kAfterPublished, "after_published"},
}};

constexpr std::array<std::pair<ItemStatus, std::string_view>, 3> kItemStatusNames{{
    {ItemStatus::kPassed, "passed"},
    {ItemStatus::kFailed, "failed"},
    {ItemStatus::kNotRun, "not_run"},
}};

template <typename Enum, std::size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) {
  for (const auto& [v, name] : names) {
    if (v == value) return name;
  }
  return "";
}

template <typename Enum, std::size_t N>
std::optional<Enum> ValueOf(const std::array<std::pair<Enum, std::string_view>, N>& names,
                            std::string_view name) {
  for (const auto& [v, n] : names) {
    if (n == name) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view VisibilityName(Visibility v) { return NameOf(kVisibilityNames, v); }

std::optional<Visibility> VisibilityFromName(std::string_view name) {
  return ValueOf(kVisibilityNames, name);
}

std::string_view ItemStatusName(ItemStatus s) { return NameOf(kItemStatusNames, s); }

std::optional<ItemStatus> ItemStatusFromName(std::string_view name) {
  return ValueOf(kItemStatusNames, name);
}

double SubmissionGrade::earned() const {
  double sum = 0;
  for (const GradeItem& item : items) sum += item.earned;
  return sum;
}

double SubmissionGrade::possible() const {
  double sum = 0;
  for (const GradeItem& item : items) sum += item.possible;
  return sum;
}

const GradeItem* SubmissionGrade::FindItem(std::string_view name) const {
  for (const GradeItem& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

}  // namespace wirecheck::reports
