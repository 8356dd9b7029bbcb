// `wirecheck show` run as a user runs it: the real binary on real files.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/run_command.h"

namespace wirecheck {
namespace {

using testing::RunWirecheck;

const std::string kExample = std::string(WIRECHECK_SOURCE_DIR) + "/scenarios/captures/capitalize-tcp.pcap";

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("wirecheck-show-" + name)).string();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// The bundled capture: two clients of the capitalize server; the first
// closes first, the second is closed by the server first.
TEST(ShowCommandTest, TableShowsBothConnectionsWithZeekHistory) {
  const auto r = RunWirecheck({"show", kExample});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("ShADadFf"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ShADadfF"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("20 packets, 2 conversations (2 TCP, 0 UDP)"), std::string::npos) << r.out;
}

TEST(ShowCommandTest, JsonLinesCarryZeekFields) {
  const auto r = RunWirecheck({"show", "--format", "json", kExample});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto first = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
  EXPECT_EQ(first["proto"], "tcp");
  EXPECT_EQ(first["orig_h"], "127.0.0.1");
  EXPECT_EQ(first["resp_p"], 6789);
  EXPECT_EQ(first["history"], "ShADadFf");
  EXPECT_EQ(first["conn_state"], "SF");
  EXPECT_EQ(first["orig_bytes"], 14);   // "hello sockets\n"
  EXPECT_EQ(first["resp_bytes"], 14);   // "HELLO SOCKETS\n"
  EXPECT_EQ(first["orig_pkts"], 6);
  EXPECT_EQ(first["resp_pkts"], 4);
  EXPECT_EQ(first["handshake"]["complete"], true);
  EXPECT_EQ(first["first_fin"], "orig");
}

// Zeek's tunnel_parents: the uids of the outer connections, only on the rows
// of connections inside tunnels (Zeek's JSON logs leave out empty sets).
// geneve.pcap (tcpdump's corpus): an SSH session inside Geneve, each
// direction in its own outer UDP flow.
TEST(ShowCommandTest, JsonListsTunnelParentsOnlyForConnectionsInsideTunnels) {
  const std::string capture = std::string(WIRECHECK_TEST_DATA_DIR) + "/tcpdump-tests/captures/geneve.pcap";
  const auto r = RunWirecheck({"show", "--format", "json", capture});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  int with_parents = 0;
  while (std::getline(lines, line)) {
    const auto row = nlohmann::json::parse(line);
    if (row["proto"] == "udp") {
      EXPECT_EQ(row["resp_p"], 6081);
      EXPECT_FALSE(row.contains("tunnel_parents")) << line;
      continue;
    }
    ++with_parents;
    EXPECT_EQ(row["resp_p"], 22);
    EXPECT_EQ(row["uid"], "C4");
    EXPECT_EQ(row["tunnel_parents"], nlohmann::json::array({"C3", "C5"}));
  }
  EXPECT_EQ(with_parents, 1);
}

TEST(ShowCommandTest, TableCountsThePacketsInsideUdpTunnels) {
  const std::string capture = std::string(WIRECHECK_TEST_DATA_DIR) + "/tcpdump-tests/captures/geneve.pcap";
  const auto r = RunWirecheck({"show", capture});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("39 packets (and 39 inside UDP tunnels), 5 conversations (1 TCP, 4 UDP), 6 packets "
                       "not TCP/UDP or not decodable: other_transport 6"),
            std::string::npos)
      << r.out;
}

TEST(ShowCommandTest, FollowPrintsBothStreamsInOrder) {
  const auto r = RunWirecheck({"show", "--follow", "1", kExample});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto request = r.out.find("14\nhello sockets\n");
  const auto reply = r.out.find("\t14\n\tHELLO SOCKETS\n");
  ASSERT_NE(request, std::string::npos) << r.out;
  ASSERT_NE(reply, std::string::npos) << r.out;
  EXPECT_LT(request, reply);
}

TEST(ShowCommandTest, FollowOfUnknownConversationIsBadInput) {
  const auto r = RunWirecheck({"show", "--follow", "9", kExample});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "wirecheck: " + kExample + ": no conversation 9 (the capture has 2)\n");
}

TEST(ShowCommandTest, NotACaptureIsOneLineAndExitCode2) {
  const std::string path = TempPath("not-a-capture.txt");
  WriteFile(path, "#!/bin/sh\necho hello\n");
  const auto r = RunWirecheck({"show", path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "wirecheck: " + path + ": not a pcap or pcapng file (starts with 23 21 2f 62)\n");
}

TEST(ShowCommandTest, MissingFileIsBadInput) {
  const auto r = RunWirecheck({"show", "/nonexistent/x.pcap"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/x.pcap"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(ShowCommandTest, CutShortFileReportsWhatWasReadAndWarns) {
  const std::string bytes = ReadFile(kExample);
  const std::string path = TempPath("cut.pcap");
  WriteFile(path, bytes.substr(0, bytes.size() - 20));  // inside the last packet
  const auto r = RunWirecheck({"show", path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("19 packets, 2 conversations"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("wirecheck: warning: " + path), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("packet 20"), std::string::npos) << r.err;
}

TEST(ShowCommandTest, UnknownOptionIsBadInput) {
  const auto r = RunWirecheck({"show", "--colour", kExample});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--colour"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace wirecheck

namespace wirecheck {
namespace {

TEST(ShowCommandTest, EmptyStandardInputIsBadInput) {
  const auto r = testing::RunWirecheck({"show", "-"});  // stdin is /dev/null
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "wirecheck: -: empty file\n");
}

TEST(ShowCommandTest, VersionAndHelpExitZero) {
  const auto version = testing::RunWirecheck({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out, "wirecheck 0.1.0\n");
  const auto help = testing::RunWirecheck({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("show"), std::string::npos) << help.out;
}

TEST(ShowCommandTest, NoCommandIsBadInput) {
  const auto r = testing::RunWirecheck({});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("A subcommand is required"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--help"), std::string::npos) << r.err;
}

TEST(ShowCommandTest, PayloadCapThatIsNotAByteCountIsBadInput) {
  const auto r = testing::RunWirecheck({"show", "--payload-cap", "-1", kExample});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.substr(0, r.err.find('\n')), "--payload-cap: -1 is not a number of bytes (0 or more)")
      << r.err;
}

// 0 keeps no payload: the counts stay exact, --follow says what was not kept.
TEST(ShowCommandTest, PayloadCapZeroKeepsCountsButNoPayload) {
  const auto r = testing::RunWirecheck({"show", "--payload-cap", "0", "--follow", "1", kExample});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("[originator stream shown up to 0 of 14 bytes (payload cap)]"), std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace wirecheck
