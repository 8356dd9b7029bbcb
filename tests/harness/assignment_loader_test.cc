// The assignment loader: the sample assignment as it loads, and each error,
// word for word, with its file:line:column, the scenarios' own errors
// included under their own file names.

#include "harness/loader/assignment_loader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/run_folders.h"

namespace wirecheck {
namespace {

namespace fs = std::filesystem;

const std::string kClass = std::string(WIRECHECK_SOURCE_DIR) + "/scenarios/class/";

std::string Errors(const AssignmentLoad& load) {
  std::string text;
  for (const ScenarioError& e : load.errors) text += ToString(e) + "\n";
  return text;
}

// A folder with an assignment text and scenario files beside it.
class AssignmentFolder {
 public:
  AssignmentFolder() : folder_("assignment-loader") {}
  void Add(const std::string& name, const std::string& text) {
    std::ofstream(folder_.path() / name) << text;
  }
  AssignmentLoad Load(const std::string& text) {
    Add("assignment.yaml", text);
    return LoadAssignmentFile((folder_.path() / "assignment.yaml").string());
  }
  // Messages name files by their full path; tests read them without it.
  std::string ErrorsOf(const std::string& text) {
    std::string errors = Errors(Load(text));
    const std::string prefix = folder_.path().string() + "/";
    for (std::size_t at; (at = errors.find(prefix)) != std::string::npos;) errors.erase(at, prefix.size());
    return errors;
  }

 private:
  testing::TestFolder folder_;
};

constexpr const char* kScenario =
    "scenario: s\nserver:\n  run: ['{submission}/server', '{port}']\nclients:\n  - script: [connect, close]\n"
    "expect:\n  connections: 1\n  every_connection: {handshake: complete}\n"
    "grading:\n  connections: 4\n  handshake: 6\n";

TEST(AssignmentLoaderTest, TheSampleAssignmentLoadsWithItsScenariosAndFixedPoints) {
  const AssignmentLoad load = LoadAssignmentFile(kClass + "assignment.yaml");
  ASSERT_EQ(Errors(load), "");
  const Assignment& a = *load.assignment;
  EXPECT_EQ(a.title, "TCP capitalize server");
  ASSERT_TRUE(a.build.has_value());
  EXPECT_EQ(a.build->command.argv, std::vector<std::string>{"make"});
  EXPECT_EQ(a.build->timeout, std::chrono::minutes(2));
  EXPECT_EQ(a.build->command.limits.address_space, 16ull << 30);
  ASSERT_EQ(a.scenarios.size(), 3u);
  EXPECT_EQ(a.scenarios[0].name, "one client");
  EXPECT_EQ(a.scenarios[0].path, kClass + "one_client.yaml");
  EXPECT_EQ(a.scenarios[2].visibility, reports::Visibility::kAfterDueDate);
  int points = 0;
  for (const AssignmentScenario& s : a.scenarios) {
    for (const GradeItem& item : s.scenario.grading.items) points += item.points;
  }
  EXPECT_EQ(points, 100);
}

TEST(AssignmentLoaderTest, DefaultsNameTheScenarioByItsFileAndGiveABuildRoomForACompiler) {
  AssignmentFolder folder;
  folder.Add("echo_test.yaml", kScenario);
  const AssignmentLoad load = folder.Load("assignment: a\nbuild: {run: make}\nscenarios:\n  - file: echo_test.yaml\n");
  ASSERT_EQ(Errors(load), "");
  const Assignment& a = *load.assignment;
  EXPECT_EQ(a.scenarios[0].name, "echo_test");
  EXPECT_EQ(a.scenarios[0].visibility, reports::Visibility::kVisible);
  EXPECT_EQ(a.build->command.limits.cpu, std::chrono::seconds(60));
  EXPECT_EQ(a.build->command.limits.processes, 256u);
  EXPECT_EQ(a.build->command.timeout, std::chrono::minutes(2));
}

TEST(AssignmentLoaderTest, TheAssignmentsGradingReplacesTheScenariosOwn) {
  AssignmentFolder folder;
  folder.Add("s.yaml", kScenario);
  const AssignmentLoad load =
      folder.Load("assignment: a\nscenarios:\n  - file: s.yaml\n    grading: {handshake: 30}\n");
  ASSERT_EQ(Errors(load), "");
  const std::vector<GradeItem>& items = load.assignment->scenarios[0].scenario.grading.items;
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].check, "handshake");
  EXPECT_EQ(items[0].points, 30);
}

TEST(AssignmentLoaderTest, EveryErrorOfTheFileIsSaidWithItsPlace) {
  AssignmentFolder folder;
  folder.Add("s.yaml", kScenario);
  EXPECT_EQ(folder.ErrorsOf("assignment: a\nbuild: {run: 'make {port}', timout: 1m}\nscenarios:\n"
                            "  - file: s.yaml\n    visibility: secret\n    grading: {close: 5}\n"
                            "  - file: s.yaml\n  - file: missing.yaml\n"),
            "assignment.yaml:2:14: 'build': {port} has no value in a build (it has {submission} and {tmp})\n"
            "assignment.yaml:2:29: unknown key 'timout' in build (did you mean 'timeout'?)\n"
            "assignment.yaml:5:17: 'visibility': expected one of visible, hidden, after_due_date, after_published, "
            "got 'secret'\n"
            "assignment.yaml:6:15: 'grading': 'close' has points, but the scenario has no close check\n"
            "assignment.yaml:7:5: scenario name 's' used twice (first at line 4); give one a 'name'\n"
            "assignment.yaml:8:11: 'file': no scenario file " +
                std::string("missing.yaml") + "\n");
}

TEST(AssignmentLoaderTest, AScenariosOwnErrorsKeepTheirFileAndComeAfterTheAssignments) {
  AssignmentFolder folder;
  folder.Add("bad.yaml", "scenario: s\nserver: {run: ./server, prot: 1}\n");
  EXPECT_EQ(folder.ErrorsOf("assignment: a\nscenarios:\n  - file: bad.yaml\n"),
            "bad.yaml:2:25: unknown key 'prot' in server (did you mean 'port'?)\n");
}

TEST(AssignmentLoaderTest, AnAssignmentThatGivesNoPointsIsRefused) {
  AssignmentFolder folder;
  folder.Add("s.yaml", "scenario: s\nserver: {run: ./server}\n");
  EXPECT_EQ(folder.ErrorsOf("assignment: a\nscenarios:\n  - file: s.yaml\n"),
            "assignment.yaml:3:3: 'scenarios': no scenario gives points: give each a 'grading:' (in the scenario "
            "or here) so that a grade means something\n");
  EXPECT_EQ(folder.ErrorsOf("assignment: a\nscenarios: []\n"),
            "assignment.yaml:2:12: 'scenarios': an assignment needs at least one scenario\n");
}

TEST(AssignmentLoaderTest, ANonAssignmentIsSaidSo) {
  AssignmentFolder folder;
  EXPECT_EQ(folder.ErrorsOf("- a list\n"),
            "assignment.yaml:1:1: expected an assignment (a mapping with at least 'assignment' and 'scenarios'), "
            "got a list\n");
  EXPECT_EQ(folder.ErrorsOf("assignment: a\n"),
            "assignment.yaml:1:1: missing required key 'scenarios' in assignment\n");
}

}  // namespace
}  // namespace wirecheck
