#include "reports/grade_json.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <sstream>
#include <string>

#include "tests/reports/sample_grade.h"

namespace wirecheck::reports {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using nlohmann::json;
using testing::Item;
using testing::SampleGrade;

std::string Written(const SubmissionGrade& grade) {
  std::ostringstream out;
  WriteGradeJson(grade, out);
  return out.str();
}

SubmissionGrade RoundTrip(const SubmissionGrade& grade) {
  std::istringstream in(Written(grade));
  SubmissionGrade back;
  std::string err;
  EXPECT_TRUE(ReadGradeJson(in, &back, &err)) << err;
  EXPECT_EQ(err, "");
  return back;
}

/// What ReadGradeJson says of `document`; "" when it reads.
std::string ReadError(const std::string& document) {
  std::istringstream in(document);
  SubmissionGrade grade;
  std::string err;
  const bool ok = ReadGradeJson(in, &grade, &err);
  EXPECT_EQ(ok, err.empty());
  return err;
}

/// The sample written, then changed by `edit`.
template <typename Edit>
std::string Edited(Edit edit) {
  json j = json::parse(Written(SampleGrade()));
  edit(j);
  return j.dump();
}

TEST(GradeJsonTest, NamesItsFormatAndVersionFirst) {
  const std::string text = Written(SampleGrade());
  EXPECT_EQ(text.rfind("{\n  \"format\": \"wirecheck-grade\",\n  \"format_version\": 1,\n", 0), 0u) << text;
  const json j = json::parse(text);
  EXPECT_EQ(j["submission"], "alice");
  EXPECT_EQ(j["started_ns"], 1714564800250000000);
  EXPECT_EQ(j["duration_ns"], 2600000000);
  EXPECT_EQ(j["points"]["earned"].get<double>(), 3.5);
  EXPECT_EQ(j["points"]["possible"].get<double>(), 8.0);
  EXPECT_EQ(j["items"][2]["status"], "not_run");
  EXPECT_EQ(j["items"][2]["visibility"], "hidden");
  EXPECT_EQ(j["items"][0]["scenario"], "");
  EXPECT_EQ(j["items"][0]["check"], "build");
}

TEST(GradeJsonTest, RoundTripIsExact) {
  SubmissionGrade g = SampleGrade();
  g.submission = "zo\xc3\xab \xe6\x97\xa5\xe6\x9c\xac";  // "zoë 日本": UTF-8, two and three bytes
  g.output = "bell \x07 tab \t nul \0 end"s;
  g.started += 123456789ns;
  g.duration = 2600000001ns;
  g.items[1].earned = 0.1 + 0.2;
  g.items[1].possible = 20.0 / 7;
  g.items[1].visibility = Visibility::kAfterPublished;
  g.items.push_back(Item("s", "late", 1e-300, 1e300, ItemStatus::kFailed, "\x01\x1f", Visibility::kAfterDueDate));
  const SubmissionGrade back = RoundTrip(g);
  EXPECT_EQ(back, g);
  ASSERT_EQ(back.items.size(), g.items.size());
  EXPECT_EQ(back.submission, g.submission);
  EXPECT_EQ(back.output, g.output);
  EXPECT_EQ(back.started, g.started);
  EXPECT_EQ(std::bit_cast<std::uint64_t>(back.items[1].earned), std::bit_cast<std::uint64_t>(0.1 + 0.2));
  EXPECT_EQ(std::bit_cast<std::uint64_t>(back.items[1].possible), std::bit_cast<std::uint64_t>(20.0 / 7));
}

TEST(GradeJsonTest, EmptyGradeRoundTrips) { EXPECT_EQ(RoundTrip(SubmissionGrade{}), SubmissionGrade{}); }

// As the JSON report: the results files replace invalid UTF-8 the same way,
// so a merged grade writes what the unmerged one would have.
TEST(GradeJsonTest, InvalidUtf8IsWrittenAsTheReplacementCharacter) {
  SubmissionGrade g = SampleGrade();
  g.items[1].output = "caf\xe9";
  const SubmissionGrade back = RoundTrip(g);
  ASSERT_EQ(back.items.size(), 3u);
  EXPECT_EQ(back.items[1].output, "caf\xef\xbf\xbd");
}

TEST(GradeJsonTest, UnknownFieldsAreIgnored) {
  EXPECT_EQ(ReadError(Edited([](json& j) {
              j["comment"] = "added by a later wirecheck";
              j["items"][0]["weight"] = 2;
            })),
            "");
}

TEST(GradeJsonTest, RejectsWhatIsNotJson) {
  const std::string err = ReadError("{\"format\": ");
  EXPECT_EQ(err.rfind("not JSON: parse error at line 1, column 12: ", 0), 0u) << err;
  EXPECT_EQ(ReadError("").rfind("not JSON: ", 0), 0u);
}

TEST(GradeJsonTest, RejectsAnotherFormat) {
  EXPECT_EQ(ReadError("[]"), "not a wirecheck grade (not a JSON object)");
  EXPECT_EQ(ReadError(R"({"format": "wirecheck-report", "format_version": 1})"),
            R"(not a wirecheck grade ("format" is "wirecheck-report"))");
  EXPECT_EQ(ReadError(Edited([](json& j) { j.erase("format"); })), R"(missing "format")");
  EXPECT_EQ(ReadError(Edited([](json& j) { j["format"] = 1; })), R"("format" is not a string)");
}

TEST(GradeJsonTest, RejectsAnotherVersion) {
  EXPECT_EQ(ReadError(Edited([](json& j) { j["format_version"] = 2; })),
            "format_version 2 is not one this wirecheck reads (1)");
  EXPECT_EQ(ReadError(Edited([](json& j) { j["format_version"] = "1"; })),
            R"("format_version" is not an integer)");
  EXPECT_EQ(ReadError(Edited([](json& j) { j.erase("format_version"); })), R"(missing "format_version")");
}

TEST(GradeJsonTest, RejectsAMissingOrMistypedSubmissionField) {
  EXPECT_EQ(ReadError(Edited([](json& j) { j.erase("submission"); })), R"(missing "submission")");
  EXPECT_EQ(ReadError(Edited([](json& j) { j["started_ns"] = 1.5; })), R"("started_ns" is not an integer)");
  EXPECT_EQ(ReadError(Edited([](json& j) { j.erase("duration_ns"); })), R"(missing "duration_ns")");
  EXPECT_EQ(ReadError(Edited([](json& j) { j["output"] = nullptr; })), R"("output" is not a string)");
  EXPECT_EQ(ReadError(Edited([](json& j) { j["items"] = json::object(); })), R"("items" is not an array)");
}

TEST(GradeJsonTest, RejectsABadItemNamingWhichAndWhere) {
  EXPECT_EQ(ReadError(Edited([](json& j) { j["items"][1].erase("possible"); })),
            R"(missing "items[1].possible")");
  EXPECT_EQ(ReadError(Edited([](json& j) { j["items"][0]["earned"] = "1"; })),
            R"("items[0].earned" is not a number)");
  EXPECT_EQ(ReadError(Edited([](json& j) { j["items"][2] = "build"; })), R"("items[2]" is not an object)");
}

TEST(GradeJsonTest, RejectsAnUnknownStatusOrVisibility) {
  EXPECT_EQ(ReadError(Edited([](json& j) { j["items"][0]["status"] = "skipped"; })),
            R"("items[0].status" is "skipped", not passed, failed or not_run)");
  EXPECT_EQ(ReadError(Edited([](json& j) { j["items"][1]["visibility"] = "public"; })),
            R"("items[1].visibility" is "public", not visible, hidden, after_due_date or after_published)");
}

TEST(GradeJsonTest, LeavesTheGradeAsItWasWhenItFails) {
  std::istringstream in(Edited([](json& j) { j["items"][2]["status"] = "skipped"; }));
  SubmissionGrade grade;
  grade.submission = "before";
  std::string err;
  EXPECT_FALSE(ReadGradeJson(in, &grade, &err));
  EXPECT_EQ(grade.submission, "before");
  EXPECT_TRUE(grade.items.empty());
}

}  // namespace
}  // namespace wirecheck::reports
