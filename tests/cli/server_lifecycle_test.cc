// The server's life in a run, through `wirecheck run` as a user runs it:
// real Python servers (in a folder of each test's own) and the C capitalize
// client. A server must run, in the process wirecheck started, until it is
// stopped; its welcome socket is read once the run has settled after the
// clients (a UDP server's port, which must still be bound then); the
// readiness wait decides as soon as the answer is certain.
// Each verdict here must be the same on every run, however busy the
// machine. Label `run`.

#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "tests/support/run_command.h"
#include "tests/support/run_folders.h"

namespace wirecheck {
namespace {

namespace fs = std::filesystem;

const std::string kBuild = fs::path(WIRECHECK_BINARY).parent_path().string();

// The capitalize service of one accepted connection: a line in, the line in
// upper case out, then the server closes.
constexpr const char* kServe =
    "def serve(c):\n"
    "    data = b''\n"
    "    while not data.endswith(b'\\n'):\n"
    "        d = c.recv(1024)\n"
    "        if not d: break\n"
    "        data += d\n"
    "    c.sendall(data.upper())\n"
    "    c.close()\n"
    "def welcome(port):\n"
    "    s = socket.socket()\n"
    "    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
    "    s.bind(('127.0.0.1', port))\n"
    "    s.listen(5)\n"
    "    return s\n";

class ServerLifecycleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string why = testing::WhyNoRunSandbox();
    if (!why.empty()) GTEST_SKIP() << "no sandbox for runs: " << why;
    // A run as nobody reads its server here: the folder is open to all.
    folder_.emplace("wirecheck-lifecycle-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    dir_ = folder_->path();
  }

  // Runs `server` (Python, after kServe; sys.argv[1] is the port) with
  // `clients` C capitalize clients one by one; the JSON report's run.
  nlohmann::json Run(const std::string& server, int clients = 1, const std::string& expect = "") {
    std::ofstream(dir_ / "server.py") << "import os, socket, sys, time\n" << kServe << server;
    std::ofstream(dir_ / "scenario.yaml")
        << "scenario: server lifecycle\nprotocol: tcp\ntimeout: 20s\nserver:\n  run: \"python3 {here}/server.py "
           "{port}\"\n  port: 6789\nclients:\n  - name: client\n    run: \"{build}/scenarios/tcp_capitalize_client "
           "{host} {port}\"\n    count: "
        << clients << "\n    stdin: \"hello\\n\"\n    expect: { exit: 0, stdout: \"FROM SERVER: HELLO\\n\" }\n"
        << (expect.empty() ? "" : "expect:\n" + expect);
    const auto r = testing::RunWirecheck({"run", (dir_ / "scenario.yaml").string(), "--build", kBuild, "--format", "json"});
    exit_code_ = r.exit_code;
    return nlohmann::json::parse(r.out)["runs"][0];
  }

  // A UDP run: `server` is the server's `run` (a Python `server.py` written
  // here is `{here}/server.py`; sys.argv[1] is the port); one C capitalize
  // UDP client sends one datagram; the server port must still be bound
  // after it.
  nlohmann::json RunUdp(const std::string& server, const std::string& python = "") {
    if (!python.empty()) std::ofstream(dir_ / "server.py") << "import socket, sys, time\n" << python;
    std::ofstream(dir_ / "scenario.yaml")
        << "scenario: udp server lifecycle\nprotocol: udp\ntimeout: 20s\nserver:\n  run: \"" << server
        << "\"\n  port: 9876\nclients:\n  - name: client\n    run: \"{build}/scenarios/udp_capitalize_client "
           "{host} {port}\"\n    stdin: \"hello\\n\"\n    expect: { exit: 0, stdout: \"FROM SERVER: HELLO\\n\" }\n"
           "expect:\n  server_still_bound: true\n";
    const auto r = testing::RunWirecheck({"run", (dir_ / "scenario.yaml").string(), "--build", kBuild, "--format", "json"});
    exit_code_ = r.exit_code;
    return nlohmann::json::parse(r.out)["runs"][0];
  }

  static nlohmann::json Check(const nlohmann::json& run, const std::string& id) {
    for (const auto& check : run["checks"]) {
      if (check["id"] == id) return check;
    }
    ADD_FAILURE() << "no check " << id << " in " << run["checks"];
    return {};
  }

