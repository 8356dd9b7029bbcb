// The run's namespaces, for real: ctest label `sandbox` (needs user
// namespaces; skipped with a message where they are not permitted).
// Works as root and as an unprivileged user (see docs/sandbox.md).

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "harness/run/readiness.h"
#include "harness/sandbox/sandbox.h"

#ifndef WIRECHECK_HARNESS_HELPER
#define WIRECHECK_HARNESS_HELPER "harness_helper"  // CMake passes the built helper's path
#endif

namespace wirecheck {
namespace {

using namespace std::chrono_literals;

// A TCP server that listens with backlog 7 on the port, then waits.
const char* kTcpServer =
    "import socket,sys,time\n"
    "s=socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen(7)\n"
    "time.sleep(60)\n";
const char* kUdpServer =
    "import socket,sys,time\n"
    "s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', int(sys.argv[1])))\n"
    "time.sleep(60)\n";
// Forks twice, the grandchild in its own session listens; the parent exits 0.
const char* kDaemon =
    "import os,socket,time\n"
    "if os.fork() == 0:\n"
    "    os.setsid()\n"
    "    if os.fork() == 0:\n"
    "        s=socket.socket(); s.bind(('127.0.0.1', 6789)); s.listen(5)\n"
    "        time.sleep(60)\n"
    "    os._exit(0)\n"
    "os.wait()\n";

class SandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string err;
    sandbox_ = Make(&err);
    // Where user namespaces are not permitted, say why instead of failing.
    if (sandbox_ == nullptr) GTEST_SKIP() << err;
  }

  static std::unique_ptr<Sandbox> Make(std::string* err) {
    std::string warning;
    SandboxOptions options;
    options.allow_host_fallback = false;
    return Sandbox::Create(options, &warning, err);
  }

  static ProcessSpec Spec(std::vector<std::string> argv) {
    ProcessSpec spec;
    spec.argv = std::move(argv);
    spec.env = {"PATH=/usr/bin:/bin"};
    spec.timeout = 20s;
    return spec;
  }

  static ProcessResult Run(Sandbox* sandbox, const ProcessSpec& spec) {
    ProcessId id = 0;
    std::string err;
    EXPECT_TRUE(sandbox->Start(spec, &id, &err)) << err;
    ProcessResult result;
    EXPECT_TRUE(sandbox->Wait(id, &result, &err)) << err;
    return result;
  }

  static ProcessId StartPython(Sandbox* sandbox, const char* code, const std::string& port) {
    ProcessId id = 0;
    std::string err;
    EXPECT_TRUE(sandbox->Start(Spec({"python3", "-c", code, port}), &id, &err)) << err;
    return id;
  }

  static Readiness WaitReady(Sandbox* sandbox, ProcessId server, SocketProtocol protocol,
                             std::uint16_t port, std::chrono::nanoseconds timeout = 10s) {
    SandboxSocketTables tables(sandbox);
    ReadinessQuery query{protocol, port, true};
    return WaitUntilReady(query, &tables, sandbox, server, timeout);
  }

  // Host pids of the processes in the sandbox's PID namespace.
  static std::set<pid_t> PidsInside(Sandbox* sandbox) {
    std::set<pid_t> out;
    char target[256] = {};
    std::string init_ns = "/proc/" + std::to_string(sandbox->init_pid()) + "/ns/pid";
    if (readlink(init_ns.c_str(), target, sizeof target - 1) <= 0) return out;
    DIR* dir = opendir("/proc");
    while (dirent* entry = readdir(dir)) {
      char link[256] = {};
      std::string path = std::string("/proc/") + entry->d_name + "/ns/pid";
      if (readlink(path.c_str(), link, sizeof link - 1) > 0 && std::string(link) == target) {
        out.insert(std::atoi(entry->d_name));
      }
    }
    closedir(dir);
    return out;
  }

  std::unique_ptr<Sandbox> sandbox_;
};

TEST_F(SandboxTest, RunsInOwnNamespaces) {
  ASSERT_NE(sandbox_, nullptr);
  EXPECT_EQ(sandbox_->isolation(), Isolation::kNamespaces);
  // PID 1 is init; the first program is PID 2; it is root inside.
  ProcessResult r = Run(sandbox_.get(), Spec({"sh", "-c", "echo $$ $(id -u)"}));
  EXPECT_EQ(r.stdout_capture.kept(), "2 0\n");
}

// The ephemeral port range is the run's network namespace's own, which is
// not the host's when the host changed its.
TEST_F(SandboxTest, KnowsTheRunsOwnEphemeralPortRange) {
  const auto range = sandbox_->local_port_range();
  ASSERT_TRUE(range.has_value());
  ProcessResult r = Run(sandbox_.get(), Spec({"cat", "/proc/sys/net/ipv4/ip_local_port_range"}));
  EXPECT_EQ(r.stdout_capture.kept(), std::to_string(range->first) + "\t" + std::to_string(range->second) + "\n");
}

