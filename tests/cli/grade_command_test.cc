// `wirecheck grade` end to end, as a teacher and a student run it: the
// sample class (scenarios/class) built and graded with real programs in
// real sandboxes; every student's points; the same points on every grading;
// shards merged into the same gradebook; a student's own run; the files a
// grading leaves. Label `run`.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "tests/support/read_file.h"
#include "tests/support/run_command.h"
#include "tests/support/run_folders.h"

namespace wirecheck {
namespace {

namespace fs = std::filesystem;

const std::string kClass = std::string(WIRECHECK_SOURCE_DIR) + "/scenarios/class";
const std::string kAssignment = kClass + "/assignment.yaml";
const std::string kSubmissions = kClass + "/submissions";

using testing::ReadFile;

// The gradebook's totals by submission (the last column).
std::map<std::string, std::string> Totals(const std::string& csv) {
  std::map<std::string, std::string> totals;
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);  // the header
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    totals[line.substr(0, line.find(','))] = line.substr(line.rfind(',') + 1);
  }
  return totals;
}

// The points the class's README gives each submission.
const std::map<std::string, std::string> kExpectedTotals = {
    {"alice-c-fork", "100"},           {"bob-python-threads", "100"},  {"carol-java-threads", "100"},
    {"dave-c-iterative", "80"},        {"erin-c-daemon", "95"},        {"frank-c-compile-error", "0"},
    {"grace-python-wrong-port", "10"}, {"heidi-c-no-upper", "50"},     {"ivan-c-single-read", "80"},
    {"judy-c-crash", "85"},
};

class GradeCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string why = testing::WhyNoRunSandbox();
    if (!why.empty()) GTEST_SKIP() << why;
    folder_.emplace("wirecheck-grade");
    out_ = folder_->path();
  }
  std::optional<testing::TestFolder> folder_;
  fs::path out_;
};

