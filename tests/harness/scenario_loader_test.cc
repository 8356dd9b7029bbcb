// The scenario loader: what a file turns into, and every error, word for
// word, with its file:line:column.

#include "harness/loader/scenario_loader.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace wirecheck {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const std::string kFixtures = std::string(WIRECHECK_SOURCE_DIR) + "/tests/fixtures/scenarios/";

// "file:line:column: message" lines, as `wirecheck check` prints them
// (without its " error:").
std::string Errors(const ScenarioLoad& load) {
  std::string text;
  for (const ScenarioError& e : load.errors) text += ToString(e) + "\n";
  return text;
}

std::string ErrorsOf(std::string_view yaml) { return Errors(LoadScenarioText(yaml, "s.yaml")); }

// A fixture loaded under its bare name, so messages do not carry the path.
std::string FixtureErrors(const std::string& name) {
  std::ifstream in(kFixtures + name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  EXPECT_TRUE(in.good() || in.eof()) << name;
  const ScenarioLoad load = LoadScenarioText(text.str(), name);
  EXPECT_FALSE(load.scenario.has_value()) << name;
  return Errors(load);
}

Scenario Load(std::string_view yaml) {
  ScenarioLoad load = LoadScenarioText(yaml, "s.yaml");
  EXPECT_EQ(Errors(load), "");
  return load.scenario.value_or(Scenario{});
}

constexpr std::string_view kMinimal = "scenario: minimal\nserver:\n  run: ./server {port}\n";

TEST(ScenarioLoaderTest, MinimalScenarioTakesTheDocumentedDefaults) {
  const Scenario s = Load(kMinimal);
  EXPECT_EQ(s.title, "minimal");
  EXPECT_EQ(s.protocol, Scenario::Protocol::kTcp);
  EXPECT_EQ(s.family, Scenario::Family::kIpv4);
  EXPECT_EQ(s.timeout, seconds(30));
  EXPECT_EQ(s.server.name, "server");
  EXPECT_EQ(s.server.port, 6789);
  EXPECT_EQ(s.server.ready_timeout, seconds(5));
  EXPECT_EQ(s.server.stop, ServerSpec::Stop::kTerminate);
  ASSERT_TRUE(s.server.command.has_value());
  EXPECT_EQ(s.server.command->argv, (std::vector<std::string>{"./server", "{port}"}));
  EXPECT_EQ(s.server.command->cwd, "{submission}");
  EXPECT_FALSE(s.server.command->stdin_bytes.has_value());
  EXPECT_FALSE(s.server.command->timeout.has_value());
  EXPECT_EQ(s.server.command->limits.cpu, seconds(10));
  EXPECT_EQ(s.server.command->limits.address_space, 4ull << 30);
  EXPECT_EQ(s.server.command->limits.processes, 64u);
  EXPECT_EQ(s.server.command->limits.file_size, 64ull << 20);
  EXPECT_EQ(s.server.command->limits.open_files, 256u);
  EXPECT_EQ(s.server.command->limits.output, 1ull << 20);
  EXPECT_TRUE(s.server.expect.no_crash.value);
  EXPECT_TRUE(s.server.expect.no_flood.value);
  EXPECT_TRUE(s.clients.empty());
  EXPECT_TRUE(s.grading.items.empty());
}

TEST(ScenarioLoaderTest, EveryElementKeepsItsFileLineAndColumn) {
  const Scenario s = Load(
      "scenario: places\n"
      "server:\n"
      "  run: ./server\n"
      "clients:\n"
      "  - run: ./client\n"
      "    expect: { exit: 0 }\n"
      "expect:\n"
      "  every_connection:\n"
      "    handshake: complete\n");
  EXPECT_EQ(ToString(s.where), "s.yaml:1:1");
  EXPECT_EQ(ToString(s.server.where), "s.yaml:3:3");
  EXPECT_EQ(ToString(s.server.command->where), "s.yaml:3:8");
  EXPECT_EQ(ToString(s.clients[0].where), "s.yaml:5:5");
  EXPECT_EQ(ToString(s.clients[0].expect.exit->where), "s.yaml:6:21");
  EXPECT_EQ(ToString(s.expect.every_connection->handshake->where), "s.yaml:9:16");
}

TEST(ScenarioLoaderTest, CommandStringsSplitIntoWordsWithQuotes) {
  const Scenario s = Load(
      "scenario: words\n"
      "server:\n"
      "  run: python3 \"{scenarios}/my server.py\" '{port}' a\\ b\n");
  EXPECT_EQ(s.server.command->argv,
            (std::vector<std::string>{"python3", "{scenarios}/my server.py", "{port}", "a b"}));
}

TEST(ScenarioLoaderTest, CommandListsAreTakenWordForWord) {
  const Scenario s = Load("scenario: list\nserver:\n  run: [\"java\", \"-cp\", \"{build}/scenarios/java\", \"TCPServer\"]\n");
  EXPECT_EQ(s.server.command->argv,
            (std::vector<std::string>{"java", "-cp", "{build}/scenarios/java", "TCPServer"}));
}

TEST(ScenarioLoaderTest, ReadsAProgramWithEverySetting) {
  const Scenario s = Load(
      "scenario: a program\n"
      "family: ipv6\n"
      "timeout: 1m\n"
      "server:\n"
      "  name: srv\n"
      "  run: ./server {port}\n"
      "  port: 7000\n"
      "  ready_timeout: 250ms\n"
      "  stop: wait\n"
      "  cwd: \"{here}/bin\"\n"
      "  env: { MODE: fast, PORT: \"{port}\" }\n"
      "  stdin: 'go\\n'\n"
      "  limits: { cpu: 2s, address_space: 512MiB, processes: 8, file_size: 1MB, open_files: 32, output: 64KiB }\n"
      "  timeout: 5s\n"
      "  expect: { exit: 3, no_crash: false, no_flood: false, stdout: ready, stderr: { contains: [warn, 'x\\x41'] },"
      " within: 4s }\n");
  EXPECT_EQ(s.family, Scenario::Family::kIpv6);
  EXPECT_EQ(s.timeout, seconds(60));
  EXPECT_EQ(s.server.name, "srv");
  EXPECT_EQ(s.server.port, 7000);
  EXPECT_EQ(s.server.ready_timeout, milliseconds(250));
  EXPECT_EQ(s.server.stop, ServerSpec::Stop::kWait);
  const Command& c = *s.server.command;
  EXPECT_EQ(c.cwd, "{here}/bin");
  EXPECT_EQ(c.env, (std::vector<std::pair<std::string, std::string>>{{"MODE", "fast"}, {"PORT", "{port}"}}));
  EXPECT_EQ(c.stdin_bytes, "go\n");
  EXPECT_EQ(c.limits.cpu, seconds(2));
  EXPECT_EQ(c.limits.address_space, 512ull << 20);
  EXPECT_EQ(c.limits.processes, 8u);
  EXPECT_EQ(c.limits.file_size, 1'000'000u);
  EXPECT_EQ(c.limits.open_files, 32u);
  EXPECT_EQ(c.limits.output, 64u << 10);
  EXPECT_EQ(c.timeout, seconds(5));
  const ProcessExpect& e = s.server.expect;
  EXPECT_EQ(e.exit->value, 3);
  EXPECT_FALSE(e.no_crash.value);
  EXPECT_FALSE(e.no_flood.value);
  EXPECT_EQ(e.stdout_match->exact, "ready");
  EXPECT_EQ(e.stderr_match->contains, (std::vector<std::string>{"warn", "xA"}));
  EXPECT_EQ(e.within->value, seconds(4));
}

TEST(ScenarioLoaderTest, ReadsClientGroups) {
  const Scenario s = Load(
      "scenario: clients\n"
      "server: { run: ./server }\n"
      "clients:\n"
      "  - run: ./client\n"
      "  - name: burst\n"
      "    run: ./client\n"
      "    count: 5\n"
      "    start: every 100ms\n"
      "    after: server-ready\n"
      "    delay: 1s\n"
      "    timeout: 3s\n"
      "  - { run: ./client, start: together, after: previous-started }\n");
  ASSERT_EQ(s.clients.size(), 3u);
  EXPECT_EQ(s.clients[0].name, "client-1");
  EXPECT_EQ(s.clients[0].count, 1);
  EXPECT_EQ(s.clients[0].start, ClientSpec::Start::kOneByOne);
  EXPECT_EQ(s.clients[0].after, ClientSpec::After::kPreviousFinished);
  EXPECT_EQ(s.clients[0].command->timeout, seconds(10));
  EXPECT_EQ(s.clients[1].name, "burst");
  EXPECT_EQ(s.clients[1].count, 5);
  EXPECT_EQ(s.clients[1].start, ClientSpec::Start::kEvery);
  EXPECT_EQ(s.clients[1].interval, milliseconds(100));
  EXPECT_EQ(s.clients[1].after, ClientSpec::After::kServerReady);
  EXPECT_EQ(s.clients[1].delay, seconds(1));
  EXPECT_EQ(s.clients[1].command->timeout, seconds(3));
  EXPECT_EQ(s.clients[2].name, "client-3");
  EXPECT_EQ(s.clients[2].start, ClientSpec::Start::kTogether);
  EXPECT_EQ(s.clients[2].after, ClientSpec::After::kPreviousStarted);
}

TEST(ScenarioLoaderTest, ReadsATcpScriptStepByStep) {
  const Scenario s = Load(
      "scenario: script\n"
      "server: { run: ./server }\n"
      "clients:\n"
      "  - script:\n"
      "      - connect\n"
      "      - send: hel\n"
      "      - sleep: 100ms\n"
      "      - send: { hex: \"6c 6f 0a\" }\n"
      "      - expect: \"HELLO\\n\"\n"
      "        timeout: 1s\n"
      "      - expect: { line: HI }\n"
      "      - expect: { regex: \"^H+$\" }\n"
      "      - shutdown\n"
      "      - expect_close\n"
      "      - hold: 2s\n"
      "      - reset\n"
      "      - connect: \"[{host}]:{port}\"\n"
      "      - shutdown: both\n"
      "      - hold\n"
      "      - close\n");
  const std::vector<ScriptStep>& steps = s.clients[0].script;
  ASSERT_EQ(steps.size(), 15u);
  using A = ScriptStep::Action;
  EXPECT_EQ(steps[0].action, A::kConnect);
  EXPECT_EQ(steps[0].target, "[{host}]:{port}");  // parses for ::1 too
  EXPECT_EQ(steps[0].timeout, seconds(2));
  EXPECT_EQ(steps[1].bytes, "hel");
  EXPECT_EQ(steps[2].duration, milliseconds(100));
  EXPECT_EQ(steps[3].bytes, "lo\n");
  EXPECT_FALSE(steps[1].bytes_hex);
  EXPECT_TRUE(steps[3].bytes_hex);   // hex payloads never have placeholders expanded
  EXPECT_FALSE(steps[4].match.hex);
  EXPECT_EQ(steps[4].match.kind, StepMatch::Kind::kBytes);
  EXPECT_EQ(steps[4].match.text, "HELLO\n");
  EXPECT_EQ(steps[4].timeout, seconds(1));
  EXPECT_EQ(steps[5].match.kind, StepMatch::Kind::kLine);
  EXPECT_EQ(steps[5].match.text, "HI");
  EXPECT_EQ(steps[6].match.kind, StepMatch::Kind::kRegex);
  EXPECT_EQ(steps[7].action, A::kShutdown);
  EXPECT_EQ(steps[7].how, ScriptStep::ShutdownHow::kWrite);
  EXPECT_EQ(steps[8].action, A::kExpectClose);
  EXPECT_EQ(steps[9].duration, seconds(2));
  EXPECT_EQ(steps[10].action, A::kReset);
  EXPECT_EQ(steps[11].target, "[{host}]:{port}");
  EXPECT_EQ(steps[12].how, ScriptStep::ShutdownHow::kBoth);
  EXPECT_EQ(steps[13].action, A::kHold);
  EXPECT_EQ(steps[13].duration, Duration(0));   // to the end of the run
  EXPECT_EQ(ToString(steps[4].where), "s.yaml:9:9");
}

// A brace that starts no repetition is literal in RE2 (ECMAScript refused
// it), so a peer's regex can name a placeholder, expanded escaped per client.
TEST(ScenarioLoaderTest, APeersRegexMayNameAPlaceholder) {
  const Scenario s = Load(
      "scenario: s\n"
      "server: { run: ./server }\n"
      "clients:\n"
      "  - script: [connect, { send: \"client {index}\\n\" }, { expect: { regex: \"^CLIENT {index}$\" } }]\n");
  ASSERT_EQ(s.clients[0].script.size(), 3u);
  EXPECT_EQ(s.clients[0].script[2].match.text, "^CLIENT {index}$");
}

TEST(ScenarioLoaderTest, ReadsScriptedServersForBothProtocols) {
  const Scenario tcp = Load(
      "scenario: scripted tcp server\n"
      "server:\n"
      "  script: [{ listen: 7000, backlog: 1 }, accept, { expect: { line: hi } }, { send: HI }, close]\n");
  EXPECT_EQ(tcp.server.script[0].target, "7000");
  EXPECT_EQ(tcp.server.script[0].backlog, 1);
  EXPECT_FALSE(tcp.server.command.has_value());
  const Scenario udp = Load(
      "scenario: scripted udp server\n"
      "protocol: udp\n"
      "server:\n"
      "  script: [bind, recvfrom, { reply: PONG }, { recvfrom: ping }, { sendto: x, to: \"{host}:9\" }]\n");
  using A = ScriptStep::Action;
  EXPECT_EQ(udp.server.script[0].target, "{port}");
  EXPECT_EQ(udp.server.script[1].action, A::kRecvFrom);
  EXPECT_EQ(udp.server.script[1].match.kind, StepMatch::Kind::kAny);
  EXPECT_EQ(udp.server.script[2].bytes, "PONG");
  EXPECT_EQ(udp.server.script[3].match.text, "ping");
  EXPECT_EQ(udp.server.script[4].target, "{host}:9");
}

TEST(ScenarioLoaderTest, ReadsTcpWireExpectations) {
  const Scenario s = Load(
      "scenario: wire\n"
      "server: { run: ./server }\n"
      "clients:\n"
      "  - run: ./client\n"
      "    wire: { close: { reset: client } }\n"
      "expect:\n"
      "  connections: 3\n"
      "  every_connection:\n"
      "    handshake: complete\n"
      "    server_port: 6789\n"
      "    client_port: { from: 40000, to: 50000 }\n"
      "    client_sends: 'hello\\n'\n"
      "    server_sends: { lines: [HELLO], regex: \"^H\" }\n"
      "    close: { first_fin: server, clean: true }\n"
      "    history: \"^ShAD\"\n"
      "    conn_state: [SF, S1]\n"
      "  connections_in_order:\n"
      "    - { client_port: ephemeral }\n"
      "    - { client_port: 5000, handshake: refused }\n"
      "  distinct_4tuples: true\n"
      "  max_open_at_once: { at_least: 2 }\n"
      "  server_still_listening: false\n"
      "  listen_backlog: { at_least: 5, at_most: 128 }\n");
  const WireExpect& w = s.expect;
  EXPECT_EQ(w.connections->value.at_least, 3);
  EXPECT_EQ(w.connections->value.at_most, 3);
  const ConnectionExpect& c = *w.every_connection;
  EXPECT_EQ(c.handshake->value, ConnectionExpect::Handshake::kComplete);
  EXPECT_EQ(c.server_port->value, 6789);
  EXPECT_FALSE(c.client_port->value.ephemeral);
  EXPECT_EQ(c.client_port->value.from, 40000);
  EXPECT_EQ(c.client_port->value.to, 50000);
  EXPECT_EQ(c.client_sends->exact, "hello\n");
  EXPECT_EQ(c.server_sends->lines, std::vector<std::string>{"HELLO"});
  EXPECT_EQ(c.server_sends->regex, "^H");
  EXPECT_EQ(c.close->first_fin->value, Side::kServer);
  EXPECT_TRUE(c.close->clean->value);
  EXPECT_EQ(c.history->value, "^ShAD");
  EXPECT_EQ(c.conn_state->value, (std::vector<std::string>{"SF", "S1"}));
  ASSERT_EQ(w.connections_in_order.size(), 2u);
  EXPECT_TRUE(w.connections_in_order[0].client_port->value.ephemeral);
  EXPECT_EQ(w.connections_in_order[1].client_port->value.from, 5000);
  EXPECT_EQ(w.connections_in_order[1].handshake->value, ConnectionExpect::Handshake::kRefused);
  EXPECT_TRUE(w.distinct_4tuples->value);
  EXPECT_EQ(w.max_open_at_once->value.at_least, 2);
  EXPECT_FALSE(w.max_open_at_once->value.at_most.has_value());
  EXPECT_FALSE(w.server_still_listening->value);
  EXPECT_EQ(w.listen_backlog->value.at_most, 128);
  EXPECT_EQ(s.clients[0].wire->close->reset->value, Side::kClient);
}

TEST(ScenarioLoaderTest, ReadsUdpWireExpectationsAndGrading) {
  const Scenario s = Load(
      "scenario: udp\n"
      "protocol: udp\n"
      "server: { run: ./server }\n"
      "expect:\n"
      "  client_datagrams: { count: 2, payloads: ['a\\n', { hex: \"62 0a\" }], size: { at_most: 512 } }\n"
      "  server_datagrams: { each: { regex: \"^[A-Z]\" } }\n"
      "  flows: { at_least: 1 }\n"
      "  replies_to_sender: true\n"
      "  reply_from_bound_port: true\n"
      "  replies_same_size: true\n"
      "  server_still_bound: true\n"
      "grading:\n"
      "  datagrams: 40\n"
      "  replies_to_sender: 60\n");
  const UdpExpect& u = s.expect.udp;
  EXPECT_EQ(u.client_datagrams->count->value.at_least, 2);
  EXPECT_EQ(u.client_datagrams->payloads->value, (std::vector<std::string>{"a\n", "b\n"}));
  EXPECT_EQ(u.client_datagrams->size->value.at_most, 512);
  EXPECT_EQ(u.server_datagrams->each->regex, "^[A-Z]");
  EXPECT_EQ(u.flows->value.at_least, 1);
  EXPECT_TRUE(u.replies_to_sender->value);
  EXPECT_TRUE(u.reply_from_bound_port->value);
  EXPECT_TRUE(u.replies_same_size->value);
  EXPECT_TRUE(u.server_still_bound->value);
  EXPECT_EQ(ToString(u.server_still_bound->where), "s.yaml:11:23");
  ASSERT_EQ(s.grading.items.size(), 2u);
  EXPECT_EQ(s.grading.items[0].check, "datagrams");
  EXPECT_EQ(s.grading.items[0].points, 40);
  EXPECT_EQ(s.grading.items[1].check, "replies_to_sender");
  EXPECT_EQ(ToString(s.grading.items[1].where), "s.yaml:14:3");
}

// reply_delay and replies_apart: a time bound for either protocol, with
// an optional tolerance (time_bound.h gives the default).
TEST(ScenarioLoaderTest, ReadsTimingExpectationsForBothProtocols) {
  const Scenario tcp = Load(
      "scenario: tcp\n"
      "server: { run: ./server }\n"
      "expect:\n"
      "  reply_delay: { at_least: 300ms, at_most: 2s }\n"
      "  replies_apart: { at_least: 300ms, tolerance: 5ms }\n"
      "grading:\n"
      "  reply_delay: 10\n"
      "  replies_apart: 10\n");
  ASSERT_TRUE(tcp.expect.reply_delay);
  EXPECT_EQ(tcp.expect.reply_delay->at_least, std::chrono::milliseconds(300));
  EXPECT_EQ(tcp.expect.reply_delay->at_most, std::chrono::seconds(2));
  EXPECT_FALSE(tcp.expect.reply_delay->tolerance);
  EXPECT_EQ(ToString(tcp.expect.reply_delay->where), "s.yaml:4:16");
  ASSERT_TRUE(tcp.expect.replies_apart);
  EXPECT_EQ(tcp.expect.replies_apart->tolerance, std::chrono::milliseconds(5));
  EXPECT_FALSE(tcp.expect.replies_apart->at_most);
  const Scenario udp = Load("scenario: udp\nprotocol: udp\nserver: { run: ./server }\nexpect:\n"
                            "  reply_delay: { at_most: 100ms }\n");
  ASSERT_TRUE(udp.expect.reply_delay);
  EXPECT_EQ(udp.expect.reply_delay->at_most, std::chrono::milliseconds(100));
}

TEST(ScenarioLoaderTest, TimeBoundsAreCheckedWhereWritten) {
  EXPECT_EQ(ErrorsOf("scenario: s\nserver: { run: ./server }\nexpect:\n"
                     "  reply_delay: { tolerance: 5ms }\n"
                     "  replies_apart: { at_least: 2s, at_most: 1s }\n"),
            "s.yaml:4:16: 'reply_delay': give at_least, at_most or both\n"
            "s.yaml:5:18: 'replies_apart': at_least 2s is more than at_most 1s\n");
  EXPECT_EQ(ErrorsOf("scenario: s\nserver: { run: ./server }\nexpect:\n"
                     "  reply_delay: { at_least: 10ms, tolerance: 10ms }\n"
                     "  replies_apart: 300ms\n"),
            "s.yaml:4:45: 'tolerance': 10ms leaves nothing of at_least 10ms to check\n"
            "s.yaml:5:18: 'replies_apart': expected a mapping of at_least, at_most, tolerance, got '300ms'\n");
  EXPECT_EQ(ErrorsOf("scenario: s\nserver: { run: ./server }\nexpect:\n"
                     "  reply_delay: { at_mots: 1s }\n"
                     "  replies_apart: { at_least: 3 }\n"),
            "s.yaml:4:18: unknown key 'at_mots' in time bound (did you mean 'at_most'?)\n"
            "s.yaml:5:30: 'at_least': '3' has no unit: write 3s or 3ms\n");
  EXPECT_EQ(ErrorsOf("scenario: s\nserver: { run: ./server }\ngrading:\n  reply_delay: 5\n"),
            "s.yaml:4:3: 'grading': 'reply_delay' has points, but the scenario has no reply_delay check\n");
}

// The fixtures: every error of a file, in one pass, word for word.

TEST(ScenarioLoaderTest, UnknownKeysAtEveryLevelGetSuggestions) {
  EXPECT_EQ(FixtureErrors("unknown_keys.yaml"),
            "unknown_keys.yaml:2:1: unknown key 'protcol' in scenario (did you mean 'protocol'?)\n"
            "unknown_keys.yaml:5:3: unknown key 'prot' in server (did you mean 'port'?)\n"
            "unknown_keys.yaml:8:24: unknown key 'stdot' in process expect (did you mean 'stdout'?)\n"
            "unknown_keys.yaml:9:34: unknown key 'clinet_sends' in connection expect (did you mean 'client_sends'?)\n"
            "unknown_keys.yaml:11:3: unknown key 'every_conection' in wire expect (did you mean 'every_connection'?)\n"
            "unknown_keys.yaml:12:23: unknown key 'at_lest' in count range (did you mean 'at_least'?)\n"
            "unknown_keys.yaml:13:3: unknown key 'frobnicate' in wire expect\n");
}

TEST(ScenarioLoaderTest, WrongTypesNameWhatWasExpected) {
  EXPECT_EQ(FixtureErrors("wrong_types.yaml"),
            "wrong_types.yaml:2:10: 'timeout': expected a duration such as 250ms or 2s, got a list\n"
            "wrong_types.yaml:4:8: 'run': expected a command (a string, or a list of words), got a mapping\n"
            "wrong_types.yaml:5:9: 'port': expected an integer from 1 to 65535, got the string \"6789\" "
            "(write it without quotes)\n"
            "wrong_types.yaml:6:8: 'env': expected a mapping of variable names to values, got a list\n"
            "wrong_types.yaml:8:3: 'clients': expected a list of client groups, got a mapping\n"
            "wrong_types.yaml:10:21: 'distinct_4tuples': expected true or false, got 'yes'\n"
            "wrong_types.yaml:11:16: 'connections': expected an integer or a mapping of at_least, at_most, "
            "got 'many'\n");
}

TEST(ScenarioLoaderTest, ImpossibleValuesAreErrors) {
  EXPECT_EQ(FixtureErrors("impossible_values.yaml"),
            "impossible_values.yaml:2:10: 'timeout': '10' has no unit: write 10s or 10ms\n"
            "impossible_values.yaml:5:9: 'port': 70000 is out of range (from 1 to 65535)\n"
            "impossible_values.yaml:6:18: 'ready_timeout': a duration cannot be negative: '-5s'\n"
            "impossible_values.yaml:7:18: 'cpu': unknown unit in duration '1 minute' (units: ns, us, ms, s, m, h)\n"
            "impossible_values.yaml:7:43: 'address_space': a size cannot be negative: '-1'\n"
            "impossible_values.yaml:7:59: 'open_files': 2 is out of range (from 3 to 1048576)\n"
            "impossible_values.yaml:10:12: 'count': -1 is out of range (from 1 to 10000)\n"
            "impossible_values.yaml:11:12: 'start': not a duration: 'second' (write e.g. 250ms, 2s, 1m30s)\n"
            "impossible_values.yaml:12:12: 'delay': unknown unit in duration '2x' (units: ns, us, ms, s, m, h)\n"
            "impossible_values.yaml:14:21: 'exit': 256 is out of range (from 0 to 255)\n"
            "impossible_values.yaml:14:34: 'within': '1.5' has no unit: write 1.5s or 1.5ms\n"
            "impossible_values.yaml:16:16: 'connections': at_least 3 is more than at_most 1\n"
            "impossible_values.yaml:17:36: 'client_port': from 60000 is above to 1024\n"
            "impossible_values.yaml:17:76: 'server_port': 0 is out of range (from 1 to 65535)\n");
}

TEST(ScenarioLoaderTest, MissingRequiredKeysAndPeersWithoutAProgram) {
  EXPECT_EQ(FixtureErrors("missing_required.yaml"),
            "missing_required.yaml:1:1: missing required key 'scenario' in scenario\n"
            "missing_required.yaml:1:1: missing required key 'server' in scenario\n"
            "missing_required.yaml:3:5: a client needs 'run' (a program) or 'script' (a scripted peer)\n"
            "missing_required.yaml:6:5: give 'run' or 'script', not both\n"
            "missing_required.yaml:9:12: 'close': give first_fin, clean or reset\n"
            "missing_required.yaml:10:18: missing required key 'to' in port range\n");
}

TEST(ScenarioLoaderTest, ScriptErrorsNameTheStep) {
  EXPECT_EQ(FixtureErrors("bad_script.yaml"),
            "bad_script.yaml:4:5: a scripted server must listen: add '- listen' (on {port})\n"
            "bad_script.yaml:4:7: 'accept' needs a listening socket: put listen before it\n"
            "bad_script.yaml:10:20: one action per step: 'send' and 'sleep' are both here (make them two steps)\n"
            "bad_script.yaml:11:9: 'script[4]': a step needs one action (connect, listen, accept, bind, send, "
            "sendto, reply, sleep, expect, recvfrom, expect_close, shutdown, close, reset, hold)\n"
            "bad_script.yaml:12:17: 'expect': give exactly one of bytes, line, regex\n"
            "bad_script.yaml:13:9: 'sleep': needs a value: a duration such as 250ms or 2s\n"
            "bad_script.yaml:14:16: 'close': takes no value, got 'now'\n"
            "bad_script.yaml:15:9: 'script[8]': unknown step 'conect' (did you mean 'connect'?)\n"
            "bad_script.yaml:17:9: 'backlog' does not apply to 'expect'\n"
            "bad_script.yaml:18:13: 'script': a script needs at least one step\n"
            "bad_script.yaml:21:9: 'send' needs a connection: put connect (or listen and accept) before it\n"
            "bad_script.yaml:24:9: 'expect_close' needs a connection: put connect (or listen and accept) before it\n");
}

TEST(ScenarioLoaderTest, KeysOfTheOtherProtocolAreErrors) {
  EXPECT_EQ(FixtureErrors("protocol_mismatch.yaml"),
            "protocol_mismatch.yaml:7:5: 'wire' applies to tcp only; this scenario's protocol is udp\n"
            "protocol_mismatch.yaml:9:9: 'connect' applies to tcp only; this scenario's protocol is udp\n"
            "protocol_mismatch.yaml:13:3: 'connections' applies to tcp only; this scenario's protocol is udp\n"
            "protocol_mismatch.yaml:14:3: 'every_connection' applies to tcp only; this scenario's protocol is udp\n");
}

// A UDP socket does not listen: its key says bound, and the error names the
// key of the scenario's own protocol.
TEST(ScenarioLoaderTest, ServerStillBoundIsUdpOnly) {
  EXPECT_EQ(ErrorsOf("scenario: tcp\nserver:\n  run: ./server {port}\nexpect:\n  server_still_bound: true\n"),
            "s.yaml:5:3: 'server_still_bound' applies to udp only; this scenario's protocol is tcp "
            "(for tcp: 'server_still_listening')\n");
  EXPECT_EQ(ErrorsOf("scenario: udp\nprotocol: udp\nserver:\n  run: ./server {port}\nexpect:\n"
                     "  server_still_listening: true\n"),
            "s.yaml:6:3: 'server_still_listening' applies to tcp only; this scenario's protocol is udp "
            "(for udp: 'server_still_bound')\n");
  EXPECT_EQ(ErrorsOf("scenario: udp\nprotocol: udp\nserver:\n  run: ./server {port}\ngrading:\n"
                     "  server_still_bound: 5\n"),
            "s.yaml:6:3: 'grading': 'server_still_bound' has points, but the scenario has no server_still_bound "
            "check\n");
}

TEST(ScenarioLoaderTest, GradingNamesChecksTheScenarioHas) {
  EXPECT_EQ(FixtureErrors("bad_grading.yaml"),
            "bad_grading.yaml:8:3: 'grading': unknown check 'handshakes' (did you mean 'handshake'?)\n"
            "bad_grading.yaml:9:3: 'grading': 'max_open_at_once' has points, but the scenario has no "
            "max_open_at_once check\n"
            "bad_grading.yaml:10:3: 'grading': 'close' has points, but the scenario has no close check\n"
            "bad_grading.yaml:10:10: 'close': -3 is out of range (from 0 to 1000000)\n"
            "bad_grading.yaml:11:3: 'grading': 'data' has points, but the scenario has no data check\n"
            "bad_grading.yaml:11:9: 'data': expected an integer from 0 to 1000000, got 'lots'\n");
}

TEST(ScenarioLoaderTest, ReadsEntriesOfOneGroupsChecks) {
  const Scenario s = Load(
      "scenario: a group's checks\n"
      "server:\n"
      "  name: student-server\n"
      "  run: ./server {port}\n"
      "clients:\n"
      "  - name: student-client\n"
      "    run: ./client {port}\n"
      "    expect: { stdout: HELLO }\n"
      "    wire: { handshake: complete }\n"
      "  - name: together\n"
      "    script: [connect, { expect: \"HI\\n\" }]\n"
      "grading:\n"
      "  processes: 5\n"
      "  student-client.stdout: 10\n"
      "  student-client.no_flood: 1\n"
      "  student-client.wire: 4\n"
      "  together.script: 20\n"
      "  student-server.runs_until_stopped: 3\n");
  std::vector<std::string> names;
  for (const GradeItem& item : s.grading.items) names.push_back(item.check + " " + std::to_string(item.points));
  EXPECT_EQ(names, (std::vector<std::string>{"processes 5", "student-client.stdout 10", "student-client.no_flood 1",
                                             "student-client.wire 4", "together.script 20",
                                             "student-server.runs_until_stopped 3"}));
  EXPECT_EQ(ToString(s.grading.items[1].where), "s.yaml:14:3");
}

TEST(ScenarioLoaderTest, GroupEntriesNameAGroupAndACheckItHas) {
  EXPECT_EQ(FixtureErrors("bad_group_grading.yaml"),
            "bad_group_grading.yaml:13:3: 'grading': unknown group 'studnet-client' in 'studnet-client.stdout' "
            "(did you mean 'student-client'?)\n"
            "bad_group_grading.yaml:14:3: 'grading': unknown check 'stdot' in 'student-client.stdot' "
            "(did you mean 'stdout'?)\n"
            "bad_group_grading.yaml:15:3: 'grading': 'student-client.within' has points, but student-client has no "
            "within check\n"
            "bad_group_grading.yaml:16:3: 'grading': 'together.stdout' has points, but together has no stdout check\n"
            "bad_group_grading.yaml:17:3: 'grading': unknown check 'frobnicate' in 'student-client.frobnicate' "
            "(a group's checks: exit, no_crash, no_flood, stdout, stderr, within, runs_until_stopped, wire, script)\n"
            "bad_group_grading.yaml:18:3: 'grading': unknown check 'student-client' (a group's own checks are named "
            "student-client.exit, student-client.no_crash, student-client.no_flood, student-client.stdout)\n"
            "bad_group_grading.yaml:19:3: 'grading': 'server.wire' has points, but server has no wire check\n");
}

// Points nobody could earn: every check of the kind has its own entry.
TEST(ScenarioLoaderTest, KindWideEntryMustKeepACheckOfItsOwn) {
  EXPECT_EQ(ErrorsOf("scenario: s\nserver:\n  run: ./server {port}\n  stop: wait\ngrading:\n  processes: 10\n"
                     "  server.no_crash: 5\n  server.no_flood: 5\n"),
            "s.yaml:6:3: 'grading': 'processes' has points, but each processes check has its own entry "
            "(server.no_crash, server.no_flood)\n");
}

// Scenario regexes are RE2 syntax (linear time on any bytes): what RE2 lacks
// is a load error at the pattern, with RE2's message and the reason.
TEST(ScenarioLoaderTest, BackreferencesAndLookaroundAreLoadErrors) {
  const std::string why = " (backreferences and lookaround are not supported: a scenario's regex is RE2 syntax)\n";
  EXPECT_EQ(FixtureErrors("bad_regex.yaml"),
            "bad_regex.yaml:7:24: 'regex': not a valid regular expression: invalid escape sequence: \\1" + why +
            "bad_regex.yaml:10:26: 'regex': not a valid regular expression: invalid perl operator: (?=" + why +
            "bad_regex.yaml:12:32: 'history': not a valid regular expression: invalid perl operator: (?<" + why);
}

TEST(ScenarioLoaderTest, PayloadsPlaceholdersAndPatternsAreChecked) {
  EXPECT_EQ(FixtureErrors("bad_payloads.yaml"),
            "bad_payloads.yaml:3:8: 'run': unknown placeholder {hots} (did you mean {host}?)\n"
            "bad_payloads.yaml:4:8: 'cwd': unknown placeholder {submision} (did you mean {submission}?)\n"
            "bad_payloads.yaml:5:26: 'env': not a variable name: '1BAD'\n"
            "bad_payloads.yaml:5:39: 'OK': an unclosed '{': write {{ for a literal brace\n"
            "bad_payloads.yaml:7:10: 'run': an unclosed ' quote\n"
            "bad_payloads.yaml:8:12: 'stdin': unknown escape \\q (escapes: \\n \\r \\t \\0 \\\\ \\\" \\' \\xHH)\n"
            "bad_payloads.yaml:10:19: 'hex': an odd number of hex digits\n"
            "bad_payloads.yaml:12:12: 'stdin': a backslash at the end of the text: write \\\\ for a backslash\n"
            "bad_payloads.yaml:14:24: 'regex': not a valid regular expression: missing ]: [a-\n"
            "bad_payloads.yaml:15:28: 'contains[1]': \\x needs two hex digits, as in \\x0a\n"
            "bad_payloads.yaml:18:22: 'hex': not a hex digit: 'z'\n"
            "bad_payloads.yaml:19:26: 'regex': not a valid regular expression: missing ): (\n"
            "bad_payloads.yaml:21:32: 'history': not a valid regular expression: missing ): ^Sh(\n"
            "bad_payloads.yaml:21:52: 'conn_state': expected one of S0, S1, SF, REJ, S2, S3, RSTO, RSTR, "
            "RSTOS0, RSTRH, SH, SHR, OTH, got 'SX' (did you mean 'S0'?)\n");
}

TEST(ScenarioLoaderTest, YamlSyntaxErrorIsOneLocatedError) {
  EXPECT_EQ(FixtureErrors("yaml_syntax.yaml"),
            "yaml_syntax.yaml:4:1: YAML syntax error: end of sequence flow not found\n");
}

TEST(ScenarioLoaderTest, UnquotedPlaceholderGetsAHint) {
  EXPECT_EQ(FixtureErrors("unquoted_placeholder.yaml"),
            "unquoted_placeholder.yaml:3:15: YAML syntax error: end of map not found (a value that starts with "
            "{build} must be quoted: YAML reads { as the start of a mapping)\n");
  EXPECT_EQ(ErrorsOf("scenario: x\nserver:\n  run: {build}\n"),
            "s.yaml:3:8: 'run': expected a command (a string, or a list of words), got a mapping (YAML reads "
            "{build} as a mapping: quote a value that starts with a placeholder, \"{build}...\")\n");
}

TEST(ScenarioLoaderTest, EmptyFileIsAnError) {
  EXPECT_EQ(FixtureErrors("empty.yaml"),
            "empty.yaml:1:1: expected a scenario (a mapping with at least 'scenario' and 'server'), got an "
            "empty file\n");
}

TEST(ScenarioLoaderTest, KeyGivenTwiceIsAnError) {
  EXPECT_EQ(ErrorsOf("scenario: x\nserver:\n  run: ./s\n  port: 1\n  port: 2\n"),
            "s.yaml:5:3: key 'port' given twice (first at line 4)\n");
}

TEST(ScenarioLoaderTest, DuplicateClientNamesAreErrors) {
  EXPECT_EQ(ErrorsOf("scenario: x\nserver: { run: ./s }\nclients:\n"
                     "  - { name: a, run: ./c }\n  - { name: a, run: ./c }\n  - { name: server, run: ./c }\n"),
            "s.yaml:5:5: client name 'a' used twice (first at line 4)\n"
            "s.yaml:6:5: client name 'server' is the server's name\n");
}

TEST(ScenarioLoaderTest, ProgramKeysBesideAScriptAreErrors) {
  EXPECT_EQ(ErrorsOf("scenario: x\nserver: { run: ./s }\nclients:\n"
                     "  - script: [connect, close]\n    stdin: x\n    limits: { cpu: 1s }\n"),
            "s.yaml:5:5: 'stdin' applies to a program ('run'), not to a script\n"
            "s.yaml:6:5: 'limits' applies to a program ('run'), not to a script\n");
}

TEST(ScenarioLoaderTest, ServerExitNeedsStopWait) {
  EXPECT_EQ(ErrorsOf("scenario: x\nserver: { run: ./s, expect: { exit: 0 } }\n"),
            "s.yaml:2:37: 'exit': the server is stopped with SIGTERM; to check its exit status, set stop: wait\n");
  EXPECT_EQ(ErrorsOf("scenario: x\nserver: { run: ./s, stop: wait, expect: { exit: 0 } }\n"), "");
}

TEST(ScenarioLoaderTest, ContradictionsAreErrors) {
  EXPECT_EQ(ErrorsOf("scenario: x\nserver: { run: ./s }\nexpect:\n  connections: 1\n"
                     "  connections_in_order: [{ handshake: complete }, { handshake: complete }]\n"),
            "s.yaml:5:3: 'connections_in_order': 2 connections described, but 'connections' allows at most 1\n");
  EXPECT_EQ(ErrorsOf("scenario: x\nprotocol: udp\nserver: { run: ./s }\nexpect:\n"
                     "  client_datagrams: { count: 1, payloads: [a, b] }\n"),
            "s.yaml:5:43: 'payloads': 2 payloads, but 'count' does not allow that many\n");
}

TEST(ScenarioLoaderTest, StartNeedsADurationAfterEvery) {
  EXPECT_EQ(ErrorsOf("scenario: x\nserver: { run: ./s }\nclients: [{ run: ./c, start: every }]\n"),
            "s.yaml:3:30: 'start': 'every' needs a duration: every 100ms\n");
  EXPECT_EQ(ErrorsOf("scenario: x\nserver: { run: ./s }\nclients: [{ run: ./c, start: evry 1s }]\n"),
            "s.yaml:3:30: 'start': expected together, one-by-one or every <duration>, got 'evry 1s' "
            "(did you mean 'every'?)\n");
}

TEST(ScenarioLoaderTest, NeverThrowsOnStrangeYaml) {
  for (std::string_view text : {"[1, 2]", "just text", "&a x: *a", "!!binary aGk=", "scenario: x\n---\nb: 2\n",
                                "? [a]\n: b\n", "scenario: *undefined\n", "\t- tab", "server: {run: [[]]}\n",
                                "{scenario: x, server: {script: [{listen: {a: b}}]}}", "\xff\xfe"}) {
    const ScenarioLoad load = LoadScenarioText(text, "s.yaml");
    EXPECT_FALSE(load.scenario.has_value()) << text;
    EXPECT_FALSE(load.errors.empty()) << text;
  }
}

TEST(ScenarioLoaderTest, AFileThatCannotBeReadIsOneError) {
  const ScenarioLoad load = LoadScenarioFile(kFixtures + "does-not-exist.yaml");
  EXPECT_EQ(Errors(load), kFixtures + "does-not-exist.yaml: cannot read the file: No such file or directory\n");
}

TEST(ScenarioLoaderTest, ADirectoryIsOneError) {
  EXPECT_EQ(Errors(LoadScenarioFile(kFixtures)), kFixtures + ": is a directory, not a scenario file\n");
}

TEST(ScenarioLoaderTest, AFileCarriesItsPathInEveryLocation) {
  const ScenarioLoad load = LoadScenarioFile(kFixtures + "wrong_types.yaml");
  ASSERT_FALSE(load.errors.empty());
  EXPECT_EQ(load.errors[0].where.file, kFixtures + "wrong_types.yaml");
}

}  // namespace
}  // namespace wirecheck
