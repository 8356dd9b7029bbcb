// Real processes through the Sandbox's launcher, on the host-loopback
// fallback so that these run wherever the tests run (namespaced runs:
// sandbox_test.cc). The helper program is tests/harness/helpers/harness_helper.c.

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "harness/sandbox/sandbox.h"

#ifndef WIRECHECK_HARNESS_HELPER
#define WIRECHECK_HARNESS_HELPER "harness_helper"  // CMake passes the built helper's path
#endif

namespace wirecheck {
namespace {

using namespace std::chrono_literals;

class ProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string warning, err;
    SandboxOptions options;
    options.force_host_loopback = true;
    sandbox_ = Sandbox::Create(options, &warning, &err);
    ASSERT_NE(sandbox_, nullptr) << err;
    EXPECT_EQ(warning, "");
  }

  ProcessSpec Spec(std::vector<std::string> argv) {
    ProcessSpec spec;
    spec.argv = std::move(argv);
    spec.env = {"PATH=/usr/bin:/bin"};
    spec.timeout = 10s;
    return spec;
  }

  ProcessResult Run(const ProcessSpec& spec) {
    ProcessId id = 0;
    std::string err;
    EXPECT_TRUE(sandbox_->Start(spec, &id, &err)) << err;
    ProcessResult result;
    EXPECT_TRUE(sandbox_->Wait(id, &result, &err)) << err;
    return result;
  }

  std::unique_ptr<Sandbox> sandbox_;
  const std::string helper_ = WIRECHECK_HARNESS_HELPER;
};

TEST_F(ProcessTest, TrueExitsWithZero) {
  ProcessResult r = Run(Spec({"true"}));
  EXPECT_EQ(Describe(r.outcome), "exited with code 0");
}

TEST_F(ProcessTest, FalseExitsWithOne) {
  ProcessResult r = Run(Spec({"/bin/false"}));
  EXPECT_EQ(Describe(r.outcome), "exited with code 1");
}

TEST_F(ProcessTest, ExitCodeIsKept) {
  ProcessResult r = Run(Spec({helper_, "exit", "42"}));
  EXPECT_EQ(std::get<Exited>(r.outcome).code, 42);
}

TEST_F(ProcessTest, SegfaultIsNamed) {
  ProcessResult r = Run(Spec({helper_, "segv"}));
  ASSERT_TRUE(std::holds_alternative<Signaled>(r.outcome)) << Describe(r.outcome);
  EXPECT_EQ(std::get<Signaled>(r.outcome).signal, SIGSEGV);
  EXPECT_TRUE(Describe(r.outcome).starts_with("killed by SIGSEGV (segmentation fault)"));
}

TEST_F(ProcessTest, SleepBeyondTimeoutTimesOut) {
  ProcessSpec spec = Spec({"sleep", "30"});
  spec.timeout = 200ms;
  auto start = std::chrono::steady_clock::now();
  ProcessResult r = Run(spec);
  EXPECT_EQ(Describe(r.outcome), "timed out after 200ms");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_GE(r.elapsed, 200ms);
}

TEST_F(ProcessTest, MissingBinaryFailsToStart) {
  ProcessResult r = Run(Spec({"./no-such-server", "6789"}));
  EXPECT_EQ(Describe(r.outcome), "failed to start: ./no-such-server: No such file or directory");
}

TEST_F(ProcessTest, MissingCommandInPathFailsToStart) {
  ProcessResult r = Run(Spec({"no-such-command-wirecheck"}));
  EXPECT_EQ(Describe(r.outcome), "failed to start: no-such-command-wirecheck: command not found in PATH");
}

TEST_F(ProcessTest, NotExecutableFailsToStart) {
  std::string path = "/tmp/wirecheck-not-executable-" + std::to_string(getpid());
  std::ofstream(path) << "#!/bin/sh\n";
  ProcessResult r = Run(Spec({path}));
  EXPECT_EQ(Describe(r.outcome), "failed to start: " + path + ": Permission denied (not executable)");
  std::remove(path.c_str());
}

TEST_F(ProcessTest, MissingDirectoryFailsToStart) {
  ProcessSpec spec = Spec({"true"});
  spec.cwd = "/no/such/dir";
  ProcessResult r = Run(spec);
  EXPECT_EQ(Describe(r.outcome),
            "failed to start: true: cannot enter directory /no/such/dir: No such file or directory");
}

TEST_F(ProcessTest, OutputBeyondCapIsCountedNotKept) {
  ProcessSpec spec = Spec({helper_, "flood", "300000"});
  spec.output_cap = 1000;
  ProcessResult r = Run(spec);
  EXPECT_EQ(Describe(r.outcome), "exited with code 0");
  EXPECT_EQ(r.stdout_capture.kept(), std::string(1000, 'x'));
  EXPECT_EQ(r.stdout_capture.total_bytes(), 300000u);
  EXPECT_EQ(r.stdout_capture.dropped_bytes(), 299000u);
  EXPECT_EQ(r.stderr_capture.total_bytes(), 150000u);
  EXPECT_TRUE(r.stderr_capture.truncated());
}

TEST_F(ProcessTest, StdinIsDelivered) {
  ProcessSpec spec = Spec({helper_, "cat"});
  spec.stdin_bytes = "hello sockets\n";
  ProcessResult r = Run(spec);
  EXPECT_EQ(r.stdout_capture.kept(), "hello sockets\n");
}