TEST_F(SandboxTest, LoopbackIsUpAndTheOnlyInterface) {
  ASSERT_NE(sandbox_, nullptr);
  std::string dev, err;
  ASSERT_TRUE(sandbox_->ReadNetFile("dev", &dev, &err)) << err;
  EXPECT_NE(dev.find("lo:"), std::string::npos);
  EXPECT_EQ(dev.find("eth"), std::string::npos) << dev;
  ProcessResult r = Run(sandbox_.get(), Spec({"python3", "-c",
      "import socket\ns=socket.socket(); s.bind(('127.0.0.1',0)); s.listen()\n"
      "c=socket.create_connection(s.getsockname()); print('connected')"}));
  EXPECT_EQ(r.stdout_capture.kept(), "connected\n") << r.stderr_capture.kept();
}

TEST_F(SandboxTest, NoOutsideNetwork) {
  ASSERT_NE(sandbox_, nullptr);
  ProcessResult r = Run(sandbox_.get(), Spec({"python3", "-c",
      "import socket\ntry:\n socket.create_connection(('192.0.2.1', 80), timeout=2)\n"
      "except OSError as e: print(e.strerror)"}));
  EXPECT_EQ(r.stdout_capture.kept(), "Network is unreachable\n");
}

TEST_F(SandboxTest, TcpListenerIsReadyWithItsBacklog) {
  ASSERT_NE(sandbox_, nullptr);
  ProcessId server = StartPython(sandbox_.get(), kTcpServer, "6789");
  Readiness r = WaitReady(sandbox_.get(), server, SocketProtocol::kTcp, 6789);
  EXPECT_EQ(r.kind, Readiness::Kind::kReady) << r.message;
  EXPECT_EQ(r.last.socket.backlog, 7u);
  EXPECT_EQ(r.message, "the server is listening on TCP port 6789 (backlog 7)");
}

TEST_F(SandboxTest, UdpBindIsReady) {
  ASSERT_NE(sandbox_, nullptr);
  ProcessId server = StartPython(sandbox_.get(), kUdpServer, "9876");
  Readiness r = WaitReady(sandbox_.get(), server, SocketProtocol::kUdp, 9876);
  EXPECT_EQ(r.kind, Readiness::Kind::kReady) << r.message;
  EXPECT_EQ(r.message, "the server is bound to UDP port 9876");
}

TEST_F(SandboxTest, ListeningOnAnotherPortIsSaid) {
  ASSERT_NE(sandbox_, nullptr);
  ProcessId server = StartPython(sandbox_.get(), kTcpServer, "6790");
  Readiness r = WaitReady(sandbox_.get(), server, SocketProtocol::kTcp, 6789, 500ms);
  EXPECT_EQ(r.kind, Readiness::Kind::kNotListening);
  EXPECT_EQ(r.message, "after 500ms the server listens on TCP port 6790, not on 6789");
}

TEST_F(SandboxTest, UdpInsteadOfTcpIsSaid) {
  ASSERT_NE(sandbox_, nullptr);
  ProcessId server = StartPython(sandbox_.get(), kUdpServer, "6789");
  Readiness r = WaitReady(sandbox_.get(), server, SocketProtocol::kTcp, 6789, 500ms);
  EXPECT_EQ(r.message,
            "after 500ms the server bound UDP port 6789 instead of listening on TCP port 6789");
}

TEST_F(SandboxTest, ServerThatExitsFirstIsSaid) {
  ASSERT_NE(sandbox_, nullptr);
  ProcessId server = 0;
  std::string err;
  ASSERT_TRUE(sandbox_->Start(Spec({"sh", "-c", "exit 3"}), &server, &err));
  Readiness r = WaitReady(sandbox_.get(), server, SocketProtocol::kTcp, 6789);
  EXPECT_EQ(r.kind, Readiness::Kind::kExited);
  EXPECT_EQ(r.message, "the server exited with code 3 before listening on TCP port 6789");
}

TEST_F(SandboxTest, TwoSandboxesListenOnTheSamePortAtOnce) {
  ASSERT_NE(sandbox_, nullptr);
  std::string err;
  std::unique_ptr<Sandbox> other = Make(&err);
  ASSERT_NE(other, nullptr) << err;
  ProcessId a = StartPython(sandbox_.get(), kTcpServer, "6789");
  ProcessId b = StartPython(other.get(), kTcpServer, "6789");
  EXPECT_EQ(WaitReady(sandbox_.get(), a, SocketProtocol::kTcp, 6789).kind, Readiness::Kind::kReady);
  EXPECT_EQ(WaitReady(other.get(), b, SocketProtocol::kTcp, 6789).kind, Readiness::Kind::kReady);
  ProcessResult result;
  EXPECT_FALSE(sandbox_->Poll(a, &result));
  EXPECT_FALSE(other->Poll(b, &result));
}

