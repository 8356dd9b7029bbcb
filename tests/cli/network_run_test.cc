// Scenarios with hosts (`network:`), end to end through `wirecheck run`:
// programs on two hosts joined by the wire, a capture on each side of it
// (the checks judge the server's; the client's says what the wire lost),
// the seed printed and replayed. Label `run`. Needs the run's
// namespaces; NetworkRunTest also /dev/net/tun (root here: the device is
// mode 0600), NetworkRunAsUserTest root to become nobody, whose wire is
// veth; each test skips with the reason where they are missing.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/run_command.h"
#include "tests/support/run_folders.h"

namespace wirecheck {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::RunWirecheck;

const std::string kSource = WIRECHECK_SOURCE_DIR;
const std::string kNetwork = kSource + "/scenarios/network/";
const std::string kBuild = fs::path(WIRECHECK_BINARY).parent_path().string();

class NetworkRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const std::string why = testing::WhyNoTunWire(); !why.empty()) GTEST_SKIP() << why;
  }
};

testing::CommandResult RunNetwork(const std::string& scenario, std::vector<std::string> more = {}) {
  std::vector<std::string> args = {"run", kNetwork + scenario, "--build", kBuild};
  args.insert(args.end(), more.begin(), more.end());
  return RunWirecheck(args);
}

// The numbers of the packets the wire dropped in one direction, from the
// JSON report's decision log ("client->server #3 (52 bytes): ...").
// `reason`: only the drops for it ("loss", "rule"); empty: every drop.
std::vector<int> DroppedNumbers(const json& run, const std::string& direction, const std::string& reason = "") {
  std::vector<int> numbers;
  const std::regex line("^" + direction + " #([0-9]+) .*\\((" + (reason.empty() ? std::string(".*") : reason) + ")[^(]*\\)$");
  for (const json& d : run["wire"]["drops"]) {
    std::smatch m;
    const std::string text = d.get<std::string>();
    if (std::regex_search(text, m, line)) numbers.push_back(std::stoi(m[1]));
  }
  return numbers;
}

// The check with this id in a JSON run; null if none.
json CheckOf(const json& run, const std::string& id) {
  for (const json& c : run["checks"]) {
    if (c["id"] == id) return c;
  }
  ADD_FAILURE() << "no check " << id << " in " << run.dump(2);
  return json();
}

// A direction's object of the wire summary.
json WireDirection(const json& run, const std::string& direction) {
  for (const json& d : run["wire"]["directions"]) {
    if (d["direction"] == direction) return d;
  }
  ADD_FAILURE() << "no direction " << direction << " in " << run["wire"].dump(2);
  return json();
}

std::uint64_t Packets(const json& run, const std::string& direction) {
  for (const json& d : run["wire"]["directions"]) {
    if (d["direction"] == direction) return d["packets"];
  }
  return 0;
}

