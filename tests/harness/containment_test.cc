// The isolation properties of DESIGN.md's sandbox that concern the programs
// under test themselves, each attacked by a real program (tests/harness/
// helpers/harness_helper.c) in a real sandbox. Label `sandbox`: needs user +
// network + PID namespaces, skipped with the reason where the kernel refuses
// them. Every property holds for root and for an ordinary user: as root,
// ContainmentAsUserTest runs this suite again as `nobody`. The attacks aim
// only at the run's own processes.

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "harness/sandbox/sandbox.h"
#include "tests/harness/harness_helper.h"
#include "tests/support/run_command.h"

namespace wirecheck {
namespace {

using namespace std::chrono_literals;

const std::string kHelper = testing::HarnessHelper();

std::unique_ptr<Sandbox> MakeSandbox(bool host, std::string* err, ProgramIdentity run_as = {}) {
  std::string warning;
  SandboxOptions options;
  options.allow_host_fallback = false;
  options.force_host_loopback = host;
  options.run_as = run_as;
  return Sandbox::Create(options, &warning, err);
}

std::string RunHelper(Sandbox& sandbox, const std::vector<std::string>& args) {
  return testing::RunHarnessHelper(sandbox, args);
}

// "CapEff:\t0000000000000000" -> {"CapEff", "0000000000000000"}.
std::map<std::string, std::string> StatusFields(const std::string& text) {
  std::map<std::string, std::string> fields;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    std::istringstream value(line.substr(colon + 1));
    std::string first;
    value >> first;
    fields[line.substr(0, colon)] = first;
  }
  return fields;
}

class ContainmentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string err;
    sandbox_ = MakeSandbox(false, &err);
    if (!sandbox_) GTEST_SKIP() << err;
  }
  void TearDown() override {
    if (sandbox_) sandbox_->Close();
  }
  std::unique_ptr<Sandbox> sandbox_;
};

// uid 0 of the run's user namespace, but no capability survives the exec and
// no exec can raise privileges (setuid binaries, file capabilities).
TEST_F(ContainmentTest, ProgramsHaveNoCapabilities) {
  const auto fields = StatusFields(RunHelper(*sandbox_, {"privileges"}));
  EXPECT_EQ(fields.at("CapInh"), "0000000000000000");
  EXPECT_EQ(fields.at("CapPrm"), "0000000000000000");
  EXPECT_EQ(fields.at("CapEff"), "0000000000000000");
  EXPECT_EQ(fields.at("CapBnd"), "0000000000000000");
  EXPECT_EQ(fields.at("CapAmb"), "0000000000000000");
  EXPECT_EQ(fields.at("NoNewPrivs"), "1");
}

// The run's init enforces every timeout: a program can neither stop it with
// ptrace nor take its descriptors (its channel to wirecheck).
TEST_F(ContainmentTest, ProgramsCannotPtraceInitOrTakeItsDescriptors) {
  EXPECT_EQ(RunHelper(*sandbox_, {"attack-init"}), "ptrace EPERM\ngetfd EPERM\n");
  // init still answers: the next program starts and ends normally.
  EXPECT_EQ(RunHelper(*sandbox_, {"bind", "6789"}), "bound\n");
}

// Without capabilities, every port of the run's own network may still be
// bound, as a lecture's server on port 80 expects.
TEST_F(ContainmentTest, ProgramsMayBindPrivilegedPortsInTheirOwnNetwork) {
  EXPECT_EQ(RunHelper(*sandbox_, {"bind", "80"}), "bound\n");
}

// Every wait for init has a deadline: an init that stops answering (here
// stopped by the test from outside, as a ptrace attach once could) is killed
// at the deadline, with the whole sandbox, and the wait says why.
TEST_F(ContainmentTest, HungInitIsKilledAtTheDeadlineAndTheWaitSaysWhy) {
  ProcessSpec spec;
  spec.argv = {"sleep", "30"};
  spec.env = {"PATH=/usr/bin:/bin"};
  spec.timeout = 60s;
  ProcessId id = 0;
  std::string err;
  ASSERT_TRUE(sandbox_->Start(spec, &id, &err)) << err;
  sandbox_->set_deadline(std::chrono::steady_clock::now() + 300ms);
  ASSERT_EQ(kill(sandbox_->init_pid(), SIGSTOP), 0);
  ProcessResult result;
  EXPECT_FALSE(sandbox_->Wait(id, &result, &err));
  EXPECT_EQ(err, "the run's init stopped answering and was killed at the run's deadline");
  std::string again;
  EXPECT_FALSE(sandbox_->Start(spec, &id, &again));
  EXPECT_EQ(again, err);
}

