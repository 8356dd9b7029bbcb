// Where a run's {build} and {scenarios} come from when not given: a build
// tree first, then the install layout beside the binary (bin/ ->
// lib/wirecheck, share/wirecheck/scenarios), each tried on real folders.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "harness/run/run_plan.h"
#include "tests/support/run_folders.h"

namespace wirecheck {
namespace {

namespace fs = std::filesystem;

const InstallLayout kLayout{"../lib/wirecheck", "../share/wirecheck/scenarios"};

std::string Made(const fs::path& dir) {
  fs::create_directories(dir);
  return dir.string();
}

// A build tree configured from `source`, as CMake writes its cache.
void MakeBuildTree(const fs::path& build, const fs::path& source) {
  fs::create_directories(build);
  std::ofstream(build / "CMakeCache.txt") << "# a comment\nCMAKE_HOME_DIRECTORY:INTERNAL=" << source.string() << "\n";
}

TEST(FindDirectoriesTest, AnInstalledBinaryFindsItsPrefixsFolders) {
  testing::TestFolder prefix("find-dirs-installed");
  const std::string bin = Made(prefix.path() / "bin");
  const std::string programs = Made(prefix.path() / "lib/wirecheck");
  const std::string scenarios = Made(prefix.path() / "share/wirecheck/scenarios");
  const Directories dirs = FindDirectories(Directories{}, bin, kLayout);
  EXPECT_EQ(dirs.build, programs);
  EXPECT_EQ(dirs.scenarios, scenarios);
}

TEST(FindDirectoriesTest, ABuildTreeComesBeforeTheInstallLayout) {
  testing::TestFolder root("find-dirs-build-tree");
  const std::string source_scenarios = Made(root.path() / "src/scenarios");
  MakeBuildTree(root.path() / "bin", root.path() / "src");
  Made(root.path() / "lib/wirecheck");
  Made(root.path() / "share/wirecheck/scenarios");
  const Directories dirs = FindDirectories(Directories{}, (root.path() / "bin").string(), kLayout);
  EXPECT_EQ(dirs.build, (root.path() / "bin").string());
  EXPECT_EQ(dirs.scenarios, source_scenarios);
}

// A build folder without its cache (copied elsewhere) beside a scenarios/
// folder that holds the Python programs.
TEST(FindDirectoriesTest, ScenariosBesideTheBinarysFolderComeBeforeTheInstallLayout) {
  testing::TestFolder root("find-dirs-beside");
  const std::string bin = Made(root.path() / "bin");
  Made(root.path() / "scenarios/python");
  Made(root.path() / "share/wirecheck/scenarios");
  EXPECT_EQ(FindDirectories(Directories{}, bin, kLayout).scenarios, (root.path() / "scenarios").string());
}

TEST(FindDirectoriesTest, WithNothingToFindBuildIsTheBinarysFolderAndScenariosStaysEmpty) {
  testing::TestFolder root("find-dirs-nothing");
  const std::string bin = Made(root.path() / "bin");
  const Directories dirs = FindDirectories(Directories{}, bin, kLayout);
  EXPECT_EQ(dirs.build, bin);
  EXPECT_EQ(dirs.scenarios, "");
}

TEST(FindDirectoriesTest, FoldersGivenWinAndAreMadeAbsolute) {
  testing::TestFolder prefix("find-dirs-given");
  const std::string bin = Made(prefix.path() / "bin");
  Made(prefix.path() / "lib/wirecheck");
  Made(prefix.path() / "share/wirecheck/scenarios");
  const Directories dirs = FindDirectories(Directories{"mine/build", "/x/scenarios", "sub/"}, bin, kLayout);
  EXPECT_EQ(dirs.build, (fs::current_path() / "mine/build").string());
  EXPECT_EQ(dirs.scenarios, "/x/scenarios");
  EXPECT_EQ(dirs.submission, (fs::current_path() / "sub").string());
}

// The layout the binary was built for is cmake/wirecheck_install_layout.cmake's.
TEST(FindDirectoriesTest, TheBuiltLayoutIsTheInstallLayout) {
  const InstallLayout built = BuiltInstallLayout();
  EXPECT_EQ(built.programs, kLayout.programs);
  EXPECT_EQ(built.scenarios, kLayout.scenarios);
}

}  // namespace
}  // namespace wirecheck
