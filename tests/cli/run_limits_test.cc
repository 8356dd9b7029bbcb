// run_limits: caps on all of a run's programs together, held by the run's
// cgroup (harness/sandbox/run_cgroup.h), through `wirecheck run` as a user
// runs it. Where the machine gives no cgroup (an ordinary user without a
// delegated one), each test is skipped with the reason. Label `run`.

#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "harness/sandbox/run_cgroup.h"
#include "tests/support/run_command.h"
#include "tests/support/run_folders.h"

namespace wirecheck {
namespace {

namespace fs = std::filesystem;

const std::string kBuild = fs::path(WIRECHECK_BINARY).parent_path().string();

class RunLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string why = testing::WhyNoRunSandbox();
    if (!why.empty()) GTEST_SKIP() << why;
    const std::string support = CgroupSupport();
    if (support.rfind("no cgroup", 0) == 0) GTEST_SKIP() << support;
    folder_.emplace("wirecheck-run-limits");
    dir_ = folder_->path();
  }

  // Runs clients (YAML of the clients: list) under run_limits; the JSON report.
  nlohmann::json Run(const std::string& run_limits, const std::string& clients, int* exit_code) {
    std::ofstream(dir_ / "scenario.yaml")
        << "scenario: run limits\nprotocol: tcp\ntimeout: 20s\nrun_limits: " << run_limits << "\nserver:\n  run: \""
        << kBuild << "/scenarios/tcp_capitalize_server_iterative {port} {host}\"\n  port: 6789\nclients:\n"
        << clients;
    const auto r = testing::RunWirecheck({"run", (dir_ / "scenario.yaml").string(), "--format", "json"});
    *exit_code = r.exit_code;
    return nlohmann::json::parse(r.out)["runs"][0];
  }
  std::optional<testing::TestFolder> folder_;
  fs::path dir_;
};

// Eight programs of 100 MiB each, together past a 512 MiB cap: each is
// within its own address-space limit, so only the run's cap can stop them.
// The kernel kills some; their checks say it was the run's memory limit.
const char kHogs[] =
    "  - name: hog\n    count: 8\n    start: together\n"
    "    run: \"python3 -c 'import time; x = bytearray(100 << 20); time.sleep(2)'\"\n"
    "    limits: { address_space: 1GiB }\n    expect: { exit: 0 }\n";

TEST_F(RunLimitsTest, ProgramsTogetherPastTheMemoryCapAreKilledAndTheCheckSaysSo) {
  int exit_code = -1;
  const auto run = Run("{ memory: 512MiB }", kHogs, &exit_code);
  EXPECT_EQ(exit_code, 1) << run;
  bool said = false;
  for (const auto& check : run["checks"]) {
    if (check["id"] != "hog.no_crash") continue;
    EXPECT_EQ(check["status"], "fail") << check;
    said = check["message"].get<std::string>().find(
               "killed by the kernel (SIGKILL): the run's programs together reached the run's memory limit "
               "(512MiB, run_limits.memory)") != std::string::npos;
  }
  EXPECT_TRUE(said) << run["checks"];
  int killed = 0;
  for (const auto& process : run["processes"]) {
    killed += process.value("detail", "") == "the run's memory limit (512MiB) was reached";
  }
  EXPECT_GE(killed, 1) << run["processes"];
}

// The control: the same programs under a cap they fit in all pass.
TEST_F(RunLimitsTest, ProgramsWithinTheMemoryCapPass) {
  int exit_code = -1;
  const auto run = Run("{ memory: 2GiB }", kHogs, &exit_code);
  EXPECT_EQ(exit_code, 0) << run;
}

// A fork bomb whose own RLIMIT_NPROC is far away stops at the run's process
// cap: it counts the children it made before fork failed.
TEST_F(RunLimitsTest, ForksPastTheProcessCapFail) {
  int exit_code = -1;
  const auto run = Run("{ processes: 20 }",
                       // \\n: YAML's escape, so the program's lines survive the double-quoted scalar
                       "  - name: forker\n    run: \"python3 -c 'import os, time\\n"
                       "n = 0\\nwhile n < 1000:\\n    try:\\n        pid = os.fork()\\n    except OSError:\\n"
                       "        break\\n    if pid == 0:\\n        time.sleep(30)\\n        os._exit(0)\\n"
                       "    n += 1\\nprint(n)'\"\n"
                       "    limits: { processes: 5000 }\n    timeout: 5s\n",
                       &exit_code);
  EXPECT_EQ(exit_code, 0) << run;
  int children = -1;
  for (const auto& process : run["processes"]) {
    if (process["name"] == "forker") children = std::stoi(process["stdout"].get<std::string>());
  }
  EXPECT_GT(children, 0) << run["processes"];
  EXPECT_LT(children, 20) << run["processes"];
}

}  // namespace
}  // namespace wirecheck
