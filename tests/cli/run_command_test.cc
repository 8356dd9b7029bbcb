// `wirecheck run` and `wirecheck verify` as a user runs them: the real
// binary, real processes in a real sandbox, a real capture. Label `run`:
// they need user + network namespaces (or root); each skips with the reason
// when the sandbox cannot be made.

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "harness/sandbox/sandbox.h"
#include "tests/support/junit_dialect.h"
#include "tests/support/run_command.h"
#include "tests/support/run_folders.h"

namespace wirecheck {
namespace {

using testing::RunWirecheck;

const std::string kSource = WIRECHECK_SOURCE_DIR;
const std::string kFixtures = kSource + "/tests/fixtures/scenarios/run/";
const std::string kBuild = std::filesystem::path(WIRECHECK_BINARY).parent_path().string();

using testing::WhyNoRunSandbox;

#define SKIP_WITHOUT_SANDBOX()                                          \
  do {                                                                  \
    const std::string why = WhyNoRunSandbox();                             \
    if (!why.empty()) GTEST_SKIP() << "no sandbox for runs: " << why;   \
  } while (0)

std::vector<std::string> RunArgs(const std::string& scenario, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"run", scenario, "--build", kBuild};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

TEST(RunCommandTest, IterativeCapitalizeServerPassesEveryCheck) {
  SKIP_WITHOUT_SANDBOX();
  const auto r = RunWirecheck(RunArgs(kFixtures + "capitalize_two_clients.yaml"));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("[  PASSED  ] 19 checks."), std::string::npos) << r.out;
}

TEST(RunCommandTest, ExampleWithPythonAndScriptedClientsPasses) {
  SKIP_WITHOUT_SANDBOX();
  const auto r = RunWirecheck(RunArgs(kSource + "/scenarios/examples/tcp_capitalize_iterative.yaml"));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("[       OK ] scripts.slow-writer"), std::string::npos) << r.out;
}

TEST(RunCommandTest, ServerThatDoesNotUpperCaseFailsServerSendsAtByteZero) {
  SKIP_WITHOUT_SANDBOX();
  const auto r = RunWirecheck(RunArgs(kFixtures + "echo_server_no_upper.yaml", {"--format", "json"}));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto report = nlohmann::json::parse(r.out);
  bool found = false;
  for (const auto& check : report["runs"][0]["checks"]) {
    if (check["id"] != "every_connection.server_sends") continue;
    found = true;
    EXPECT_EQ(check["status"], "fail");
    EXPECT_NE(check.dump().find("differs at byte 0: expected \\\"H\\\", got \\\"h\\\""), std::string::npos)
        << check.dump(2);
  }
  EXPECT_TRUE(found) << r.out;
}

// A scripted client whose expect fails still holds and closes where its
// script says: the server (which closes after its one reply) sends the
// first FIN, and the client's FIN comes after the 300 ms hold. Before, the
// client closed at once and raced the server's FIN.
TEST(RunCommandTest, WrongReplyStillHoldsSoTheServerClosesFirst) {
  SKIP_WITHOUT_SANDBOX();
  const auto r = RunWirecheck(RunArgs(kFixtures + "wrong_reply_then_hold.yaml", {"--format", "json"}));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto report = nlohmann::json::parse(r.out);
  std::map<std::string, nlohmann::json> checks;
  for (const auto& check : report["runs"][0]["checks"]) checks[check["id"]] = check;
  ASSERT_EQ(checks.count("scripts.client"), 1u) << r.out;
  EXPECT_EQ(checks["scripts.client"]["status"], "fail");
  const std::string message = checks["scripts.client"]["message"];
  EXPECT_TRUE(message.starts_with("client: step 3 (expect, ")) << message;
  EXPECT_NE(message.find(": mismatch: expected line \"HELLO SOCKETS\", received \"hello sockets\\n\": they differ "
                         "at offset 0"),
            std::string::npos)
      << message;
  EXPECT_EQ(checks["every_connection.close.first_fin"]["status"], "pass") << checks["every_connection.close.first_fin"];
  const auto& clean = checks["every_connection.close.clean"];
  EXPECT_EQ(clean["status"], "pass") << clean;
  // Its evidence: the server's FIN, then the client's after the hold.
  ASSERT_EQ(clean["evidence"]["packets"].size(), 2u) << clean;
  const double server_fin = clean["evidence"]["packets"][0]["time_s"];
  const double client_fin = clean["evidence"]["packets"][1]["time_s"];
  EXPECT_GE(client_fin - server_fin, 0.25) << clean;
}