TEST_F(ProcessTest, LargeStdinIsDeliveredWhole) {
  ProcessSpec spec = Spec({helper_, "cat"});
  spec.stdin_bytes = std::string(1 << 20, 'a');
  ProcessResult r = Run(spec);
  EXPECT_EQ(r.stdout_capture.total_bytes(), 1u << 20);
}

TEST_F(ProcessTest, NoStdinReadsEndOfFile) {
  ProcessResult r = Run(Spec({helper_, "cat"}));
  EXPECT_EQ(Describe(r.outcome), "exited with code 0");
  EXPECT_EQ(r.stdout_capture.kept(), "");
}

TEST_F(ProcessTest, EnvironmentAndDirectoryAreThoseGiven) {
  ProcessSpec spec = Spec({helper_, "env", "GREETING"});
  spec.env.push_back("GREETING=hi");
  spec.cwd = "/tmp";
  EXPECT_EQ(Run(spec).stdout_capture.kept(), "hi /tmp\n");
}

TEST_F(ProcessTest, ArgumentsAreNotShellSyntax) {
  ProcessResult r = Run(Spec({"echo", "$(id)", ";", "rm", "-rf", "/"}));
  EXPECT_EQ(r.stdout_capture.kept(), "$(id) ; rm -rf /\n");
}

TEST_F(ProcessTest, FileSizeLimitRaisesSigxfsz) {
  std::string path = "/tmp/wirecheck-fsize-" + std::to_string(getpid());
  ProcessSpec spec = Spec({helper_, "write", path, "100000"});
  spec.limits.file_size = 4096;
  ProcessResult r = Run(spec);
  EXPECT_EQ(Describe(r.outcome), "killed by SIGXFSZ (file size limit exceeded)");
  std::remove(path.c_str());
}

TEST_F(ProcessTest, CpuLimitRaisesSigxcpu) {
  ProcessSpec spec = Spec({helper_, "spin"});
  spec.limits.cpu_seconds = 1;
  ProcessResult r = Run(spec);
  EXPECT_EQ(Describe(r.outcome), "killed by SIGXCPU (CPU time limit exceeded)");
}

TEST_F(ProcessTest, AddressSpaceLimitStopsLargeAllocation) {
  ProcessSpec spec = Spec({"python3", "-c", "x = bytearray(512 * 1024 * 1024)"});
  spec.limits.address_space = 256ull << 20;
  ProcessResult r = Run(spec);
  EXPECT_EQ(Describe(r.outcome), "exited with code 1");
  EXPECT_NE(r.stderr_capture.kept().find("MemoryError"), std::string::npos);
}

TEST_F(ProcessTest, StopIsReportedAsSentByWirecheck) {
  ProcessId id = 0;
  std::string err;
  ASSERT_TRUE(sandbox_->Start(Spec({"sleep", "30"}), &id, &err)) << err;
  ProcessResult r;
  EXPECT_FALSE(sandbox_->Poll(id, &r));
  sandbox_->Stop(id, 1s);
  ASSERT_TRUE(sandbox_->Wait(id, &r, &err)) << err;
  EXPECT_EQ(Describe(r.outcome), "stopped by wirecheck with SIGTERM (terminated)");
}

TEST_F(ProcessTest, StopEscalatesToSigkill) {
  ProcessId id = 0;
  std::string err;
  std::string ready = "/tmp/wirecheck-stubborn-" + std::to_string(getpid());
  ASSERT_TRUE(sandbox_->Start(Spec({helper_, "stubborn", ready}), &id, &err)) << err;
  // It ignores SIGTERM once the file exists (a test-only wait, bounded).
  for (int i = 0; i < 5000 && access(ready.c_str(), F_OK) != 0; ++i) usleep(1000);
  std::remove(ready.c_str());
  sandbox_->Stop(id, 100ms);
  ProcessResult r;
  ASSERT_TRUE(sandbox_->Wait(id, &r, &err)) << err;
  EXPECT_EQ(Describe(r.outcome), "stopped by wirecheck with SIGKILL (killed)");
}

TEST_F(ProcessTest, ManyAtOnce) {
  std::vector<ProcessId> ids;
  std::string err;
  for (int i = 0; i < 20; ++i) {
    ProcessId id = 0;
    ASSERT_TRUE(sandbox_->Start(Spec({helper_, "exit", std::to_string(i)}), &id, &err)) << err;
    ids.push_back(id);
  }
  for (int i = 0; i < 20; ++i) {
    ProcessResult r;
    ASSERT_TRUE(sandbox_->Wait(ids[i], &r, &err)) << err;
    EXPECT_EQ(std::get<Exited>(r.outcome).code, i);
  }
}

TEST_F(ProcessTest, HostFallbackKillsDoubleForkedOrphansAtClose) {
  std::string pid_file = "/tmp/wirecheck-orphan-" + std::to_string(getpid());
  ProcessSpec spec = Spec({"sh", "-c", "(setsid sleep 60 & echo $! > " + pid_file + ") ; exit 0"});
  ProcessResult r = Run(spec);
  EXPECT_EQ(Describe(r.outcome), "exited with code 0");
  pid_t orphan = 0;
  std::ifstream(pid_file) >> orphan;
  ASSERT_GT(orphan, 0);
  EXPECT_EQ(kill(orphan, 0), 0);
  sandbox_->Close();
  EXPECT_NE(kill(orphan, 0), 0);
  std::remove(pid_file.c_str());
}

}  // namespace
}  // namespace wirecheck
