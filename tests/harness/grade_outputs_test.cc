// The files of one graded submission: what each one shows of a hidden
// item (Gradescope: all of it, marked hidden; PrairieLearn, which shows
// every test: its points only), and the student's feedback.

#include "harness/grade/grade_outputs.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "tests/support/run_folders.h"

namespace wirecheck {
namespace {

SubmissionResult Graded() {
  SubmissionResult r;
  r.grade.submission = "ana";
  reports::GradeItem shown;
  shown.name = "one client: data";
  shown.scenario = "one client";
  shown.check = "data";
  shown.possible = 10;
  shown.earned = 10;
  shown.status = reports::ItemStatus::kPassed;
  reports::GradeItem hidden;
  hidden.name = "secret: close";
  hidden.scenario = "secret";
  hidden.check = "close";
  hidden.possible = 10;
  hidden.earned = 0;
  hidden.status = reports::ItemStatus::kFailed;
  hidden.output = "✗ the secret test's words";
  hidden.visibility = reports::Visibility::kHidden;
  r.grade.items = {shown, hidden};
  return r;
}

nlohmann::json ReadJson(const std::filesystem::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

TEST(GradeOutputsTest, AHiddenItemIsMarkedForGradescopeAndNamelessForPrairieLearn) {
  testing::TestFolder folder("grade-outputs");
  std::string err;
  ASSERT_TRUE(WriteSubmissionFiles(folder.path().string(), Graded(), &err)) << err;
  const nlohmann::json gradescope = ReadJson(folder.path() / "results.json");
  EXPECT_EQ(gradescope["tests"][1]["name"], "secret: close");
  EXPECT_EQ(gradescope["tests"][1]["visibility"], "hidden");
  const nlohmann::json prairielearn = ReadJson(folder.path() / "prairielearn.json");
  EXPECT_EQ(prairielearn["score"], 0.5);  // the hidden item's points still count
  EXPECT_EQ(prairielearn["tests"][1]["name"], "hidden test 1");
  EXPECT_EQ(prairielearn.dump().find("secret"), std::string::npos) << prairielearn.dump();
  reports::SubmissionGrade back;
  ASSERT_TRUE(ReadSubmissionGrade(folder.path().string(), &back, &err)) << err;
  EXPECT_EQ(back, Graded().grade);
}

TEST(GradeOutputsTest, TheStudentsFeedbackLeavesOutWhatIsNotVisible) {
  std::ostringstream teacher, student;
  WriteFeedback(teacher, Graded(), false);
  WriteFeedback(student, Graded(), true);
  EXPECT_EQ(teacher.str(),
            "ana: 10 of 20 points\n\nWhere points were lost:\n\nsecret: close: 0 of 10\n  ✗ the secret test's words\n");
  EXPECT_EQ(student.str(), "ana: 10 of 10 points\n");
}

// A student's compiler output or program bytes never drive the terminal
// the feedback is printed on; lines stay lines.
TEST(GradeOutputsTest, ControlBytesInTheFeedbackAreEscapedAndNewlinesKept) {
  SubmissionResult r = Graded();
  r.grade.output = "The build failed. Its last lines:\n\x1b]0;owned\x07" "bad.c:1: error";
  std::ostringstream out;
  WriteFeedback(out, r, false);
  EXPECT_EQ(out.str().find('\x1b'), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("\nThe build failed. Its last lines:\n\\x1b]0;owned\\x07bad.c:1: error\n"),
            std::string::npos)
      << out.str();
}

TEST(GradeOutputsTest, AMissingOrForeignGradeIsSaidWithItsPath) {
  testing::TestFolder folder("grade-outputs-missing");
  reports::SubmissionGrade grade;
  std::string err;
  EXPECT_FALSE(ReadSubmissionGrade(folder.path().string(), &grade, &err));
  EXPECT_EQ(err, "cannot read " + (folder.path() / "grade.json").string());
  std::ofstream(folder.path() / "grade.json") << "{\"format\": \"wirecheck-report\"}";
  EXPECT_FALSE(ReadSubmissionGrade(folder.path().string(), &grade, &err));
  EXPECT_EQ(err.rfind((folder.path() / "grade.json").string() + ": not a wirecheck grade", 0), 0u) << err;
}

}  // namespace
}  // namespace wirecheck