// Where no namespace can be made (the host-loopback fallback, --no-sandbox),
// root's programs run as an unprivileged user, without capabilities.
TEST(ContainmentHostTest, RootsProgramsOnTheHostRunAsAnUnprivilegedUser) {
  if (geteuid() != 0) GTEST_SKIP() << "only root switches identity on the host";
  std::string err;
  auto sandbox = MakeSandbox(true, &err, UnprivilegedIdentityIfRoot());
  ASSERT_TRUE(sandbox) << err;
  const auto fields = StatusFields(RunHelper(*sandbox, {"privileges"}));
  sandbox->Close();
  EXPECT_NE(fields.at("Uid"), "0");
  EXPECT_EQ(fields.at("CapEff"), "0000000000000000");
  EXPECT_EQ(fields.at("CapBnd"), "0000000000000000");
  EXPECT_EQ(fields.at("NoNewPrivs"), "1");
}

// As root, the run's root is mapped to nobody: a program, uid 0 inside, can
// neither read a file only root may read nor write one it does not own (no
// capability, and no longer root's uid on the host's files). The decoys are
// the test's own files.
TEST(ContainmentRootTest, RootsRunIsNobodyOnTheHostsFiles) {
  const ProgramIdentity nobody = UnprivilegedIdentityIfRoot();
  if (!nobody.uid) GTEST_SKIP() << "only root's runs are mapped";
  const std::string dir = ::testing::TempDir() + "wirecheck-identity-" + std::to_string(getpid());
  ASSERT_EQ(system(("rm -rf " + dir + " && mkdir -p " + dir + " && chmod 0755 " + dir + " && echo secret > " +
                    dir + "/root-only && chmod 0600 " + dir + "/root-only")
                       .c_str()),
            0);
  std::string err;
  auto sandbox = MakeSandbox(false, &err, nobody);
  if (!sandbox) GTEST_SKIP() << err;
  EXPECT_EQ(StatusFields(RunHelper(*sandbox, {"privileges"})).at("Uid"), "0");  // root inside...
  EXPECT_EQ(RunHelper(*sandbox, {"read", dir + "/root-only"}), "EACCES\n");   // ...nobody outside
  EXPECT_EQ(RunHelper(*sandbox, {"attack-init"}), "ptrace EPERM\ngetfd EPERM\n");
  sandbox->Close();
  ASSERT_EQ(system(("rm -rf " + dir).c_str()), 0);
}

// As root mapped to nobody, RLIMIT_NPROC applies (it never does to the
// host's root) and counts the run's user namespace only (per-namespace
// ucounts, kernel >= 5.14): the keeper, init, the helper, then 7 children.
TEST(ContainmentRootTest, ProcessLimitHoldsForRootsRuns) {
  const ProgramIdentity nobody = UnprivilegedIdentityIfRoot();
  if (!nobody.uid) GTEST_SKIP() << "only root's runs are mapped";
  std::string err;
  auto sandbox = MakeSandbox(false, &err, nobody);
  if (!sandbox) GTEST_SKIP() << err;
  ProcessSpec spec;
  spec.argv = {kHelper, "forks"};
  spec.env = {"PATH=/usr/bin:/bin"};
  spec.timeout = 20s;
  spec.limits.processes = 10;
  ProcessId id = 0;
  ASSERT_TRUE(sandbox->Start(spec, &id, &err)) << err;
  ProcessResult result;
  ASSERT_TRUE(sandbox->Wait(id, &result, &err)) << err;
  sandbox->Close();
  EXPECT_EQ(result.stdout_capture.kept(), "7\n");
}

// The same properties for an ordinary user: this binary again, as nobody
// (with ContainmentFilesystemTest of run_filesystem_test.cc). It runs from
// copies in a folder of its own that nobody can reach, wherever the build
// is (a clone under a 0700 folder is out of nobody's reach).
TEST(ContainmentAsUserTest, EveryPropertyHoldsForAnOrdinaryUser) {
  if (geteuid() != 0) GTEST_SKIP() << "running as an ordinary user already";
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("wirecheck-as-user-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                        std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                                        std::filesystem::perms::others_exec);
  std::filesystem::copy_file("/proc/self/exe", dir / "harness_tests");
  std::filesystem::copy_file(kHelper, dir / "harness_helper");
  const auto r = testing::RunCommand({"/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                                      "/usr/bin/env", "WIRECHECK_TEST_HELPER=" + (dir / "harness_helper").string(),
                                      (dir / "harness_tests").string(),
                                      "--gtest_filter=ContainmentTest.*:ContainmentFilesystemTest.*"});
  std::filesystem::remove_all(dir);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  // Every test of the two suites ran and passed as nobody: none skipped.
  int expected = 0;
  const ::testing::UnitTest& unit = *::testing::UnitTest::GetInstance();
  for (int i = 0; i < unit.total_test_suite_count(); ++i) {
    const std::string name = unit.GetTestSuite(i)->name();
    if (name == "ContainmentTest" || name == "ContainmentFilesystemTest") expected += unit.GetTestSuite(i)->total_test_count();
  }
  EXPECT_GE(expected, 10);
  EXPECT_NE(r.out.find("[  PASSED  ] " + std::to_string(expected) + " tests."), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("SKIPPED"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace wirecheck
