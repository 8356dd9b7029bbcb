// The autograders as Gradescope and PrairieLearn run them: their entry
// scripts (autograder/) with every path moved into a folder of the test's
// own, the real wirecheck, a real submission of the sample class; and the
// zip a teacher uploads to Gradescope. Label `run`.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/run_command.h"
#include "tests/support/run_folders.h"

namespace wirecheck {
namespace {

namespace fs = std::filesystem;

const std::string kSource = WIRECHECK_SOURCE_DIR;
const std::string kAssignment = kSource + "/scenarios/class/assignment.yaml";

nlohmann::json ReadJson(const fs::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

class AutograderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string why = testing::WhyNoRunSandbox();
    if (!why.empty()) GTEST_SKIP() << why;
    folder_.emplace("wirecheck-autograder");
    root_ = folder_->path();
    fs::copy(kSource + "/scenarios/class/submissions/dave-c-iterative", root_ / "submission");
  }
  testing::CommandResult Run(const std::string& script, const std::string& root_variable,
                             const std::string& assignment) {
    return testing::RunCommand({"/usr/bin/env", root_variable + "=" + root_.string(),
                                std::string("WIRECHECK=") + WIRECHECK_BINARY, "WIRECHECK_ASSIGNMENT=" + assignment,
                                "WIRECHECK_SUBMISSION=" + (root_ / "submission").string(), script});
  }
  std::optional<testing::TestFolder> folder_;
  fs::path root_;
};

TEST_F(AutograderTest, GradescopesRunAutograderWritesEveryItemWithItsVisibility) {
  const auto r = Run(kSource + "/autograder/gradescope/run_autograder", "AUTOGRADER_ROOT", kAssignment);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.rfind("submission: 60 of 80 points\n", 0), 0u) << r.out;  // the visible part, as a student sees it
  const nlohmann::json results = ReadJson(root_ / "results" / "results.json");
  EXPECT_EQ(results["score"], 80.0);
  ASSERT_EQ(results["tests"].size(), 12u);
  EXPECT_EQ(results["tests"][5]["name"], "one client: server.runs_until_stopped");
  EXPECT_EQ(results["tests"][8]["name"], "five clients at once: max_open_at_once");
  EXPECT_EQ(results["tests"][8]["score"], 0.0);
  EXPECT_EQ(results["tests"][8]["status"], "failed");
  EXPECT_EQ(results["tests"][11]["visibility"], "after_due_date");
}

TEST_F(AutograderTest, AnAssignmentWirecheckCannotReadGivesAResultThatSaysSo) {
  std::ofstream(root_ / "broken.yaml") << "assignment: broken\n";
  const auto r = Run(kSource + "/autograder/gradescope/run_autograder", "AUTOGRADER_ROOT",
                     (root_ / "broken.yaml").string());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const nlohmann::json results = ReadJson(root_ / "results" / "results.json");
  EXPECT_EQ(results["score"], 0);
  EXPECT_NE(results["output"].get<std::string>().find("wirecheck exit code 2"), std::string::npos) << results;
  const auto pl = Run(kSource + "/autograder/prairielearn/run", "PL_GRADE_ROOT", (root_ / "broken.yaml").string());
  ASSERT_EQ(pl.exit_code, 0) << pl.out << pl.err;
  EXPECT_EQ(ReadJson(root_ / "results" / "results.json")["gradable"], false);
}

TEST_F(AutograderTest, PrairieLearnsRunWritesAScoreBetweenZeroAndOne) {
  const auto r = Run(kSource + "/autograder/prairielearn/run", "PL_GRADE_ROOT", kAssignment);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const nlohmann::json results = ReadJson(root_ / "results" / "results.json");
  EXPECT_EQ(results["gradable"], true);
  EXPECT_EQ(results["score"], 0.8);
  EXPECT_EQ(results["tests"].size(), 12u);
}

// The zip holds what Gradescope runs at its top, wirecheck's sources, and
// the assignment without the class's submissions.
TEST(AutograderZipTest, HoldsSetupRunAutograderSourcesAndTheAssignmentOnly) {
  if (!fs::exists(kSource + "/.git")) GTEST_SKIP() << "not a git checkout: the zip is made from git archive";
  testing::TestFolder folder("wirecheck-autograder-zip");
  const fs::path zip = folder.path() / "autograder.zip";
  const auto made = testing::RunCommand({kSource + "/scripts/gradescope-autograder", kSource + "/scenarios/class",
                                         zip.string()});
  ASSERT_EQ(made.exit_code, 0) << made.out << made.err;
  const auto listing = testing::RunCommand(
      {"/usr/bin/env", "python3", "-c", "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", zip.string()});
  ASSERT_EQ(listing.exit_code, 0) << listing.err;
  const std::string names = "\n" + listing.out;
  for (const std::string& name : {"setup.sh", "run_autograder", "wirecheck/CMakeLists.txt",
                                  "wirecheck/harness/grade/class_grader.cc", "assignment/assignment.yaml",
                                  "assignment/one_client.yaml"}) {
    EXPECT_NE(names.find("\n" + name + "\n"), std::string::npos) << name << " not in" << names;
  }
  EXPECT_EQ(names.find("\nassignment/submissions/"), std::string::npos) << names;
}

}  // namespace
}  // namespace wirecheck
