// The `network:` section of a scenario and the `host:` of its programs:
// what a file turns into, and every error word for word with its place.

#include <gtest/gtest.h>

#include "harness/loader/scenario_loader.h"
#include "harness/loader/scenario_schema.h"
#include "harness/model/network_text.h"

namespace wirecheck {
namespace {

using std::chrono::milliseconds;

std::string ErrorsOf(std::string_view yaml) {
  std::string text;
  for (const ScenarioError& e : LoadScenarioText(yaml, "s.yaml").errors) text += ToString(e) + "\n";
  return text;
}

Scenario Load(std::string_view yaml) {
  ScenarioLoad load = LoadScenarioText(yaml, "s.yaml");
  std::string errors;
  for (const ScenarioError& e : load.errors) errors += ToString(e) + "\n";
  EXPECT_EQ(errors, "");
  return load.scenario.value_or(Scenario{});
}

// A scenario with the given network section (indented two spaces) and its
// server on `server` and one client group on `client`.
std::string WithNetwork(std::string_view network, std::string_view protocol = "tcp") {
  return "scenario: s\nprotocol: " + std::string(protocol) + "\nnetwork:\n" + std::string(network) +
         "server:\n  run: ./server\n  host: server\nclients:\n  - run: ./client {host}\n    host: client\n";
}

constexpr std::string_view kHosts = "  hosts:\n    server: 192.0.2.1\n    client: 198.51.100.7\n";

TEST(ScenarioNetworkTest, WithoutNetworkNothingChanges) {
  const Scenario s = Load("scenario: s\nserver:\n  run: ./server\nclients:\n  - run: ./client\n");
  EXPECT_FALSE(s.network.has_value());
  EXPECT_FALSE(s.server.host.has_value());
  EXPECT_FALSE(s.clients.at(0).host.has_value());
}

TEST(ScenarioNetworkTest, HostsAndPlacementAreRead) {
  const Scenario s = Load(WithNetwork(kHosts));
  ASSERT_TRUE(s.network.has_value());
  ASSERT_EQ(s.network->hosts.size(), 2u);
  EXPECT_EQ(s.network->hosts[0].name, "server");
  EXPECT_EQ(s.network->hosts[0].address, "192.0.2.1");
  EXPECT_EQ(s.network->hosts[1].name, "client");
  EXPECT_EQ(s.network->hosts[1].address, "198.51.100.7");
  EXPECT_EQ(ToString(s.network->hosts[1].where), "s.yaml:6:5");
  ASSERT_TRUE(s.server.host.has_value());
  EXPECT_EQ(s.server.host->value, "server");
  EXPECT_EQ(s.clients.at(0).host->value, "client");
  EXPECT_FALSE(s.network->seed.has_value());
  EXPECT_EQ(s.network->client_to_server.loss, 0);
  EXPECT_TRUE(s.network->server_to_client.drops.empty());
}

TEST(ScenarioNetworkTest, EveryConditionIsRead) {
  const Scenario s = Load(WithNetwork(std::string(kHosts) +
                                      "  client_to_server:\n"
                                      "    loss: 30%\n"
                                      "    drop: [first_fin, first_syn, {nth_segment: 3}, {nth_packet: 7}, {nth_fin: 2}, "
                                      "{nth_syn: 4}]\n"
                                      "    delay: 20ms\n    jitter: 5ms\n    reorder: 25%\n    reorder_delay: 30ms\n"
                                      "    duplicate: 0.5%\n    rate: 1Mbit/s\n    mtu: 1000\n"
                                      "  server_to_client: { drop: first_fin, rate: 64KiB/s }\n"
                                      "  seed: 42\n"));
  ASSERT_TRUE(s.network.has_value());
  const NetworkDirection& c2s = s.network->client_to_server;
  EXPECT_DOUBLE_EQ(c2s.loss, 0.3);
  ASSERT_EQ(c2s.drops.size(), 6u);
  EXPECT_EQ(c2s.drops[0].match, NetworkDrop::Match::kTcpFin);
  EXPECT_EQ(c2s.drops[0].occurrence, 1);
  EXPECT_EQ(c2s.drops[1].match, NetworkDrop::Match::kTcpSyn);
  EXPECT_EQ(c2s.drops[2].match, NetworkDrop::Match::kTcpSegmentWithPayload);
  EXPECT_EQ(c2s.drops[2].occurrence, 3);
  EXPECT_EQ(c2s.drops[3].match, NetworkDrop::Match::kPacket);
  EXPECT_EQ(c2s.drops[3].occurrence, 7);
  EXPECT_EQ(c2s.drops[4].match, NetworkDrop::Match::kTcpFin);
  EXPECT_EQ(c2s.drops[4].occurrence, 2);
  EXPECT_EQ(c2s.drops[5].match, NetworkDrop::Match::kTcpSyn);
  EXPECT_EQ(c2s.drops[5].occurrence, 4);
  EXPECT_EQ(c2s.delay, milliseconds(20));
  EXPECT_EQ(c2s.jitter, milliseconds(5));
  EXPECT_DOUBLE_EQ(c2s.reorder, 0.25);
  EXPECT_EQ(c2s.reorder_delay, milliseconds(30));
  EXPECT_DOUBLE_EQ(c2s.duplicate, 0.005);
  EXPECT_EQ(c2s.rate_bytes_per_second, 125000u);
  EXPECT_EQ(c2s.mtu, 1000u);
  const NetworkDirection& s2c = s.network->server_to_client;
  ASSERT_EQ(s2c.drops.size(), 1u);
  EXPECT_EQ(s2c.drops[0].match, NetworkDrop::Match::kTcpFin);
  EXPECT_EQ(s2c.rate_bytes_per_second, 65536u);
  EXPECT_EQ(s2c.reorder_delay, milliseconds(20));   // the default
  EXPECT_EQ(s.network->seed, 42u);
}

TEST(ScenarioNetworkTest, Ipv6HostsInTheDocumentationPrefix) {
  const Scenario s = Load("scenario: s\nfamily: ipv6\nnetwork:\n  hosts: { server: '2001:db8::1', c: '2001:db8::2' }\n"
                          "server:\n  run: ./server\n");
  ASSERT_TRUE(s.network.has_value());
  EXPECT_EQ(s.network->hosts[1].address, "2001:db8::2");
}

TEST(ScenarioNetworkTest, AddressesOutsideTheAllowedRangesAreRefused) {
  EXPECT_EQ(ErrorsOf(WithNetwork("  hosts:\n    server: 10.0.0.1\n    client: 8.8.8.8\n")),
            "s.yaml:5:13: 'server': 10.0.0.1/32 is not a documentation address (192.0.2.0/24, 198.51.100.0/24, "
            "203.0.113.0/24, 2001:db8::/32) or in 127.0.0.0/8\n"
            "s.yaml:6:13: 'client': 8.8.8.8/32 is not a documentation address (192.0.2.0/24, 198.51.100.0/24, "
            "203.0.113.0/24, 2001:db8::/32) or in 127.0.0.0/8\n");
  EXPECT_EQ(ErrorsOf(WithNetwork("  hosts:\n    server: 192.0.2.1/24\n    client: nowhere\n")),
            "s.yaml:5:13: 'server': give an address without a prefix length, e.g. 192.0.2.1\n"
            "s.yaml:6:13: 'client': nowhere/32 is not an IP address\n");
}

TEST(ScenarioNetworkTest, HostErrors) {
  EXPECT_EQ(ErrorsOf(WithNetwork("  hosts:\n    server: 192.0.2.1\n    client: 192.0.2.1\n")),
            "s.yaml:6:13: 'hosts': 'client' has the address of 'server' (192.0.2.1)\n");
  EXPECT_EQ(ErrorsOf(WithNetwork("  hosts:\n    server: 192.0.2.1\n    client: 192.0.2.2\n    third: 192.0.2.3\n")),
            "s.yaml:7:5: 'hosts': more than 2 hosts: a run has one wire between two hosts for now\n");
  EXPECT_EQ(ErrorsOf(WithNetwork("  hosts:\n    server: 192.0.2.1\n    2nd: 192.0.2.2\n")),
            "s.yaml:6:5: 'hosts': not a host name (a letter, then letters, digits, _ or -): '2nd'\n"
            "s.yaml:12:11: 'host': no host named 'client' in network.hosts (server)\n");
  EXPECT_EQ(ErrorsOf(WithNetwork("  hosts: {}\n")),
            "s.yaml:4:10: 'hosts': name at least one host\n"
            "s.yaml:7:9: 'host': no host named 'server' in network.hosts ()\n"
            "s.yaml:10:11: 'host': no host named 'client' in network.hosts ()\n");
  EXPECT_EQ(ErrorsOf("scenario: s\nnetwork:\n  hosts: { server: '2001:db8::1' }\nserver:\n  run: ./server\n"),
            "s.yaml:3:20: 'server': 2001:db8::1 is an IPv6 address, but the scenario's family is ipv4\n");
  EXPECT_EQ(ErrorsOf("scenario: s\nnetwork:\n  seed: 3\nserver:\n  run: ./server\n"),
            "s.yaml:3:3: missing required key 'hosts' in network\n");
  EXPECT_EQ(ErrorsOf("scenario: s\nnetwork: [192.0.2.1]\nserver:\n  run: ./server\n"),
            "s.yaml:2:10: 'network': expected a mapping of hosts, client_to_server, server_to_client, seed, got a list\n");
}

TEST(ScenarioNetworkTest, HostOfAProgramMustBeANetworkHost) {
  EXPECT_EQ(ErrorsOf("scenario: s\nserver:\n  run: ./server\n  host: server\n"),
            "s.yaml:4:9: 'host': the scenario has no network.hosts to run on\n");
  EXPECT_EQ(ErrorsOf(WithNetwork("  hosts:\n    server: 192.0.2.1\n    clinet: 198.51.100.7\n")),
            "s.yaml:12:11: 'host': no host named 'client' in network.hosts (server, clinet) (did you mean 'clinet'?)\n");
}

// Places a run cannot make (harness/model/host_layout.h), refused where
// they are written, in the words `wirecheck run` uses.
TEST(ScenarioNetworkTest, ClientsOnBothHostsAreRefusedAtEachGroupOnTheServersHost) {
  EXPECT_EQ(ErrorsOf("scenario: s\nnetwork:\n  hosts: { server: 192.0.2.1, client: 198.51.100.7 }\n"
                     "server:\n  run: ./server\nclients:\n  - run: ./client\n    host: client\n"
                     "  - name: local\n    run: ./client\n  - name: here\n    run: ./client\n    host: server\n"),
            "s.yaml:9:5: client group 'local' runs on the server's host, while others run on another: the run's "
            "capture is the server's side of the wire, which its packets would not cross. Give it the other host "
            "(clients on both hosts in one run are not supported yet)\n"
            "s.yaml:13:11: client group 'here' runs on the server's host, while others run on another: the run's "
            "capture is the server's side of the wire, which its packets would not cross. Give it the other host "
            "(clients on both hosts in one run are not supported yet)\n");
  // Every group on one host, whichever: a run can make it.
  EXPECT_EQ(ErrorsOf("scenario: s\nnetwork:\n  hosts: { server: 192.0.2.1, client: 198.51.100.7 }\n"
                     "server:\n  run: ./server\nclients:\n  - run: ./client\n  - run: ./client\n    host: server\n"),
            "");
  // A host that does not exist is the name's error alone.
  EXPECT_EQ(ErrorsOf("scenario: s\nnetwork:\n  hosts: { server: 192.0.2.1, client: 198.51.100.7 }\n"
                     "server:\n  run: ./server\nclients:\n  - run: ./client\n    host: client\n"
                     "  - run: ./client\n    host: nowhere\n"),
            "s.yaml:10:11: 'host': no host named 'nowhere' in network.hosts (server, client)\n");
}

TEST(ScenarioNetworkTest, AScriptedClientOnTheOtherHostIsRefused) {
  EXPECT_EQ(ErrorsOf("scenario: s\nnetwork:\n  hosts: { server: 192.0.2.1, client: 198.51.100.7 }\n"
                     "server:\n  run: ./server\nclients:\n  - name: peer\n    host: client\n"
                     "    script: [connect, { expect: \"HI\\n\" }]\n"),
            "s.yaml:8:11: client group 'peer': a scripted client runs on the server's host only, for now; give it no "
            "'host', or run a program\n");
  // On the server's host, it runs.
  EXPECT_EQ(ErrorsOf("scenario: s\nnetwork:\n  hosts: { server: 192.0.2.1, client: 198.51.100.7 }\n"
                     "server:\n  run: ./server\nclients:\n  - name: peer\n    host: server\n"
                     "    script: [connect, { expect: \"HI\\n\" }]\n"),
            "");
}

TEST(ScenarioNetworkTest, ConditionErrors) {
  EXPECT_EQ(ErrorsOf(WithNetwork(std::string(kHosts) +
                                 "  client_to_server:\n    loss: 0.3\n    reorder: 101%\n    duplicate: much\n"
                                 "    rate: 1Mbps\n    mtu: 20\n    delay: 5\n    jiter: 1ms\n")),
            "s.yaml:8:11: 'loss': expected a percentage such as 30% or 0.5%, got '0.3'\n"
            "s.yaml:9:14: 'reorder': '101%' is more than 100%\n"
            "s.yaml:10:16: 'duplicate': expected a percentage such as 30% or 0.5%, got 'much'\n"
            "s.yaml:11:11: 'rate': expected a rate such as 1Mbit/s, 500kbit/s or 64KiB/s, got '1Mbps'\n"
            "s.yaml:12:10: 'mtu': 20 is out of range (from 68 to 65535)\n"
            "s.yaml:13:12: 'delay': '5' has no unit: write 5s or 5ms\n"
            "s.yaml:14:5: unknown key 'jiter' in wire direction (did you mean 'jitter'?)\n");
  EXPECT_EQ(ErrorsOf(WithNetwork(std::string(kHosts) + "  seed: -1\n")),
            "s.yaml:7:9: 'seed': -1 is out of range (of at least 0)\n");
}

TEST(ScenarioNetworkTest, DropErrors) {
  EXPECT_EQ(ErrorsOf(WithNetwork(std::string(kHosts) +
                                 "  server_to_client:\n    drop: [first_fn, {nth_segment: 0}, {nth_fin: 1, nth_syn: 2}, "
                                 "{third: 1}]\n")),
            "s.yaml:8:12: 'drop[1]': expected first_fin, first_syn or a mapping such as {nth_segment: 3}, got "
            "'first_fn' (did you mean 'first_fin'?)\n"
            "s.yaml:8:36: 'nth_segment': 0 is out of range (from 1 to 1000000000)\n"
            "s.yaml:8:40: 'drop[3]': give one of nth_packet, nth_segment, nth_fin, nth_syn\n"
            "s.yaml:8:67: unknown key 'third' in drop rule\n");
  EXPECT_EQ(ErrorsOf(WithNetwork(std::string(kHosts) + "  server_to_client: { drop: first_fin }\n", "udp")),
            "s.yaml:7:29: 'drop': the scenario is UDP: only nth_packet drops apply\n");
}

TEST(ScenarioNetworkTest, SchemaDescribesTheNetwork) {
  const auto schema = ScenarioSchema();
  EXPECT_EQ(schema["properties"]["network"]["allOf"][0]["$ref"], "#/$defs/network");
  const auto& network = schema["$defs"]["network"];
  EXPECT_EQ(network["required"], nlohmann::json::array({"hosts"}));
  EXPECT_EQ(network["properties"]["hosts"]["maxProperties"], 2);
  EXPECT_EQ(schema["$defs"]["drop_rule"]["maxProperties"], 1);
  EXPECT_EQ(schema["$defs"]["drop"]["anyOf"][0]["enum"], nlohmann::json::array({"first_fin", "first_syn"}));
  EXPECT_TRUE(schema["$defs"]["wire_direction"]["properties"].contains("loss"));
  EXPECT_TRUE(schema["$defs"]["server"]["properties"].contains("host"));
  EXPECT_TRUE(schema["$defs"]["client"]["properties"].contains("host"));
}

// The bundled scenarios with hosts load.
TEST(ScenarioNetworkTest, NetworkExamplesLoad) {
  for (const char* name : {"tcp_two_hosts.yaml", "udp_capitalize_loss.yaml", "tcp_loss_reorder.yaml"}) {
    const ScenarioLoad load = LoadScenarioFile(std::string(WIRECHECK_SOURCE_DIR) + "/scenarios/network/" + name);
    ASSERT_TRUE(load.scenario.has_value()) << name;
    EXPECT_TRUE(load.scenario->network.has_value()) << name;
  }
}

TEST(NetworkTextTest, PercentagesAndRates) {
  double p = 0;
  std::string err;
  EXPECT_TRUE(ParsePercent("30%", &p, &err));
  EXPECT_DOUBLE_EQ(p, 0.3);
  EXPECT_TRUE(ParsePercent("0.5%", &p, &err));
  EXPECT_DOUBLE_EQ(p, 0.005);
  EXPECT_TRUE(ParsePercent("100%", &p, &err));
  EXPECT_DOUBLE_EQ(p, 1);
  EXPECT_FALSE(ParsePercent("30", &p, &err));
  EXPECT_FALSE(ParsePercent("%", &p, &err));
  EXPECT_FALSE(ParsePercent("-1%", &p, &err));
  EXPECT_FALSE(ParsePercent("100.1%", &p, &err));
  EXPECT_EQ(err, "'100.1%' is more than 100%");
  std::uint64_t rate = 0;
  EXPECT_TRUE(ParseRate("1Mbit/s", &rate, &err));
  EXPECT_EQ(rate, 125000u);
  EXPECT_TRUE(ParseRate("500kbit/s", &rate, &err));
  EXPECT_EQ(rate, 62500u);
  EXPECT_TRUE(ParseRate("64KiB/s", &rate, &err));
  EXPECT_EQ(rate, 65536u);
  EXPECT_TRUE(ParseRate("1.5MB/s", &rate, &err));
  EXPECT_EQ(rate, 1500000u);
  EXPECT_FALSE(ParseRate("4bit/s", &rate, &err));
  EXPECT_EQ(err, "'4bit/s' is out of range (1B/s to 100Gbit/s)");
  EXPECT_FALSE(ParseRate("1Mbps", &rate, &err));
  EXPECT_EQ(FormatPercent(0.3), "30%");
}

}  // namespace
}  // namespace wirecheck