TEST_F(SandboxTest, DoubleForkedDaemonDiesWithTheSandbox) {
  ASSERT_NE(sandbox_, nullptr);
  ProcessId launcher = 0;
  std::string err;
  ASSERT_TRUE(sandbox_->Start(Spec({"python3", "-c", kDaemon}), &launcher, &err));
  ProcessResult exited;
  ASSERT_TRUE(sandbox_->Wait(launcher, &exited, &err));
  EXPECT_EQ(Describe(exited.outcome), "exited with code 0");
  // The daemon, now an orphan of init, still listens.
  SandboxSocketTables tables(sandbox_.get());
  std::vector<SocketEntry> sockets;
  for (int i = 0; i < 2000 && Judge({SocketProtocol::kTcp, 6789, true}, sockets).kind !=
                                  Judgement::Kind::kReady; ++i) {
    ASSERT_TRUE(tables.Snapshot(&sockets, &err)) << err;
    usleep(1000);
  }
  std::set<pid_t> inside = PidsInside(sandbox_.get());
  EXPECT_EQ(inside.size(), 2u);  // init and the daemon
  sandbox_->Close();
  for (pid_t pid : inside) EXPECT_NE(kill(pid, 0), 0) << pid << " survived";
}

TEST_F(SandboxTest, SocketsOpenedInsideReachTheRunsServer) {
  ASSERT_NE(sandbox_, nullptr);
  ProcessId server = StartPython(sandbox_.get(), kTcpServer, "6789");
  ASSERT_EQ(WaitReady(sandbox_.get(), server, SocketProtocol::kTcp, 6789).kind,
            Readiness::Kind::kReady);
  std::string err;
  int fd = sandbox_->OpenSocket(AF_INET, SOCK_STREAM, 0, &err);
  ASSERT_GE(fd, 0) << err;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(6789);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  close(fd);
}

TEST_F(SandboxTest, RunInsideJoinsTheRunsNetwork) {
  ASSERT_NE(sandbox_, nullptr);
  ProcessId server = StartPython(sandbox_.get(), kTcpServer, "6789");
  ASSERT_EQ(WaitReady(sandbox_.get(), server, SocketProtocol::kTcp, 6789).kind,
            Readiness::Kind::kReady);
  std::string err;
  pid_t child = sandbox_->RunInside([] {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(6789);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 ? 0 : 1;
  }, &err);
  ASSERT_GT(child, 0) << err;
  int status = sandbox_->WaitInside(child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

TEST_F(SandboxTest, ProcessLimitCountsOnlyTheRunsProcesses) {
  ASSERT_NE(sandbox_, nullptr);
  if (geteuid() == 0) GTEST_SKIP() << "RLIMIT_NPROC does not apply to root";
  ProcessSpec spec = Spec({WIRECHECK_HARNESS_HELPER, "forks"});
  spec.limits.processes = 10;
  ProcessResult r = Run(sandbox_.get(), spec);
  // The limit counts the processes of the run's user namespace: the keeper,
  // init and the helper itself, then 7 children — not the user's processes
  // elsewhere on the machine (kernel >= 5.14, per-namespace ucounts).
  EXPECT_EQ(r.stdout_capture.kept(), "7\n");
}

// A socket made inside whose descriptor cannot be received (wirecheck is at
// its open-file limit) is said with that cause, not "Success".
TEST_F(SandboxTest, SocketLostAtTheOpenFileLimitSaysWhy) {
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
  const int lowest_free = dup(0);
  ASSERT_GE(lowest_free, 0);
  close(lowest_free);
  rlimit full = saved;
  full.rlim_cur = static_cast<rlim_t>(lowest_free);   // every descriptor below it is open
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &full), 0);
  std::string err;
  const int fd = sandbox_->OpenSocket(AF_INET, SOCK_STREAM, 0, &err);
  setrlimit(RLIMIT_NOFILE, &saved);
  EXPECT_EQ(fd, -1);
  EXPECT_EQ(err, "cannot open a socket in the sandbox: Too many open files (wirecheck's own open-file limit: "
                 "its descriptor could not be received)");
  // The channel is still in step: the next socket arrives.
  const int next = sandbox_->OpenSocket(AF_INET, SOCK_STREAM, 0, &err);
  EXPECT_GE(next, 0) << err;
  if (next >= 0) close(next);
}

}  // namespace
}  // namespace wirecheck
