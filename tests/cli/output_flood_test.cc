// A program that floods its output, through `wirecheck run` as a user runs
// it: every byte is read (the program is never blocked on a full pipe),
// limits.output of each stream is kept, and writing more fails the
// program's no_flood check, in bounded time. Label `run`.

#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/run_command.h"
#include "tests/support/run_folders.h"

namespace wirecheck {
namespace {

namespace fs = std::filesystem;

const std::string kBuild = fs::path(WIRECHECK_BINARY).parent_path().string();

nlohmann::json Check(const nlohmann::json& run, const std::string& id) {
  for (const auto& check : run["checks"]) {
    if (check["id"] == id) return check;
  }
  ADD_FAILURE() << "no check " << id << " in " << run["checks"];
  return {};
}

nlohmann::json Process(const nlohmann::json& run, const std::string& name) {
  for (const auto& p : run["processes"]) {
    if (p["name"] == name) return p;
  }
  ADD_FAILURE() << "no process " << name << " in " << run["processes"];
  return {};
}

// 50 MB on stdout, then exit 0; beside it a client that writes exactly its
// limit. A writer blocked on its pipe would be killed at its 5 s timeout,
// and its exit check would say so.
TEST(OutputFloodTest, FloodingClientFailsNoFloodAndTheRunEndsSoon) {
  const std::string why = testing::WhyNoRunSandbox();
  if (!why.empty()) GTEST_SKIP() << "no sandbox for runs: " << why;
  const testing::TestFolder folder("wirecheck-flood");
  const fs::path& dir = folder.path();
  std::ofstream(dir / "scenario.yaml")
      << "scenario: a client that floods its stdout\n"
         "timeout: 20s\n"
         "server:\n"
         "  run: \"{build}/scenarios/tcp_capitalize_server_iterative {port} {host}\"\n"
         "clients:\n"
         "  - name: flooder\n"
         "    run: sh -c 'head -c 50000000 /dev/zero'\n"
         "    limits: { output: 1MiB }\n"
         "    timeout: 5s\n"
         "    expect: { exit: 0 }\n"
         "  - name: at-limit\n"
         "    run: sh -c 'head -c 1048576 /dev/zero >&2'\n"
         "    timeout: 5s\n"
         "    expect: { exit: 0 }\n"
         "grading: { processes: 10, flooder.no_flood: 10 }\n";
  const auto started = std::chrono::steady_clock::now();
  const auto r = testing::RunWirecheck({"run", (dir / "scenario.yaml").string(), "--build", kBuild, "--format", "json"});
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto run = nlohmann::json::parse(r.out)["runs"][0];
  const auto flood = Check(run, "flooder.no_flood");
  EXPECT_EQ(flood["status"], "fail") << flood;
  EXPECT_EQ(flood["message"], "flooder wrote 50,000,000 bytes to stdout, more than its limit of 1MiB (limits.output)");
  EXPECT_EQ(flood["points"]["possible"], 10);
  EXPECT_EQ(flood["points"]["earned"], 0);
  EXPECT_EQ(Check(run, "flooder.exit")["status"], "pass") << run["checks"];
  EXPECT_EQ(Check(run, "flooder.no_crash")["status"], "pass") << run["checks"];
  EXPECT_EQ(Check(run, "at-limit.no_flood")["status"], "pass") << run["checks"];
  EXPECT_EQ(Process(run, "flooder")["stdout_bytes"], 50000000);
  EXPECT_LT(run["duration_s"].get<double>(), 10) << run;
  EXPECT_LT(took, std::chrono::seconds(15));
}

}  // namespace
}  // namespace wirecheck