TEST(NetworkCheckTest, CheckAcceptsTheNetworkExamples) {
  std::vector<std::string> args = {"check"};
  for (const auto& e : fs::directory_iterator(kNetwork)) args.push_back(e.path().string());
  ASSERT_GE(args.size(), 4u);
  const auto r = RunWirecheck(args);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

// The lecture's two hosts: the connections' 4-tuples hold the client
// host's own address, seen in the kept capture of the server's side.
TEST_F(NetworkRunTest, TwoHostsShowTheClientsOwnAddress) {
  testing::TestFolder kept("wirecheck-two-hosts");
  const auto r = RunNetwork("tcp_two_hosts.yaml", {"--keep-pcap", kept.path().string()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("[   WIRE   ] server 192.0.2.163 and client 198.51.100.201, seed "), std::string::npos)
      << r.out;
  const auto show = RunWirecheck({"show", (kept.path() / "tcp_two_hosts.pcap").string()});
  ASSERT_EQ(show.exit_code, 0) << show.out << show.err;
  std::size_t connections = 0;
  const std::regex client("198\\.51\\.100\\.201:[0-9]+ +192\\.0\\.2\\.163:80 ");
  for (auto it = std::sregex_iterator(show.out.begin(), show.out.end(), client);
       it != std::sregex_iterator(); ++it) {
    ++connections;
  }
  EXPECT_EQ(connections, 2u) << show.out;
  EXPECT_EQ(show.out.find("127.0.0.1"), std::string::npos) << show.out;
}

// A UDP client that never retransmits, under 30% loss with a seed that
// loses its request: it fails, saying the reply never came; the wire's log
// says which packet was lost; the same seed loses the same packet again.
// The checks say the request was sent (seen on the client's side of the
// wire) and lost on the wire, not that it was never sent.
TEST_F(NetworkRunTest, UdpClientThatNeverRetransmitsFailsUnderLossTheSameWayEachTime) {
  std::vector<json> runs;
  for (int i = 0; i < 2; ++i) {
    const auto r = RunNetwork("udp_capitalize_loss.yaml", {"--format", "json"});
    ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
    runs.push_back(json::parse(r.out)["runs"][0]);
  }
  const json& run = runs[0];
  EXPECT_EQ(run["wire"]["seed"], 6);
  EXPECT_EQ(run["wire"]["drops"], json::array({"client->server #1 (44 bytes): lost on the wire (loss)"}));
  EXPECT_NE(run.dump().find("no reply within 5 s"), std::string::npos) << run.dump(2);
  EXPECT_EQ(runs[0]["wire"], runs[1]["wire"]);
  const json request = CheckOf(run, "client_datagrams.count");
  EXPECT_EQ(request["status"], "fail");
  EXPECT_EQ(request["message"],
            "the server received 0 datagrams from the clients, expected exactly 1; the clients sent 1 datagram (seen "
            "on the client's side of the wire), lost on the wire: client->server #1 (44 bytes) (loss)");
  EXPECT_NE(CheckOf(run, "c-client.stdout")["message"].get<std::string>().find(
                "; across the wire, the clients sent 1 datagram (seen on the client's side of the wire), lost on the "
                "wire: client->server #1 (44 bytes) (loss)"),
            std::string::npos) << run.dump(2);
  EXPECT_EQ(WireDirection(run, "client->server")["client_side"], 1);
  EXPECT_EQ(WireDirection(run, "client->server")["server_side"], 0);
  EXPECT_EQ(run["capture"]["client_side"]["packets"], 1);
}

// Seed 1 lets the request through and loses the reply: the client fails
// the same way, though the server answered; the server's checks pass and
// say the reply was lost server->client, as does the client's failure.
TEST_F(NetworkRunTest, UdpLossOfTheReplyIsShownAsLostServerToClient) {
  const auto lost = RunNetwork("udp_capitalize_loss.yaml", {"--seed", "1", "--format", "json"});
  ASSERT_EQ(lost.exit_code, 1) << lost.out << lost.err;
  const json lost_run = json::parse(lost.out)["runs"][0];
  EXPECT_EQ(lost_run["wire"]["seed"], 1);
  EXPECT_EQ(lost_run["wire"]["drops"], json::array({"server->client #1 (44 bytes): lost on the wire (loss)"}));
  EXPECT_NE(lost_run.dump().find("no reply within 5 s"), std::string::npos) << lost_run.dump(2);
  const json reply = CheckOf(lost_run, "server_datagrams.count");
  EXPECT_EQ(reply["status"], "pass");
  EXPECT_EQ(reply["message"],
            "the server sent 1 datagrams; the clients received 0 of them (seen on the client's side of the wire), "
            "lost on the wire: server->client #1 (44 bytes) (loss)");
  EXPECT_EQ(CheckOf(lost_run, "client_datagrams.count")["status"], "pass");
  EXPECT_NE(CheckOf(lost_run, "c-client.exit")["message"].get<std::string>().find(
                "; across the wire, the server sent 1 datagram and the clients received 0 of them"),
            std::string::npos) << lost_run.dump(2);
  EXPECT_EQ(WireDirection(lost_run, "server->client")["server_side"], 1);
  EXPECT_EQ(WireDirection(lost_run, "server->client")["client_side"], 0);
}

// Seed 2 loses neither: every check passes, and the two sides saw the same
// packets each way; the console says so beside the wire's counts.
TEST_F(NetworkRunTest, UdpWithoutLossPassesAndBothSidesAgree) {
  const auto lucky = RunNetwork("udp_capitalize_loss.yaml", {"--seed", "2"});
  EXPECT_EQ(lucky.exit_code, 0) << lucky.out << lucky.err;
  EXPECT_NE(lucky.out.find("seed 2 (replay: --seed 2)"), std::string::npos) << lucky.out;
  EXPECT_NE(lucky.out.find("[   WIRE   ] client->server: 1 packet, 1 delivered, 0 dropped; seen by the captures: "
                           "client side 1, server side 1"),
            std::string::npos) << lucky.out;
  EXPECT_NE(lucky.out.find("[   WIRE   ] server->client: 1 packet, 1 delivered, 0 dropped; seen by the captures: "
                           "server side 1, client side 1"),
            std::string::npos) << lucky.out;
  const auto json_run = RunNetwork("udp_capitalize_loss.yaml", {"--seed", "2", "--format", "json"});
  ASSERT_EQ(json_run.exit_code, 0) << json_run.out << json_run.err;
  const json run = json::parse(json_run.out)["runs"][0];
  for (const json& c : run["checks"]) {
    EXPECT_EQ(c["message"].get<std::string>().find("side of the wire"), std::string::npos) << c.dump();
    EXPECT_EQ(c["message"].get<std::string>().find("lost on the wire"), std::string::npos) << c.dump();
  }
  for (const std::string direction : {"client->server", "server->client"}) {
    EXPECT_EQ(WireDirection(run, direction)["client_side"], WireDirection(run, direction)["server_side"]);
  }
}

// --keep-pcap keeps both sides: the client's beside the server's, where
// `wirecheck show` finds the client's request the wire lost.
TEST_F(NetworkRunTest, KeepPcapKeepsTheClientsSideBesideTheServers) {
  testing::TestFolder kept("wirecheck-keep-sides");
  const auto r = RunNetwork("udp_capitalize_loss.yaml", {"--format", "json", "--keep-pcap", kept.path().string()});
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  const json run = json::parse(r.out)["runs"][0];
  const fs::path server = kept.path() / "udp_capitalize_loss.pcap";
  const fs::path client = kept.path() / "udp_capitalize_loss-client.pcap";
  EXPECT_EQ(run["capture"]["file"], server.string());
  EXPECT_EQ(run["capture"]["client_side"]["file"], client.string());
  const auto on_client = RunWirecheck({"show", client.string()});
  ASSERT_EQ(on_client.exit_code, 0) << on_client.out << on_client.err;
  EXPECT_TRUE(std::regex_search(on_client.out, std::regex("198\\.51\\.100\\.7:[0-9]+ +192\\.0\\.2\\.1:9876 ")))
      << on_client.out;
  const auto on_server = RunWirecheck({"show", server.string()});
  ASSERT_EQ(on_server.exit_code, 0) << on_server.out << on_server.err;
  EXPECT_EQ(on_server.out.find("198.51.100.7"), std::string::npos) << on_server.out;
}

// TCP under loss and reordering completes; the server's retransmissions
// are seen on its side of the wire (t in Zeek's history).
TEST_F(NetworkRunTest, TcpUnderLossAndReorderingCompletesWithRetransmissions) {
  testing::TestFolder kept("wirecheck-tcp-loss");
  const auto r = RunNetwork("tcp_loss_reorder.yaml", {"--format", "json", "--keep-pcap", kept.path().string()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const json run = json::parse(r.out)["runs"][0];
  EXPECT_FALSE(DroppedNumbers(run, "server->client").empty()) << run["wire"];
  const auto show = RunWirecheck({"show", (kept.path() / "tcp_loss_reorder.pcap").string(), "--format", "json"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  bool retransmitted = false;
  std::istringstream lines(show.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    const json c = json::parse(line);
    if (c.contains("history") && c["history"].get<std::string>().find_first_of("tT") != std::string::npos) {
      retransmitted = true;
    }
  }
  EXPECT_TRUE(retransmitted) << show.out;
}

// A check of one TCP connection that fails because of the wire says what
// the client's side of it saw and which of the connection's packets the
// wire dropped. Deterministic, though TCP retransmits: the wire drops the
// server's first data segment (an exact rule, no chance), and a segment the
// client never acknowledges must be sent again (by the tail loss probe or
// the retransmission timer), so the server's side always holds two copies
// (`t` in Zeek's history) and the client's side one (the rule drops only the
// first data segment, not its retransmission). The two sides' histories
// differ: the client's lacks the lost copy (it may have a `t` of its own,
// when the server's FIN overtook the data sent again).
TEST_F(NetworkRunTest, ATcpCheckFailedByTheWireSaysWhatTheClientsSideSawAndWhichSegmentWasLost) {
  const auto r = RunNetwork("tcp_lost_reply_history.yaml", {"--format", "json"});
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  const json run = json::parse(r.out)["runs"][0];
  ASSERT_EQ(run["wire"]["drops"].size(), 1u) << run["wire"];
  const std::string drop = run["wire"]["drops"][0];
  const std::smatch m = [&] {
    std::smatch found;
    std::regex_match(drop, found, std::regex("^(server->client #[0-9]+ \\([0-9]+ bytes\\)): lost on the wire (\\(rule 1\\))$"));
    return found;
  }();
  ASSERT_FALSE(m.empty()) << drop;
  const json history = CheckOf(run, "every_connection.history");
  EXPECT_EQ(history["status"], "fail");
  // 'history "ShADadftF" does not match /^[^t]*$/; history "ShADafdtF", conn_state SF (seen on the client's
  // side of the wire), lost on the wire: server->client #3 (78 bytes) (rule 1)': the letters follow the
  // programs' timing.
  const std::string message = history["message"];
  std::smatch sides;
  ASSERT_TRUE(std::regex_match(message, sides,
                               std::regex("^history \"([^\"]*t[^\"]*)\" does not match /\\^\\[\\^t\\]\\*\\$/; "
                                          "history \"([^\"]*)\", conn_state SF \\(seen on the client's side of the "
                                          "wire\\), lost on the wire: (.*)$")))
      << message;
  EXPECT_NE(sides[1].str(), sides[2].str()) << message;
  EXPECT_EQ(sides[3].str(), m[1].str() + " " + m[2].str()) << message;
  EXPECT_EQ(CheckOf(run, "every_connection.conn_state")["status"], "pass");
  EXPECT_EQ(CheckOf(run, "every_connection.server_sends")["status"], "pass");
  EXPECT_EQ(CheckOf(run, "every_connection.handshake")["message"].get<std::string>().find("side of the wire"),
            std::string::npos);
}

// The handshake failed by the wire: it drops the first eight SYN-ACKs
// (exact rules), twice what the server sends before the client is stopped
// at 2.5 s (4 in a run by hand: the first, the server's own retransmissions
// and its answers to the SYNs the client sends again). Whatever the timing,
// the client never receives one, so it never sends the ACK: the server's
// side never sees the handshake complete, and the message says the SYN-ACK
// was lost, not that the client failed to answer it.
TEST_F(NetworkRunTest, AHandshakeFailedByTheWireSaysTheClientNeverReceivedTheSynAck) {
  testing::TestFolder folder("wirecheck-network-syn-ack");
  std::ofstream(folder.path() / "s.yaml")
      << "scenario: SYN-ACKs lost\nprotocol: tcp\nnetwork:\n  hosts: { server: 192.0.2.1, client: 198.51.100.7 }\n"
         "  server_to_client:\n"
         "    drop: [first_syn, { nth_syn: 2 }, { nth_syn: 3 }, { nth_syn: 4 }, { nth_syn: 5 }, { nth_syn: 6 },\n"
         "           { nth_syn: 7 }, { nth_syn: 8 }]\n"
         "server:\n  run: \"{build}/scenarios/tcp_capitalize_server_iterative {port} {host}\"\n"
         "clients:\n  - run: \"{build}/scenarios/tcp_capitalize_client {host} {port}\"\n    host: client\n"
         "    stdin: \"hi\\n\"\n    timeout: 2500ms\n"
         "expect:\n  every_connection:\n    handshake: complete\n";
  const auto r = RunWirecheck({"run", (folder.path() / "s.yaml").string(), "--build", kBuild, "--format", "json"});
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  const json run = json::parse(r.out)["runs"][0];
  ASSERT_FALSE(run["wire"]["drops"].empty()) << run["wire"];
  EXPECT_EQ(run["wire"]["drops"][0], "server->client #1 (60 bytes): lost on the wire (rule 1)");
  const std::string message = CheckOf(run, "every_connection.handshake")["message"];
  EXPECT_TRUE(message.starts_with("the client never acknowledged the SYN-ACK #2; the client never received the "
                                  "SYN-ACK (seen on the client's side of the wire), lost on the wire: "
                                  "server->client #1 (60 bytes) (rule 1), server->client #2 (60 bytes) (rule 2)"))
      << message;
  EXPECT_EQ(message.find("client->server"), std::string::npos) << message;
}

// Replay: the same --seed drops the same packets. With loss, a packet's
// fate depends on its number alone, so two runs agree on every packet
// number both carried, even where TCP's timing made one carry more. (The
// exact drop rule counts data segments, whose numbers among all packets
// may differ with timing: only the loss drops are compared.)
TEST_F(NetworkRunTest, TheSameSeedDropsTheSamePackets) {
  std::vector<json> runs;
  for (int i = 0; i < 2; ++i) {
    const auto r = RunNetwork("tcp_loss_reorder.yaml", {"--seed", "12345", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    runs.push_back(json::parse(r.out)["runs"][0]);
  }
  for (const std::string direction : {"client->server", "server->client"}) {
    const std::uint64_t both = std::min(Packets(runs[0], direction), Packets(runs[1], direction));
    ASSERT_GT(both, 10u);
    std::vector<int> first, second;
    for (int n : DroppedNumbers(runs[0], direction, "loss")) if (static_cast<std::uint64_t>(n) <= both) first.push_back(n);
    for (int n : DroppedNumbers(runs[1], direction, "loss")) if (static_cast<std::uint64_t>(n) <= both) second.push_back(n);
    EXPECT_FALSE(first.empty()) << direction;
    EXPECT_EQ(first, second) << direction;
  }
}

// A wire that holds every datagram 300 ms on its way to the server, and a
// client that gives up 10 ms after sending its one datagram: when the
// programs have ended, the datagram is still on the wire, with nothing
// before it on the server's device. The runner lets the captures drain
// only once the wire says it holds nothing, so the server's side sees it
// arrive. With the 60 ms idle rule alone the capture had ended ~100 ms
// after the send, and the server's side saw no datagram (checked by hand,
// 3 of 3 runs); with the counted drain and no question to the wire, the
// counts meet at once and it is not seen either (checked by hand).
TEST_F(NetworkRunTest, APacketTheWireStillHoldsWhenTheProgramsEndIsSeen) {
  testing::TestFolder folder("wirecheck-network-delay");
  std::ofstream(folder.path() / "s.yaml")
      << "scenario: a slow wire\nprotocol: udp\nnetwork:\n  hosts: { server: 192.0.2.1, client: 198.51.100.7 }\n"
         "  client_to_server: { delay: 300ms }\n"
         "server:\n  run: \"{build}/scenarios/udp_capitalize_server {port} {host}\"\n"
         "clients:\n  - run: \"{build}/scenarios/udp_capitalize_client_retry {host} {port} 1 10\"\n    host: client\n"
         "    stdin: \"hi\\n\"\n    expect: { exit: 1 }\n"
         "expect:\n  client_datagrams: { count: 1, payloads: [\"hi\\n\"] }\n";
  const auto r = RunWirecheck({"run", (folder.path() / "s.yaml").string(), "--build", kBuild, "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const json run = json::parse(r.out)["runs"][0];
  EXPECT_EQ(CheckOf(run, "client_datagrams.count")["status"], "pass") << r.out;
  EXPECT_EQ(CheckOf(run, "client_datagrams.payloads")["status"], "pass") << r.out;
}

// Hosts named, but every program on the server's host: the run is what it
// is without a network (one loopback, no wire, {host} 127.0.0.1).
TEST_F(NetworkRunTest, EveryProgramOnTheServersHostIsARunWithoutAWire) {
  testing::TestFolder folder("wirecheck-network-one-host");
  std::ofstream(folder.path() / "s.yaml")
      << "scenario: one host\nnetwork:\n  hosts: { server: 192.0.2.1, client: 198.51.100.7 }\n"
         "server:\n  run: \"{build}/scenarios/tcp_capitalize_server_iterative {port} {host}\"\n"
         "clients:\n  - run: \"{build}/scenarios/tcp_capitalize_client {host} {port}\"\n    stdin: \"hi\\n\"\n"
         "    expect: { exit: 0, stdout: \"FROM SERVER: HI\\n\" }\nexpect:\n  connections: 1\n";
  const auto r = RunWirecheck({"run", (folder.path() / "s.yaml").string(), "--build", kBuild});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("[   WIRE   ]"), std::string::npos) << r.out;
}

// Clients on both hosts: refused (the capture is the server's side of the
// wire), a bad input, when the file is loaded: `run` says where, before
// any sandbox or program (so no TUN device is needed to see it).
TEST(NetworkCheckTest, ClientsOnBothHostsAreRefusedByRun) {
  testing::TestFolder folder("wirecheck-network-both-hosts");
  const std::string file = (folder.path() / "s.yaml").string();
  std::ofstream(file)
      << "scenario: both hosts\nnetwork:\n  hosts: { server: 192.0.2.1, client: 198.51.100.7 }\n"
         "server:\n  run: \"{build}/scenarios/tcp_capitalize_server_iterative {port} {host}\"\n"
         "clients:\n  - run: \"{build}/scenarios/tcp_capitalize_client {host} {port}\"\n    host: client\n"
         "  - name: local\n    run: \"{build}/scenarios/tcp_capitalize_client {host} {port}\"\n";
  const auto r = RunWirecheck({"run", file, "--build", kBuild});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("bad input: " + file + ":9:5: client group 'local' runs on the server's host, while others "
                                               "run on another"),
            std::string::npos) << r.out << r.err;
}

// `wirecheck check` refuses what `run` would (host_layout.h): a scripted
// client on the other host, and a group left on the server's host beside
// it; exit 2, each at its file:line:column.
TEST(NetworkCheckTest, CheckRefusesPlacesARunCannotMake) {
  testing::TestFolder folder("wirecheck-network-layout");
  const std::string file = (folder.path() / "s.yaml").string();
  std::ofstream(file) << "scenario: layout\nnetwork:\n  hosts: { server: 192.0.2.1, client: 198.51.100.7 }\n"
                         "server:\n  run: ./server\nclients:\n  - name: peer\n    host: client\n"
                         "    script: [connect, { expect: \"HI\\n\" }]\n  - name: local\n    run: ./client\n";
  const auto r = RunWirecheck({"check", file});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find(file + ":8:11: error: client group 'peer': a scripted client runs on the server's host "
                              "only, for now; give it no 'host', or run a program"),
            std::string::npos) << r.err;
  EXPECT_NE(r.err.find(file + ":10:5: error: client group 'local' runs on the server's host, while others run on "
                              "another"),
            std::string::npos) << r.err;
}

// As an ordinary user (nobody through setpriv), where /dev/net/tun is
// closed to it (mode 0600 here): the wire uses veth pairs, made with the
// capabilities of the run's user namespace alone. `env` is put before
// wirecheck (WIRECHECK_WIRE_DEVICE=...).
class NetworkRunAsUserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to run wirecheck as nobody";
    const std::string why = testing::WhyNoRunSandbox();
    if (!why.empty()) GTEST_SKIP() << why;
    struct stat st {};
    if (stat("/dev/net/tun", &st) != 0 || (st.st_mode & 0006) == 0006) {
      GTEST_SKIP() << "/dev/net/tun is open to every user here";
    }
    fs::permissions(folder_.path(), fs::perms::all);
    // Copies of what the runs need, where nobody can reach them wherever the build is.
    fs::copy_file(WIRECHECK_BINARY, folder_.path() / "wirecheck");
    fs::create_directory(folder_.path() / "scenarios");
    for (const char* program : {"tcp_capitalize_server_iterative", "tcp_capitalize_client", "udp_capitalize_server",
                                "udp_capitalize_client"}) {
      fs::copy_file(fs::path(kBuild) / "scenarios" / program, folder_.path() / "scenarios" / program);
    }
    for (const char* scenario : {"tcp_two_hosts.yaml", "udp_capitalize_loss.yaml"}) {
      fs::copy_file(kNetwork + scenario, folder_.path() / scenario);
      fs::permissions(folder_.path() / scenario, fs::perms::all);
    }
  }

  testing::CommandResult RunAsNobody(const std::string& scenario, std::vector<std::string> more = {},
                                     const std::string& env = "") {
    const std::string dir = folder_.path().string();
    std::vector<std::string> argv = {"/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"};
    if (!env.empty()) argv.insert(argv.end(), {"/usr/bin/env", env});
    argv.insert(argv.end(), {dir + "/wirecheck", "run", "--build", dir, "--submission", dir, dir + "/" + scenario});
    argv.insert(argv.end(), more.begin(), more.end());
    return testing::RunCommand(argv);
  }

  testing::TestFolder folder_{"wirecheck-network-as-user"};
};

// The lecture's two hosts run and pass over veth, the console says so; the
// kept capture of the server's wire0 (Ethernet now, not raw IP) shows both
// connections from the client host's address.
TEST_F(NetworkRunAsUserTest, AScenarioWithHostsRunsOverVeth) {
  const auto r = RunAsNobody("tcp_two_hosts.yaml", {"--keep-pcap", folder_.path().string()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("[   WIRE   ] server 192.0.2.163 and client 198.51.100.201, seed "), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(", over veth"), std::string::npos) << r.out;
  const auto show = RunWirecheck({"show", (folder_.path() / "tcp_two_hosts.pcap").string()});
  ASSERT_EQ(show.exit_code, 0) << show.out << show.err;
  const std::regex client("198\\.51\\.100\\.201:[0-9]+ +192\\.0\\.2\\.163:80 ");
  EXPECT_EQ(std::distance(std::sregex_iterator(show.out.begin(), show.out.end(), client), std::sregex_iterator()), 2)
      << show.out;
}

// Over veth the same seed drops the same packet as over TUN
// (NetworkRunTest.UdpClientThatNeverRetransmitsFailsUnderLossTheSameWayEachTime):
// the scheduler does not know the device.
TEST_F(NetworkRunAsUserTest, UnderLossTheSameSeedDropsTheSamePacketOverVeth) {
  for (const std::string seed : {"6", "1"}) {
    const auto r = RunAsNobody("udp_capitalize_loss.yaml", {"--seed", seed, "--format", "json"});
    ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
    const json run = json::parse(r.out)["runs"][0];
    EXPECT_EQ(run["wire"]["device"], "veth");
    EXPECT_EQ(run["wire"]["drops"],
              json::array({seed == "6" ? "client->server #1 (44 bytes): lost on the wire (loss)"
                                       : "server->client #1 (44 bytes): lost on the wire (loss)"}))
        << seed;
    EXPECT_NE(run.dump().find("no reply within 5 s"), std::string::npos) << run.dump(2);
  }
}

// TCP under loss over veth (nobody) and over TUN (root, where it opens):
// with the same seed both drop the same packet numbers, as far as both
// carried packets (TCP's timing makes the counts differ).
TEST_F(NetworkRunAsUserTest, TcpUnderLossDropsTheSamePacketsOverVethAsOverTun) {
  fs::copy_file(kNetwork + "tcp_loss_reorder.yaml", folder_.path() / "tcp_loss_reorder.yaml");
  fs::permissions(folder_.path() / "tcp_loss_reorder.yaml", fs::perms::all);
  const auto veth = RunAsNobody("tcp_loss_reorder.yaml", {"--seed", "12345", "--format", "json"});
  ASSERT_EQ(veth.exit_code, 0) << veth.out << veth.err;
  const auto tun = RunNetwork("tcp_loss_reorder.yaml", {"--seed", "12345", "--format", "json"});
  if (tun.exit_code == 3) GTEST_SKIP() << "no TUN wire to compare with: " << tun.out;
  ASSERT_EQ(tun.exit_code, 0) << tun.out << tun.err;
  const json veth_run = json::parse(veth.out)["runs"][0];
  const json tun_run = json::parse(tun.out)["runs"][0];
  EXPECT_EQ(veth_run["wire"]["device"], "veth");
  EXPECT_EQ(tun_run["wire"]["device"], "tun");
  for (const std::string direction : {"client->server", "server->client"}) {
    const std::uint64_t both = std::min(Packets(veth_run, direction), Packets(tun_run, direction));
    ASSERT_GT(both, 10u);
    std::vector<int> over_veth, over_tun;
    for (int n : DroppedNumbers(veth_run, direction, "loss")) if (static_cast<std::uint64_t>(n) <= both) over_veth.push_back(n);
    for (int n : DroppedNumbers(tun_run, direction, "loss")) if (static_cast<std::uint64_t>(n) <= both) over_tun.push_back(n);
    EXPECT_FALSE(over_veth.empty()) << direction;
    EXPECT_EQ(over_veth, over_tun) << direction;
  }
}

// TUN forced where it cannot open: an environment error that says why,
// never a run on one loopback instead. (Without the variable the same
// words come only when veth fails too.)
TEST_F(NetworkRunAsUserTest, TunForcedWithoutTheTunDeviceIsAnEnvironmentError) {
  const auto r = RunAsNobody("tcp_two_hosts.yaml", {}, "WIRECHECK_WIRE_DEVICE=tun");
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.out.find("cannot open /dev/net/tun: Permission denied (its mode is 0600"), std::string::npos)
      << r.out << r.err;
  EXPECT_NE(r.out.find("(WIRECHECK_WIRE_DEVICE=tun; unset it to let the wire use veth)"), std::string::npos)
      << r.out << r.err;
}

TEST_F(NetworkRunAsUserTest, AnUnknownDeviceIsAnEnvironmentError) {
  const auto r = RunAsNobody("tcp_two_hosts.yaml", {}, "WIRECHECK_WIRE_DEVICE=tap");
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.out.find("WIRECHECK_WIRE_DEVICE=tap: expected tun, veth or auto"), std::string::npos)
      << r.out << r.err;
}

}  // namespace
}  // namespace wirecheck
