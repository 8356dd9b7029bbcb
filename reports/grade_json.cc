#include "reports/grade_json.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

namespace wirecheck::reports {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

constexpr std::string_view kFormat = "wirecheck-grade";

ordered_json ItemJson(const GradeItem& item) {
  ordered_json j;
  j["name"] = item.name;
  j["scenario"] = item.scenario;
  j["check"] = item.check;
  j["earned"] = item.earned;
  j["possible"] = item.possible;
  j["status"] = ItemStatusName(item.status);
  j["output"] = item.output;
  j["visibility"] = VisibilityName(item.visibility);
  return j;
}

/// Reads the fields of one JSON object, `where` naming it in messages
/// ("" for the document, "items[2]"); the first failure sets *err.
class FieldReader {
 public:
  FieldReader(const json& object, std::string where, std::string* err)
      : object_(object), where_(std::move(where)), err_(err) {}

  bool Text(const char* key, std::string* out) {
    const json* v = Get(key, &json::is_string, "a string");
    if (v) *out = v->get<std::string>();
    return v != nullptr;
  }

  bool Number(const char* key, double* out) {
    const json* v = Get(key, &json::is_number, "a number");
    if (v) *out = v->get<double>();
    return v != nullptr;
  }

  bool Integer(const char* key, std::int64_t* out) {
    const json* v = Get(key, &json::is_number_integer, "an integer");
    if (v) *out = v->get<std::int64_t>();
    return v != nullptr;
  }

  bool Nanoseconds(const char* key, std::chrono::nanoseconds* out) {
    std::int64_t count = 0;
    if (!Integer(key, &count)) return false;
    *out = std::chrono::nanoseconds(count);
    return true;
  }

  /// A name `from_name` knows; `names` lists them for the message.
  template <typename Enum>
  bool Named(const char* key, std::optional<Enum> (*from_name)(std::string_view),
             std::string_view names, Enum* out) {
    std::string text;
    if (!Text(key, &text)) return false;
    const std::optional<Enum> value = from_name(text);
    if (!value) return Fail("\"" + Path(key) + "\" is \"" + text + "\", not " + std::string(names));
    *out = *value;
    return true;
  }

  const json* Array(const char* key) { return Get(key, &json::is_array, "an array"); }

  std::string Path(std::string_view key) const {
    return where_.empty() ? std::string(key) : where_ + "." + std::string(key);
  }

 private:
  const json* Get(const char* key, bool (json::*is)() const noexcept, std::string_view what) {
    const auto it = object_.find(key);
    if (it == object_.end()) {
      Fail("missing \"" + Path(key) + "\"");
      return nullptr;
    }
    if (!((*it).*is)()) {
      Fail("\"" + Path(key) + "\" is not " + std::string(what));
      return nullptr;
    }
    return &*it;
  }

  bool Fail(std::string message) {
    *err_ = std::move(message);
    return false;
  }

  const json& object_;
  std::string where_;
  std::string* err_;
};

bool ReadItem(const json& j, std::string where, GradeItem* item, std::string* err) {
  if (!j.is_object()) {
    *err = "\"" + where + "\" is not an object";
    return false;
  }
  FieldReader f(j, std::move(where), err);
  return f.Text("name", &item->name) && f.Text("scenario", &item->scenario) &&
         f.Text("check", &item->check) && f.Number("earned", &item->earned) &&
         f.Number("possible", &item->possible) &&
         f.Named("status", &ItemStatusFromName, "passed, failed or not_run", &item->status) &&
         f.Text("output", &item->output) &&
         f.Named("visibility", &VisibilityFromName,
                 "visible, hidden, after_due_date or after_published", &item->visibility);
}

/// "format" and "format_version" say this is a grade this reader knows.
bool ReadHeader(const json& j, std::string* err) {
  FieldReader f(j, "", err);
  std::string format;
  if (!f.Text("format", &format)) return false;
  if (format != kFormat) {
    *err = "not a wirecheck grade (\"format\" is \"" + format + "\")";
    return false;
  }
  std::int64_t version = 0;
  if (!f.Integer("format_version", &version)) return false;
  if (version != kGradeJsonFormatVersion) {
    *err = "format_version " + std::to_string(version) + " is not one this wirecheck reads (" +
           std::to_string(kGradeJsonFormatVersion) + ")";
    return false;
  }
  return true;
}

bool ReadGrade(const json& j, SubmissionGrade* grade, std::string* err) {
  if (!j.is_object()) {
    *err = "not a wirecheck grade (not a JSON object)";
    return false;
  }
  if (!ReadHeader(j, err)) return false;
  FieldReader f(j, "", err);
  std::chrono::nanoseconds started{};
  const json* items = nullptr;
  if (!f.Text("submission", &grade->submission) || !f.Nanoseconds("started_ns", &started) ||
      !f.Nanoseconds("duration_ns", &grade->duration) || !f.Text("output", &grade->output) ||
      !(items = f.Array("items"))) {
    return false;
  }
  // Optional: grades written before it existed read as built.
  if (j.contains("build_failure") && !f.Text("build_failure", &grade->build_failure)) return false;
  grade->started = std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(started));
  grade->items.resize(items->size());
  for (std::size_t i = 0; i < items->size(); ++i) {
    const std::string where = "items[" + std::to_string(i) + "]";
    if (!ReadItem((*items)[i], where, &grade->items[i], err)) return false;
  }
  return true;
}

}  // namespace

ordered_json GradeToJson(const SubmissionGrade& grade) {
  using std::chrono::duration_cast;
  using std::chrono::nanoseconds;
  ordered_json j;
  j["format"] = kFormat;
  j["format_version"] = kGradeJsonFormatVersion;
  j["submission"] = grade.submission;
  j["started_ns"] = duration_cast<nanoseconds>(grade.started.time_since_epoch()).count();
  j["duration_ns"] = grade.duration.count();
  j["points"] = ordered_json{{"earned", grade.earned()}, {"possible", grade.possible()}};
  j["output"] = grade.output;
  j["build_failure"] = grade.build_failure;
  ordered_json items = ordered_json::array();
  for (const GradeItem& item : grade.items) items.push_back(ItemJson(item));
  j["items"] = items;
  return j;
}

void WriteGradeJson(const SubmissionGrade& grade, std::ostream& out) {
  out << GradeToJson(grade).dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

bool ReadGradeJson(std::istream& in, SubmissionGrade* out, std::string* err) {
  json j;
  try {
    j = json::parse(in);
  } catch (const json::parse_error& e) {
    // "[json.exception.parse_error.101] parse error at line 3, ...": the
    // library's tag is no help to a person.
    std::string_view what = e.what();
    if (const auto tag_end = what.find("] "); tag_end != std::string_view::npos) {
      what.remove_prefix(tag_end + 2);
    }
    *err = "not JSON: " + std::string(what);
    return false;
  }
  SubmissionGrade grade;
  if (!ReadGrade(j, &grade, err)) return false;
  *out = std::move(grade);
  return true;
}

}  // namespace wirecheck::reports