// A server command that does not exist is the program's fault, not the
// harness's: a failed run (exit 1), the server.ready check saying why.
TEST(RunCommandTest, MissingServerProgramIsAFailedCheckNotAHarnessError) {
  SKIP_WITHOUT_SANDBOX();
  const auto r = RunWirecheck(RunArgs(kFixtures + "missing_server.yaml"));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("[  FAILED  ] server.ready"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no_such_server: No such file or directory"), std::string::npos) << r.out;
}

TEST(RunCommandTest, JunitReportIsWellFormedAndKeepsThePcap) {
  SKIP_WITHOUT_SANDBOX();
  const auto dir = std::filesystem::temp_directory_path() / "wirecheck-run-test";
  std::filesystem::remove_all(dir);
  const std::string xml = (dir / "report.xml").string();
  std::filesystem::create_directories(dir);
  const auto r = RunWirecheck(RunArgs(kFixtures + "echo_server_no_upper.yaml",
                                  {"--format", "junit", "--output", xml, "--keep-pcap", dir.string()}));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "echo_server_no_upper.pcap"));
  // Well-formed: Python's XML parser reads it (exit 0) and finds the failure.
  const auto parsed = testing::RunCommand({"/usr/bin/env", "python3", "-c",
      "import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); "
      "print(len(d.getElementsByTagName('failure')))", xml});
  EXPECT_EQ(parsed.exit_code, 0) << parsed.err;
  EXPECT_NE(parsed.out, "0\n") << parsed.out;
  std::ifstream in(xml);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(testing::JunitDialectErrors(text), "");
  const auto show = RunWirecheck({"show", (dir / "echo_server_no_upper.pcap").string()});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("2 conversations (2 TCP, 0 UDP)"), std::string::npos) << show.out;
  std::filesystem::remove_all(dir);
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// One run, three reports: the console on standard output and JUnit and JSON
// files, each with every check of that same run.
TEST(RunCommandTest, OneRunWritesConsoleJunitAndJsonTogether) {
  SKIP_WITHOUT_SANDBOX();
  const auto dir = std::filesystem::temp_directory_path() / ("wirecheck-reports-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  // The folder of out.xml does not exist yet: it is made.
  const auto r = RunWirecheck(RunArgs(kFixtures + "echo_server_no_upper.yaml",
                                      {"--report", "junit=" + (dir / "ci" / "out.xml").string(), "--report",
                                       "json=" + (dir / "out.json").string()}));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const std::string xml = ReadFile(dir / "ci" / "out.xml");
  EXPECT_EQ(testing::JunitDialectErrors(xml), "");
  const auto json = nlohmann::json::parse(ReadFile(dir / "out.json"));
  const auto& checks = json["runs"][0]["checks"];
  ASSERT_GT(checks.size(), 3u);
  for (const auto& check : checks) {
    const std::string id = check["id"];
    // The same checks everywhere, with the same verdicts.
    EXPECT_NE(r.out.find((check["status"] == "pass" ? "[       OK ] " : "[  FAILED  ] ") + id), std::string::npos)
        << id << "\n" << r.out;
    EXPECT_NE(xml.find("name=\"" + id + "\""), std::string::npos) << id;
  }
  EXPECT_NE(xml.find("<failure"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(RunOptionsTest, TwoReportsToStandardOutputAreBadInput) {
  const auto r = RunWirecheck({"run", kFixtures + "capitalize_two_clients.yaml", "--report", "json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "wirecheck: two reports (console and json) to standard output: give each report a place of "
                   "its own (--report FORMAT=FILE)\n");
  EXPECT_EQ(r.out, "");
}

TEST(RunOptionsTest, UnknownFormatInReportIsBadInputNamingTheFormats) {
  const auto r = RunWirecheck({"run", kFixtures + "capitalize_two_clients.yaml", "--report", "xml=out.xml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.substr(0, r.err.find('\n')), "--report: unknown report format 'xml'; known: console, json, junit, html")
      << r.err;
  EXPECT_FALSE(std::filesystem::exists("out.xml"));
}

TEST(RunOptionsTest, ReportFileThatCannotBeWrittenFailsBeforeAnyRun) {
  const auto r = RunWirecheck({"run", kFixtures + "capitalize_two_clients.yaml", "--report",
                               "junit=/dev/null/out.xml"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.err, "wirecheck: cannot write /dev/null/out.xml: Not a directory\n");
  EXPECT_EQ(r.out, "");
}

// verify needs no sandbox: the capture was taken elsewhere.
TEST(RunCommandTest, VerifyPassesWireChecksOfTheBundledCapture) {
  const auto r = RunWirecheck({"verify", kSource + "/scenarios/captures/capitalize-tcp.pcap", "--scenario",
                               kFixtures + "capitalize_capture.yaml", "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto run = nlohmann::json::parse(r.out)["runs"][0];
  int passed = 0, not_applicable = 0;
  for (const auto& check : run["checks"]) {
    const std::string id = check["id"];
    if (check["status"] == "pass") ++passed;
    if (check["status"] == "not_applicable") ++not_applicable;
    const bool process_check = id.rfind("server.", 0) == 0 || id.rfind("client-1.", 0) == 0;
    EXPECT_EQ(check["status"], process_check ? "not_applicable" : "pass") << id;
  }
  EXPECT_GE(passed, 7);
  EXPECT_GE(not_applicable, 2);
}

TEST(RunCommandTest, VerifyOfAFileThatIsNotACaptureIsBadInput) {
  const auto r = RunWirecheck({"verify", kFixtures + "capitalize_capture.yaml", "--scenario",
                               kFixtures + "capitalize_capture.yaml"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
}

}  // namespace
}  // namespace wirecheck

namespace wirecheck {
namespace {

// The deliberately broken reference programs (scenarios/programs.md): each
// must fail the check that names its bug, with the evidence a student needs.

std::string ScenarioWithServer(const std::string& program) {
  std::ifstream in(kFixtures + "concurrency_probe.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  // The run: line holds the last SERVER_PROGRAM (the comment above it names it too).
  text.replace(text.rfind("SERVER_PROGRAM"), std::string("SERVER_PROGRAM").size(), program);
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("wirecheck-probe-" + program + ".yaml")).string();
  std::ofstream(path) << text;
  return path;
}

TEST(RunCommandTest, ConcurrentServerServesThreeClientsAtOnce) {
  SKIP_WITHOUT_SANDBOX();
  const auto r = RunWirecheck(RunArgs(ScenarioWithServer("tcp_capitalize_server_fork")));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("[       OK ] max_open_at_once"), std::string::npos) << r.out;
}

TEST(RunCommandTest, OneAtATimeServerFailsMaxOpenAtOnce) {
  SKIP_WITHOUT_SANDBOX();
  const auto r = RunWirecheck(RunArgs(ScenarioWithServer("tcp_server_one_at_a_time")));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("[  FAILED  ] max_open_at_once"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("at most 1 connection served at once"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hint: the server serves one client at a time"), std::string::npos) << r.out;
}

TEST(RunCommandTest, ServerClosingWithUnreadDataFailsCleanCloseWithTheRstHint) {
  SKIP_WITHOUT_SANDBOX();
  const auto r = RunWirecheck(RunArgs(kFixtures + "unread_close.yaml"));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("[  FAILED  ] every_connection.close.clean"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("observed: RST from the server"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("closed the socket with unread data in it"), std::string::npos) << r.out;
}

TEST(RunCommandTest, ServerWritingItsWholeBufferFailsServerSendsWithThePadding) {
  SKIP_WITHOUT_SANDBOX();
  const auto r = RunWirecheck(RunArgs(kFixtures + "whole_buffer.yaml"));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("[  FAILED  ] every_connection.server_sends"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("observed: 1024 bytes: \"HELLO SOCKETS\\n\\x00"), std::string::npos) << r.out;
}

// Every bundled example scenario (C, Python, Java, scripted peers, UDP,
// IPv6) passes against the reference programs.
TEST(RunCommandTest, EveryExampleScenarioPasses) {
  SKIP_WITHOUT_SANDBOX();
  int ran = 0;
  for (const auto& e : std::filesystem::directory_iterator(kSource + "/scenarios/examples")) {
    if (e.path().extension() != ".yaml") continue;
    const auto r = RunWirecheck(RunArgs(e.path().string()));
    EXPECT_EQ(r.exit_code, 0) << e.path() << "\n" << r.out << r.err;
    ++ran;
  }
  EXPECT_GE(ran, 7);
}

// --no-sandbox: the host's loopback, a port filter, and the drain's idle rule
// (no namespace of its own, so lo's packet count is not the run's).
TEST(RunCommandTest, NoSandboxRunsOnTheHostsLoopback) {
  if (geteuid() != 0) GTEST_SKIP() << "capturing on the host's lo needs root (CAP_NET_RAW)";
  const std::string kept = ::testing::TempDir() + "wirecheck-no-sandbox";
  const auto r = RunWirecheck(RunArgs(kFixtures + "capitalize_two_clients.yaml",
                                      {"--no-sandbox", "--format", "json", "--keep-pcap", kept}));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto run = nlohmann::json::parse(r.out)["runs"][0];
  EXPECT_EQ(run["capture"]["conversations"], 2);
  EXPECT_EQ(run["capture"]["kernel_drops"], 0);
  // Each packet once, though lo shows every packet going out and coming in:
  // a connection here is 9 to 11 packets; captured twice it would be 18+.
  EXPECT_GE(run["capture"]["packets"].get<int>(), 2 * 8) << run["capture"];
  EXPECT_LE(run["capture"]["packets"].get<int>(), 2 * 12) << run["capture"];
  std::filesystem::remove_all(kept);
}

// Evidence out of reach: a server that never answers replaces every file of
// its run's directory with a passing capture (and plants capture.pcap, the
// old name). The run's capture has no name any more: the verdict is still
// what the wire showed. Before, this server passed every wire check.
TEST(RunCommandTest, ServerCannotForgeItsCapture) {
  SKIP_WITHOUT_SANDBOX();
  const auto r = RunWirecheck({"run", kSource + "/tests/fixtures/scenarios/hostile/forge_capture.yaml", "--build",
                               kBuild, "--scenarios", kSource + "/scenarios", "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto run = nlohmann::json::parse(r.out)["runs"][0];
  std::map<std::string, std::string> status;
  for (const auto& check : run["checks"]) status[check["id"]] = check["status"];
  EXPECT_EQ(status["every_connection.server_sends"], "fail");
  EXPECT_EQ(status["every_connection.close.clean"], "fail");
  EXPECT_EQ(run["capture"]["conversations"], 2);
  // The forger did run, and found no file of the run's to replace.
  const std::string said = run["processes"][0]["stdout"];
  EXPECT_EQ(said.rfind("forger: replaced 0 files and ", 0), 0u) << said;
}

// Anyone may send a UDP datagram: the server sends VXLAN datagrams holding a
// whole passing connection to its own port, then answers in lower case. A
// live run does not open tunnels, so the forged connection neither counts
// nor earns a share of server_sends (show, on the same pcap, finds it).
TEST(RunCommandTest, ServerCannotForgeAConnectionInsideATunnel) {
  SKIP_WITHOUT_SANDBOX();
  testing::TestFolder kept("wirecheck-forge-tunnel");
  const auto r = RunWirecheck({"run", kSource + "/tests/fixtures/scenarios/hostile/forge_tunnel.yaml", "--build",
                               kBuild, "--keep-pcap", kept.path().string(), "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto run = nlohmann::json::parse(r.out)["runs"][0];
  std::map<std::string, nlohmann::json> checks;
  for (const auto& check : run["checks"]) checks[check["id"]] = check;
  EXPECT_EQ(checks["connections"]["message"], "1 connection to port 6789");
  EXPECT_EQ(checks["every_connection.server_sends"]["status"], "fail");
  EXPECT_EQ(checks["every_connection.server_sends"]["points"]["earned"], 0.0);
  EXPECT_EQ(run["capture"]["conversations"], 2);  // the real connection and the datagrams to 4789
  // The forgery was on the wire: opened as a tunnel, it is a passing connection.
  const auto shown = RunWirecheck({"show", (kept.path() / "forge_tunnel.pcap").string()});
  EXPECT_NE(shown.out.find("127.0.0.1:40001   127.0.0.1:6789  ShADadfF  SF"), std::string::npos) << shown.out;
}

// wirecheck's memory is bounded against a flood: 21,000 flows from one
// client, past the 20,000 conversations a run tracks. The rest are counted,
// and the wire checks are inconclusive (never a pass on what was left out).
TEST(RunCommandTest, FloodOfFlowsIsCountedPastTheBoundAndMakesWireChecksInconclusive) {
  SKIP_WITHOUT_SANDBOX();
  const auto r = RunWirecheck({"run", kSource + "/tests/fixtures/scenarios/hostile/flood_flows.yaml", "--build",
                               kBuild, "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto run = nlohmann::json::parse(r.out)["runs"][0];
  EXPECT_EQ(run["capture"]["conversations"], 20000);
  EXPECT_EQ(run["capture"]["untracked_packets"], 1000);
  for (const auto& check : run["checks"]) {
    if (check["id"] != "connections") continue;
    EXPECT_EQ(check["status"], "inconclusive");
    EXPECT_EQ(check["message"].get<std::string>().rfind(
                  "the run started more conversations than wirecheck tracks (1000 packets left out)", 0),
              0u)
        << check["message"];
  }
}

// A listening Unix socket at `path`, made by the test itself as a decoy; the
// descriptor, or -1.
int ListenOnUnixSocket(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) return -1;
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  unlink(path.c_str());
  if (bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 || listen(fd, 4) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

bool CanConnect(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const bool connected = fd >= 0 && connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  if (fd >= 0) close(fd);
  return connected;
}

std::vector<std::string> NamesIn(const std::filesystem::path& folder) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(folder)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// A run's filesystem (docs/sandbox.md, "What a run gets"): its own folders
// read-only, a private /tmp, nothing else of the host. A client tries the
// test's own decoys, each reachable from the host while the run lasts: a
// file and a listening Unix socket in a folder beside the scenario's, a
// Unix socket in the host's /tmp; then it writes into its scenario folder
// and rewrites the scenario file. It prints the errno name of each attempt:
//  - the decoy file and the socket beside it: ENOENT. {here} is bound alone
//    at its own path, under folders init made for it; its sibling is not there;
//  - the host's /tmp socket: ENOENT. The run's /tmp is its own tmpfs;
//  - a new file in {here}: EROFS. Creating on a read-only mount fails so
//    before any permission check (as nobody, EACCES would come otherwise);
//  - the scenario file opened with O_TRUNC: EROFS, for the same reason.
TEST(RunCommandTest, ProgramsSeeNothingOfTheHostButTheirFolders) {
  SKIP_WITHOUT_SANDBOX();
  namespace fs = std::filesystem;
  const std::string pid = std::to_string(getpid());
  const fs::path top = fs::temp_directory_path() / ("wirecheck-contained-" + pid);
  const fs::path run = top / "run", outside = top / "outside";
  fs::remove_all(top);
  fs::create_directories(run);
  fs::create_directories(outside);
  const auto open_to_all = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                           fs::perms::others_read | fs::perms::others_exec;
  for (const fs::path& folder : {top, run, outside}) fs::permissions(folder, open_to_all);
  const std::string decoy = (outside / "decoy.txt").string();
  const std::string decoy_text = "the test's decoy " + pid + "\n";
  std::ofstream(decoy) << decoy_text;
  const std::string outside_socket = (outside / "decoy.sock").string();
  const std::string host_socket = "/tmp/wirecheck-decoy-" + pid + ".sock";
  const int outside_fd = ListenOnUnixSocket(outside_socket);
  const int host_fd = ListenOnUnixSocket(host_socket);
  ASSERT_GE(outside_fd, 0) << outside_socket << ": " << std::strerror(errno);
  ASSERT_GE(host_fd, 0) << host_socket << ": " << std::strerror(errno);
  // Reachable from the host: an ENOENT in the run is the run's doing.
  EXPECT_TRUE(CanConnect(outside_socket));
  EXPECT_TRUE(CanConnect(host_socket));
  std::ofstream(run / "client.py") <<
      "import errno, socket, sys\n"
      "decoy, outside_socket, host_socket, here = sys.argv[1:5]\n"
      "def read(path):\n    open(path).read()\n"
      "def connect(path):\n    with socket.socket(socket.AF_UNIX) as s:\n        s.connect(path)\n"
      "def write(path):\n    with open(path, 'w') as f:\n        f.write('scenario: replaced\\n')\n"
      "def attempt(action, path):\n    try:\n        action(path)\n        return 'REACHED'\n"
      "    except OSError as e:\n        return errno.errorcode.get(e.errno, str(e.errno))\n"
      "print(attempt(read, decoy), attempt(connect, outside_socket), attempt(connect, host_socket),\n"
      "      attempt(write, here + '/planted'), attempt(write, here + '/scenario.yaml'))\n";
  const std::string scenario_text =
      "scenario: programs see nothing of the host but their folders\nprotocol: tcp\ntimeout: 15s\n"
      "server:\n  run: \"{build}/scenarios/tcp_capitalize_server_iterative {port} {host}\"\n  port: 6789\n"
      "clients:\n  - name: prober\n    run: [python3, \"{here}/client.py\", \"" + decoy + "\", \"" + outside_socket +
      "\", \"" + host_socket + "\", \"{here}\"]\n    timeout: 5s\n"
      "    expect: { exit: 0, stdout: \"ENOENT ENOENT ENOENT EROFS EROFS\\n\" }\n";
  std::ofstream(run / "scenario.yaml") << scenario_text;
  for (const char* file : {"client.py", "scenario.yaml"}) {
    fs::permissions(run / file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                                    fs::perms::others_read);
  }
  const auto r = RunWirecheck(RunArgs((run / "scenario.yaml").string(), {"--format", "json"}));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto report = nlohmann::json::parse(r.out);
  std::map<std::string, std::string> status;
  for (const auto& check : report["runs"][0]["checks"]) status[check["id"]] = check["status"];
  EXPECT_EQ(status["prober.stdout"], "pass") << r.out;
  EXPECT_EQ(ReadFile(decoy), decoy_text);
  EXPECT_EQ(ReadFile(run / "scenario.yaml"), scenario_text);
  EXPECT_EQ(NamesIn(run), (std::vector<std::string>{"client.py", "scenario.yaml"}));
  close(outside_fd);
  close(host_fd);
  unlink(host_socket.c_str());
  fs::remove_all(top);
}

// wirecheck doctor tries what a run needs, as root and as an ordinary user,
// and its verdict and exit code follow what it found.
TEST(RunCommandTest, DoctorSaysWhatARunIsolates) {
  const bool sandbox = WhyNoRunSandbox().empty();
  const auto r = RunWirecheck({"doctor"});
  EXPECT_EQ(r.exit_code, sandbox ? 0 : 3) << r.out << r.err;
  EXPECT_NE(r.out.find(sandbox ? "[ OK ] user namespaces: a run gets its own user, network and PID namespaces\n"
                               : "[ NO ] user namespaces: "),
            std::string::npos)
      << r.out;
  // From the build tree: its own folder, and the source tree's scenarios.
  const std::string build = std::filesystem::path(WIRECHECK_BINARY).parent_path().string();
  EXPECT_NE(r.out.find("[ -- ] run folders: {build} " + build + ", {scenarios} " + WIRECHECK_SOURCE_DIR +
                       "/scenarios\n"),
            std::string::npos)
      << r.out;
  if (sandbox) {
    EXPECT_NE(r.out.find("[ OK ] capture inside a run: libpcap opens the run's own lo without privileges\n"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("[ OK ] own filesystem: a run gets its own mount namespace"), std::string::npos) << r.out;
  }
  if (geteuid() != 0) return;
  EXPECT_NE(r.out.find("[ OK ] programs' identity: wirecheck runs as root; a run's programs are nobody"),
            std::string::npos)
      << r.out;
  const auto user = testing::RunCommand(
      {"/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", WIRECHECK_BINARY, "doctor"});
  if (user.exit_code == 126 || user.exit_code == 127) GTEST_SKIP() << "nobody cannot run " << WIRECHECK_BINARY;
  EXPECT_NE(user.out.find("[ NO ] capture on the host's loopback (--no-sandbox): not allowed"), std::string::npos)
      << user.out;
  EXPECT_NE(user.out.find("[ -- ] programs' identity: your own user (uid "), std::string::npos) << user.out;
}

// Without the capability to capture, the host-loopback path is an
// environment error with the way out (exit 3), never a crash: the capture
// child dies at once, and telling it to drain must not kill wirecheck with
// SIGPIPE (it did: exit 141, no report). Run as `nobody` through setpriv.
TEST(RunCommandTest, NoSandboxWithoutCapturePermissionIsAnEnvironmentError) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to run wirecheck as nobody";
  const std::vector<std::string> as_nobody = {"/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"};
  auto with = [&](std::vector<std::string> argv) {
    argv.insert(argv.begin(), as_nobody.begin(), as_nobody.end());
    return argv;
  };
  const std::string scenario = kFixtures + "capitalize_two_clients.yaml";
  if (testing::RunCommand(with({"test", "-x", WIRECHECK_BINARY, "-a", "-r", scenario})).exit_code != 0) {
    GTEST_SKIP() << "nobody cannot reach " << WIRECHECK_BINARY << " or " << scenario;
  }
  const auto r = testing::RunCommand(with({WIRECHECK_BINARY, "run", scenario, "--build", kBuild, "--no-sandbox"}));
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.out.find("[  ERROR   ] environment: cannot capture on lo: no permission (CAP_NET_RAW)"),
            std::string::npos)
      << r.out;
}

// The load example: 1,000 scripted clients at once against the threads
// server; every check passes and the capture lost nothing.
TEST(RunCommandTest, ThousandConcurrentClientsPassWithZeroKernelDrops) {
  SKIP_WITHOUT_SANDBOX();
  const auto r = RunWirecheck(
      RunArgs(kSource + "/scenarios/examples/tcp_load_1000_clients.yaml", {"--format", "json"}));
  ASSERT_EQ(r.exit_code, 0) << r.out.substr(0, 4000) << r.err;
  const auto run = nlohmann::json::parse(r.out)["runs"][0];
  EXPECT_EQ(run["capture"]["kernel_drops"], 0);
  EXPECT_EQ(run["capture"]["conversations"], 1000);
  EXPECT_GE(run["capture"]["packets"].get<int>(), 1000 * 9);  // handshake, data both ways, FIN both ways
  EXPECT_EQ(run["summary"]["pass"], run["summary"]["checks"]);
  EXPECT_GE(run["summary"]["checks"].get<int>(), 1000);  // one per scripted client, and the wire checks
}

// The same load with the smallest ring libpcap makes (--capture-buffer 1:
// one 256 KiB block; while the capture reads it out, the kernel has nowhere
// to put a packet): packets are dropped (206 to 3,243 in 60 runs here), and
// the run must not pass. Every check that rests on what was not seen is
// inconclusive; none fails, for the programs are correct (a failure here
// would be a wrong verdict: it was, when a client's lost SYN and request
// left its FIN at byte 0 of its "stream").
TEST(RunCommandTest, TinyCaptureBufferDropsPacketsAndTheRunIsInconclusiveNeverPassed) {
  SKIP_WITHOUT_SANDBOX();
  const auto r = RunWirecheck(RunArgs(kSource + "/scenarios/examples/tcp_load_1000_clients.yaml",
                                      {"--capture-buffer", "1", "--format", "json"}));
  EXPECT_EQ(r.exit_code, 1) << r.out.substr(0, 4000) << r.err;
  const auto run = nlohmann::json::parse(r.out)["runs"][0];
  const int drops = run["capture"]["kernel_drops"].get<int>();
  ASSERT_GT(drops, 0) << run["capture"];
  std::map<std::string, nlohmann::json> checks;
  for (const auto& check : run["checks"]) {
    checks[check["id"]] = check;
    EXPECT_NE(check["status"], "fail") << check;
  }
  EXPECT_GT(run["summary"]["inconclusive"].get<int>(), 0) << run["summary"];
  for (const char* id : {"connections", "distinct_4tuples", "max_open_at_once", "every_connection.close.clean"}) {
    EXPECT_EQ(checks[id]["status"], "inconclusive") << checks[id];
    EXPECT_EQ(checks[id]["message"].get<std::string>().rfind(
                  "the capture lost " + std::to_string(drops) + " packets, so this cannot be told: ", 0),
              0u)
        << checks[id];
  }
  // What the programs did is not in the capture: still decided.
  EXPECT_EQ(checks["server.no_crash"]["status"], "pass") << checks["server.no_crash"];
  EXPECT_EQ(checks["server_still_listening"]["status"], "pass") << checks["server_still_listening"];
}

// Options only: no run starts, so no sandbox is needed (label cli).
TEST(RunOptionsTest, HelpNamesTheReportFormatsNotTheirNumbers) {
  const auto r = RunWirecheck({"run", "--help"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("--format console|json|junit"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("->0"), std::string::npos) << r.out;
}

TEST(RunOptionsTest, CaptureBufferTakesASizeAndRefusesWhatLibpcapCannot) {
  const std::string scenario = kFixtures + "capitalize_two_clients.yaml";
  const auto unit = RunWirecheck({"run", scenario, "--capture-buffer", "64KB/s"});
  EXPECT_EQ(unit.exit_code, 2);
  EXPECT_EQ(unit.err.substr(0, unit.err.find('\n')),
            "--capture-buffer: unknown unit in size '64KB/s' (units: B, KiB, MiB, GiB, KB, MB, GB)")
      << unit.err;
  const auto zero = RunWirecheck({"run", scenario, "--capture-buffer", "0"});
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_EQ(zero.err.substr(0, zero.err.find('\n')), "--capture-buffer: a capture buffer of 0 bytes would hold no packet")
      << zero.err;
  const auto huge = RunWirecheck({"run", scenario, "--capture-buffer", "2GiB"});
  EXPECT_EQ(huge.exit_code, 2);
  EXPECT_EQ(huge.err.substr(0, huge.err.find('\n')),
            "--capture-buffer: 2GiB is more than libpcap takes (2147483647 bytes)")
      << huge.err;
}

TEST(RunOptionsTest, UnknownReportFormatIsBadInputNamingTheFormats) {
  const auto r = RunWirecheck({"run", "--format", "xml", kFixtures + "capitalize_two_clients.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.substr(0, r.err.find('\n')), "--format: xml is not one of console|json|junit|html") << r.err;
}

}  // namespace
}  // namespace wirecheck