TEST_F(GradeCommandTest, TheSampleClassGetsThePointsItsReadmeGivesEveryStudentOnEveryGrading) {
  std::string first;
  for (int i = 0; i < 3; ++i) {
    const fs::path out = out_ / ("grading-" + std::to_string(i));
    const auto r = testing::RunWirecheck({"grade", kAssignment, kSubmissions, "-o", out.string(), "-j", "2"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    const std::string gradebook = ReadFile(out / "gradebook.csv");
    EXPECT_EQ(Totals(gradebook), kExpectedTotals) << gradebook;
    // Every item of every student, as the class's README explains them.
    EXPECT_EQ(gradebook, ReadFile(kClass + "/expected_gradebook.csv"));
    if (i == 0) first = gradebook;
    EXPECT_EQ(gradebook, first) << "grading " << i << " differs from the first";
  }
}

// A student's own run before handing in: the visible scenarios only, in
// the words the teacher's grading gives; exit 1 when points are lost.
TEST_F(GradeCommandTest, AStudentsOwnRunShowsTheVisibleChecksOnly) {
  const auto judy = testing::RunWirecheck({"grade", kAssignment, "--submission", kSubmissions + "/judy-c-crash"});
  EXPECT_EQ(judy.exit_code, 1) << judy.out << judy.err;
  EXPECT_EQ(judy.out.rfind("judy-c-crash: 65 of 80 points\n", 0), 0u) << judy.out;
  EXPECT_NE(judy.out.find("one client: server.no_crash: 0 of 5\n"), std::string::npos) << judy.out;
  EXPECT_NE(judy.out.find("server does not crash: server crashed: killed by SIGSEGV"), std::string::npos) << judy.out;
  EXPECT_EQ(judy.out.find("a line in two segments"), std::string::npos) << judy.out;
  // ivan fails only the hidden scenario: full marks on what a student sees.
  const auto ivan = testing::RunWirecheck({"grade", kAssignment, "--submission", kSubmissions + "/ivan-c-single-read"});
  EXPECT_EQ(ivan.exit_code, 0) << ivan.out << ivan.err;
  EXPECT_EQ(ivan.out.rfind("ivan-c-single-read: 80 of 80 points\n", 0), 0u) << ivan.out;
}

// The files of a grading: Gradescope's and PrairieLearn's results and the
// feedback say the same points as the gradebook; a build failure's
// feedback is the compiler's own words.
TEST_F(GradeCommandTest, EachSubmissionGetsItsResultsFilesAndABuildFailureShowsTheCompiler) {
  const auto r = testing::RunWirecheck({"grade", kAssignment, kSubmissions, "-o", out_.string(), "--only",
                                        "frank-c-compile-error", "--only", "dave-c-iterative"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(Totals(ReadFile(out_ / "gradebook.csv")),
            (std::map<std::string, std::string>{{"dave-c-iterative", "80"}, {"frank-c-compile-error", "0"}}));
  const auto gradescope = nlohmann::json::parse(ReadFile(out_ / "dave-c-iterative" / "results.json"));
  EXPECT_EQ(gradescope["score"], 80.0);
  double max = 0;
  for (const auto& test : gradescope["tests"]) max += test["max_score"].get<double>();
  EXPECT_EQ(max, 100.0);
  const auto report = nlohmann::json::parse(ReadFile(out_ / "dave-c-iterative" / "report.json"));
  ASSERT_EQ(report["runs"].size(), 3u);
  for (const auto& run : report["runs"]) EXPECT_EQ(run["submission"], "dave-c-iterative");
  const auto prairielearn = nlohmann::json::parse(ReadFile(out_ / "dave-c-iterative" / "prairielearn.json"));
  EXPECT_EQ(prairielearn["score"], 0.8);
  EXPECT_EQ(prairielearn["gradable"], true);
  const std::string feedback = ReadFile(out_ / "frank-c-compile-error" / "feedback.txt");
  EXPECT_NE(feedback.find("The build failed: the build exited with code 2. Its last lines:\n"), std::string::npos)
      << feedback;
  // gcc's own quotes (LANG=C.UTF-8, as on a student's terminal).
  EXPECT_NE(feedback.find("error: expected ‘;’ before ‘}’ token"), std::string::npos) << feedback;
}

// Two shards graded apart and merged give the gradebook of one grading.
TEST_F(GradeCommandTest, ShardsMergedGiveTheGradebookOfOneGrading) {
  const std::vector<std::string> only = {"--only", "alice-c-fork", "--only", "dave-c-iterative", "--only",
                                         "heidi-c-no-upper"};
  auto grade = [&](const fs::path& out, const std::vector<std::string>& more) {
    std::vector<std::string> args = {"grade", kAssignment, kSubmissions, "-o", out.string()};
    args.insert(args.end(), only.begin(), only.end());
    args.insert(args.end(), more.begin(), more.end());
    const auto r = testing::RunWirecheck(args);
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    return r;
  };
  grade(out_ / "whole", {});
  grade(out_ / "shard-1", {"--shard", "1/2"});
  grade(out_ / "shard-2", {"--shard", "2/2"});
  EXPECT_EQ(Totals(ReadFile(out_ / "shard-1" / "gradebook.csv")).size(), 2u);
  EXPECT_EQ(Totals(ReadFile(out_ / "shard-2" / "gradebook.csv")).size(), 1u);
  const auto merged = testing::RunWirecheck({"grade", "--merge", "-o", (out_ / "merged").string(),
                                             (out_ / "shard-1").string(), (out_ / "shard-2").string()});
  ASSERT_EQ(merged.exit_code, 0) << merged.out << merged.err;
  EXPECT_EQ(ReadFile(out_ / "merged" / "gradebook.csv"), ReadFile(out_ / "whole" / "gradebook.csv"));
  // A submission in two shards is refused rather than counted twice.
  const auto twice = testing::RunWirecheck({"grade", "--merge", "-o", (out_ / "twice").string(),
                                            (out_ / "shard-1").string(), (out_ / "whole").string()});
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_NE(twice.err.find("is graded in two shards"), std::string::npos) << twice.err;
}

TEST_F(GradeCommandTest, ResumeKeepsTheGradesOfAnEarlierGrading) {
  const auto first = testing::RunWirecheck(
      {"grade", kAssignment, kSubmissions, "-o", out_.string(), "--only", "alice-c-fork"});
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  const auto second = testing::RunWirecheck({"grade", kAssignment, kSubmissions, "-o", out_.string(), "--only",
                                             "alice-c-fork", "--only", "dave-c-iterative", "--resume"});
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  EXPECT_NE(second.out.find("alice-c-fork: 100/100 (kept from the earlier grading)"), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("dave-c-iterative: 80/100 ("), std::string::npos) << second.out;
  EXPECT_EQ(Totals(ReadFile(out_ / "gradebook.csv")).size(), 2u);
}

// A submission's build is a stranger's code: it reads no secret of the
// host through a link it ships, writes nowhere but its copy, and what it
// tried is a result (0 points, its own error as the feedback).
TEST_F(GradeCommandTest, AHostileBuildReadsNoSecretAndWritesNothingOutsideItsCopy) {
  const fs::path submissions = out_ / "submissions";
  const fs::path mallory = submissions / "mallory";
  fs::create_directories(mallory);
  fs::create_symlink("/etc/shadow", mallory / "shadow");
  const fs::path escaped = out_ / "escaped";
  std::ofstream(mallory / "Makefile") << "all:\n\ttouch " << escaped.string()
                                      << " || true\n\tcat shadow > stolen\n";
  std::ofstream(mallory / "server") << "#!/bin/sh\nexit 0\n";
  const auto r = testing::RunWirecheck(
      {"grade", kAssignment, submissions.string(), "-o", (out_ / "grades").string()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_FALSE(fs::exists(escaped));
  EXPECT_EQ(Totals(ReadFile(out_ / "grades" / "gradebook.csv")),
            (std::map<std::string, std::string>{{"mallory", "0"}}));
  const std::string feedback = ReadFile(out_ / "grades" / "mallory" / "feedback.txt");
  EXPECT_NE(feedback.find("cat: shadow: Permission denied"), std::string::npos) << feedback;
}

// An interrupt (here SIGINT after 2.5 s, as Ctrl-C) ends the grading with
// 130; the grades finished so far are in the gradebook, each right, and
// --resume grades the rest and keeps those.
TEST_F(GradeCommandTest, AnInterruptKeepsTheGradesSoFarAndResumeFinishesTheClass) {
  const auto stopped = testing::RunCommand({"/usr/bin/timeout", "--preserve-status", "-s", "INT", "2.5s",
                                            WIRECHECK_BINARY, "grade", kAssignment, kSubmissions, "-o",
                                            out_.string(), "-j", "1"});
  ASSERT_EQ(stopped.exit_code, 130) << stopped.out << stopped.err;
  const std::map<std::string, std::string> kept = Totals(ReadFile(out_ / "gradebook.csv"));
  EXPECT_LT(kept.size(), kExpectedTotals.size()) << stopped.out;
  for (const auto& [name, total] : kept) EXPECT_EQ(total, kExpectedTotals.at(name)) << name;
  const auto resumed = testing::RunWirecheck({"grade", kAssignment, kSubmissions, "-o", out_.string(), "--resume"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.out << resumed.err;
  EXPECT_EQ(Totals(ReadFile(out_ / "gradebook.csv")), kExpectedTotals);
  std::size_t kept_lines = 0;
  for (std::size_t at = 0; (at = resumed.out.find("(kept from the earlier grading)", at)) != std::string::npos; ++at) {
    ++kept_lines;
  }
  EXPECT_EQ(kept_lines, kept.size()) << resumed.out;
}

TEST_F(GradeCommandTest, AWrongAssignmentIsBadInputWithItsPlace) {
  const fs::path assignment = out_ / "assignment.yaml";
  std::ofstream(assignment) << "assignment: a\nscenarios:\n  - file: nowhere.yaml\n";
  const auto r = testing::RunWirecheck({"grade", assignment.string(), kSubmissions, "-o", (out_ / "g").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, assignment.string() + ":3:11: error: 'file': no scenario file " + (out_ / "nowhere.yaml").string() + "\n");
  EXPECT_FALSE(fs::exists(out_ / "g"));
}

}  // namespace
}  // namespace wirecheck
