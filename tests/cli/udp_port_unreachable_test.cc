// ICMP port unreachable as evidence, through `wirecheck run` as a user runs
// it: a real Python UDP server (in a folder of the test's own) that exits
// after its first datagram, and a scripted client that sends two. The
// kernel answers the second with ICMP port unreachable; the run's capture
// holds it, and the failed check on the server's datagrams names it and its
// packet. Label `run`.

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

class UdpPortUnreachableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string why = testing::WhyNoRunSandbox();
    if (!why.empty()) GTEST_SKIP() << "no sandbox for runs: " << why;
    // A run as nobody reads its server here: the folder is open to all.
    folder_.emplace("wirecheck-icmp-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    dir_ = folder_->path();
  }

  static nlohmann::json Check(const nlohmann::json& run, const std::string& id) {
    for (const auto& check : run["checks"]) {
      if (check["id"] == id) return check;
    }
    ADD_FAILURE() << "no check " << id << " in " << run["checks"];
    return {};
  }

  std::optional<testing::TestFolder> folder_;
  fs::path dir_;
};

TEST_F(UdpPortUnreachableTest, ServerThatExitsAfterItsFirstDatagramFailsNamingThePortUnreachable) {
  std::ofstream(dir_ / "server.py")
      << "import socket, sys\n"
         "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
         "s.bind(('127.0.0.1', int(sys.argv[1])))\n"
         "data, sender = s.recvfrom(1024)\n"
         "s.sendto(data.upper(), sender)\n";
  std::ofstream(dir_ / "scenario.yaml")
      << "scenario: a UDP server that exits after one datagram\nprotocol: udp\ntimeout: 20s\n"
         "server:\n  run: \"python3 {here}/server.py {port}\"\n  port: 6789\n"
         "clients:\n  - name: scripted\n    script:\n"
         "      - sendto: \"one\\n\"\n"
         "      - recvfrom: \"ONE\\n\"\n"
         "      - sleep: 300ms\n"  // the server has exited by then
         "      - sendto: \"two\\n\"\n"
         "      - recvfrom: \"TWO\\n\"\n"
         "        timeout: 500ms\n"
         "expect:\n  server_datagrams: { count: 2 }\n";
  const auto r = testing::RunWirecheck({"run", (dir_ / "scenario.yaml").string(), "--build", kBuild, "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const nlohmann::json run = nlohmann::json::parse(r.out)["runs"][0];
  const nlohmann::json check = Check(run, "server_datagrams.count");
  EXPECT_EQ(check["status"], "fail") << check;
  const std::string message = check["message"];
  EXPECT_EQ(message.rfind("the server sent 1 datagrams, expected exactly 2; no reply: the kernel answered the "
                          "client's datagram with ICMP port unreachable (packet ", 0), 0u) << message;
  EXPECT_NE(message.find("): nothing was bound to UDP port 6789 when it arrived"), std::string::npos) << message;
  EXPECT_NE(std::string(check["hint"]).find("ICMP port unreachable"), std::string::npos) << check;
  ASSERT_EQ(check["evidence"]["packets"].size(), 1u) << check;
  // The packet cited is the one the message names.
  const std::string number = std::to_string(check["evidence"]["packets"][0]["number"].get<int>());
  EXPECT_NE(message.find("(packet " + number + ")"), std::string::npos) << message;
}

}  // namespace
}  // namespace wirecheck