  static std::vector<std::string> Failed(const nlohmann::json& run) {
    std::vector<std::string> ids;
    for (const auto& check : run["checks"]) {
      if (check["status"] != "pass") ids.push_back(check["id"]);
    }
    return ids;
  }

  std::optional<testing::TestFolder> folder_;
  fs::path dir_;
  int exit_code_ = -1;
};

// A daemonising server, the way it scored 100/100 about half the time: the
// process started exits 0 at once, its child listens and serves well. The
// only failed check says what happened.
TEST_F(ServerLifecycleTest, DaemonisingServerFailsSayingItLeftTheProcessItWasStartedAs) {
  const auto run = Run(
      "if os.fork() != 0:\n    sys.exit(0)\nos.setsid()\ns = welcome(int(sys.argv[1]))\n"
      "while True:\n    serve(s.accept()[0])\n");
  EXPECT_EQ(exit_code_, 1) << run;
  EXPECT_EQ(Failed(run), std::vector<std::string>{"server.runs_until_stopped"}) << run["checks"];
  const std::string message = Check(run, "server.runs_until_stopped")["message"];
  EXPECT_EQ(message.rfind("the server you started exited with code 0 after ", 0), 0u) << message;
  EXPECT_NE(message.find("ms, before wirecheck stopped it; a process it left behind was listening on TCP port 6789"),
            std::string::npos) << message;
}

// A daemon that keeps printing, as students' do: its stdout is the pipe of
// the process wirecheck started, which has ended. The pipe stays open (and
// drained) for it, so it is not killed by SIGPIPE at its first print before
// it listens, and it fails as a daemon, not as a server that never listened.
TEST_F(ServerLifecycleTest, DaemonisingServerThatKeepsPrintingFailsAsADaemon) {
  const auto run = Run(
      "if os.fork() != 0:\n    sys.exit(0)\nos.setsid()\ntime.sleep(0.05)\n"
      "print('listening', flush=True)\ns = welcome(int(sys.argv[1]))\n"
      "while True:\n    c = s.accept()[0]\n    print('client', flush=True)\n    serve(c)\n");
  EXPECT_EQ(exit_code_, 1) << run;
  EXPECT_EQ(Failed(run), std::vector<std::string>{"server.runs_until_stopped"}) << run["checks"];
  const std::string message = Check(run, "server.runs_until_stopped")["message"];
  EXPECT_NE(message.find("a process it left behind was listening on TCP port 6789"), std::string::npos) << message;
}

// The same server when the welcome socket listens before the started process
// forks and exits: readiness most often sees the started process alive. The
// run cannot settle before that process has ended, so the verdict and the
// words are the same.
TEST_F(ServerLifecycleTest, DaemonisingServerThatListensBeforeItForksFailsTheSameWay) {
  const auto run = Run(
      "s = welcome(int(sys.argv[1]))\nif os.fork() != 0:\n    sys.exit(0)\nos.setsid()\n"
      "while True:\n    serve(s.accept()[0])\n");
  EXPECT_EQ(exit_code_, 1) << run;
  EXPECT_EQ(Failed(run), std::vector<std::string>{"server.runs_until_stopped"}) << run["checks"];
  const std::string message = Check(run, "server.runs_until_stopped")["message"];
  EXPECT_NE(message.find("the server you started exited with code 0 after "), std::string::npos) << message;
  EXPECT_NE(message.find("a process it left behind was listening on TCP port 6789"), std::string::npos) << message;
}

// It passed whenever the runner's one sample, taken as soon as the last
// client had exited, came before the close: here, most often, since the
// server first spends 50 ms of CPU (tidying up, say) after its last reply.
TEST_F(ServerLifecycleTest, ServerClosingItsWelcomeSocketJustAfterItsLastReplyFailsStillListening) {
  const auto run = Run(
      "s = welcome(int(sys.argv[1]))\nserve(s.accept()[0])\n"
      "t = time.process_time()\nwhile time.process_time() - t < 0.05:\n    pass\ns.close()\ntime.sleep(3600)\n",
      1, "  server_still_listening: true\n");
  EXPECT_EQ(exit_code_, 1) << run;
  EXPECT_EQ(Failed(run), std::vector<std::string>{"server_still_listening"}) << run["checks"];
  EXPECT_EQ(Check(run, "server_still_listening")["message"], "nothing listened on port 6789 after the clients were done");
}

TEST_F(ServerLifecycleTest, ServerThatKeepsListeningPassesStillListening) {
  const auto run = Run("s = welcome(int(sys.argv[1]))\nwhile True:\n    serve(s.accept()[0])\n", 2,
                       "  server_still_listening: true\n");
  EXPECT_EQ(exit_code_, 0) << run;
  EXPECT_EQ(Check(run, "server.runs_until_stopped")["status"], "pass");
}

// It waited the whole ready_timeout (5 s) for an answer known at once.
TEST_F(ServerLifecycleTest, ServerOnAnotherPortIsDecidedWithoutWaitingForTheReadyTimeout) {
  const auto run = Run("s = welcome(int(sys.argv[1]) + 1)\ntime.sleep(3600)\n");
  EXPECT_EQ(exit_code_, 1) << run;
  EXPECT_EQ(Check(run, "server.ready")["message"],
            "the server listens on TCP port 6790, not on 6789, and has waited there, idle, for 200ms");
  EXPECT_LT(run["duration_s"].get<double>(), 2.5) << run;
}

TEST_F(ServerLifecycleTest, ServerBoundToUdpInsteadOfTcpIsDecidedWithoutWaitingForTheReadyTimeout) {
  const auto run = Run(
      "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nu.bind(('127.0.0.1', int(sys.argv[1])))\n"
      "time.sleep(3600)\n");
  EXPECT_EQ(exit_code_, 1) << run;
  EXPECT_EQ(Check(run, "server.ready")["message"],
            "the server bound UDP port 6789 instead of listening on TCP port 6789, and has waited there, idle, for "
            "200ms");
  EXPECT_LT(run["duration_s"].get<double>(), 2.5) << run;
}

TEST_F(ServerLifecycleTest, ReferenceUdpServerPassesStillBound) {
  const auto run = RunUdp("{build}/scenarios/udp_capitalize_server {port} {host}");
  EXPECT_EQ(exit_code_, 0) << run;
  EXPECT_EQ(Check(run, "server_still_bound")["message"],
            "a socket was still bound to UDP port 9876 after the clients were done");
}

// The one-shot UDP server of a student who read "recvfrom, sendto" and
// stopped there: it answers its first datagram and exits.
TEST_F(ServerLifecycleTest, UdpServerThatExitsAfterOneDatagramFailsStillBound) {
  const auto run = RunUdp("python3 {here}/server.py {port}",
                          "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                          "s.bind(('127.0.0.1', int(sys.argv[1])))\n"
                          "data, client = s.recvfrom(65536)\ns.sendto(data.upper(), client)\n");
  EXPECT_EQ(exit_code_, 1) << run;
  EXPECT_EQ(Failed(run), (std::vector<std::string>{"server_still_bound", "server.runs_until_stopped"})) << run["checks"];
  EXPECT_EQ(Check(run, "server_still_bound")["message"],
            "nothing was bound to UDP port 9876 after the clients were done");
}

// Still running, but its socket closed after its reply, 50 ms of CPU
// later: the run settles after that, so it is seen on any machine.
TEST_F(ServerLifecycleTest, UdpServerThatClosesItsSocketAfterOneDatagramFailsStillBound) {
  const auto run = RunUdp("python3 {here}/server.py {port}",
                          "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                          "s.bind(('127.0.0.1', int(sys.argv[1])))\n"
                          "data, client = s.recvfrom(65536)\ns.sendto(data.upper(), client)\n"
                          "t = time.process_time()\nwhile time.process_time() - t < 0.05:\n    pass\n"
                          "s.close()\ntime.sleep(3600)\n");
  EXPECT_EQ(exit_code_, 1) << run;
  EXPECT_EQ(Failed(run), std::vector<std::string>{"server_still_bound"}) << run["checks"];
}

// A socket opened before the welcome socket (here a UDP socket for a log)
// while the server still starts up (0.4 s of work) is not a wrong answer.
TEST_F(ServerLifecycleTest, ServerThatOpensAnotherSocketFirstAndStartsSlowlyIsWaitedFor) {
  const auto run = Run(
      "log = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nlog.bind(('127.0.0.1', 5140))\n"
      "t = time.process_time()\nwhile time.process_time() - t < 0.4:\n    pass\n"
      "s = welcome(int(sys.argv[1]))\nwhile True:\n    serve(s.accept()[0])\n");
  EXPECT_EQ(exit_code_, 0) << run;
  EXPECT_EQ(Check(run, "server.ready")["status"], "pass") << run;
}

}  // namespace
}  // namespace wirecheck
