// Where a scenario's programs run when it has hosts, and the wire's
// conditions as the scenario gives them (pure: harness/run/run_hosts.h).

#include "harness/run/run_hosts.h"

#include <gtest/gtest.h>

#include "harness/loader/scenario_loader.h"

namespace wirecheck {
namespace {

Scenario Load(const std::string& yaml) {
  ScenarioLoad load = LoadScenarioText(yaml, "s.yaml");
  EXPECT_TRUE(load.errors.empty());
  return load.scenario.value_or(Scenario{});
}

const std::string kHosts = "scenario: s\nnetwork:\n  hosts: { a: 192.0.2.1, server: 192.0.2.2 }\n";

TEST(RunHostsTest, WithoutNetworkNoHostsAndNoWire) {
  const Scenario none = Load("scenario: s\nserver: { run: ./s }\nclients: [ { run: ./c } ]\n");
  const RunHosts hosts = PlaceHosts(none);
  EXPECT_EQ(hosts.server, nullptr);
  EXPECT_FALSE(hosts.wire);
}

TEST(RunHostsTest, TheServerIsOnTheHostNamedServerUnlessItSaysOtherwise) {
  const Scenario named = Load(kHosts + "server: { run: ./s }\nclients: [ { run: ./c, host: a }, { run: ./c, host: a } ]\n");
  const RunHosts hosts = PlaceHosts(named);
  ASSERT_NE(hosts.server, nullptr);
  EXPECT_EQ(hosts.server->name, "server");
  EXPECT_EQ(hosts.other->name, "a");
  EXPECT_EQ(hosts.client_networks, (std::vector<int>{1, 1}));
  EXPECT_TRUE(hosts.wire);
  // (RunHosts points into the scenario: it must outlive them.)
  const Scenario on_a = Load(kHosts + "server: { run: ./s, host: a }\nclients: [ { run: ./c, host: a }, { run: ./c } ]\n");
  const RunHosts moved = PlaceHosts(on_a);
  EXPECT_EQ(moved.server->name, "a");
  EXPECT_EQ(moved.client_networks, (std::vector<int>{0, 0}));
  EXPECT_FALSE(moved.wire);   // everyone on the server's host: no wire
  const Scenario xy = Load("scenario: s\nnetwork:\n  hosts: { x: 192.0.2.1, y: 192.0.2.2 }\n"
                           "server: { run: ./s }\nclients: [ { run: ./c, host: y } ]\n");
  const RunHosts first = PlaceHosts(xy);
  EXPECT_EQ(first.server->name, "x");
  EXPECT_TRUE(first.wire);
}

TEST(RunHostsTest, ServerToClientIsAToB) {
  const Scenario s = Load(kHosts + "  client_to_server: { loss: 10%, drop: first_fin }\n"
                                   "  server_to_client: { delay: 5ms, reorder: 50% }\nserver: { run: ./s }\n");
  const wire::WireConditions c = WireConditionsOf(*s.network, 99);
  EXPECT_EQ(c.seed, 99u);
  EXPECT_DOUBLE_EQ(c.b_to_a.loss, 0.1);
  ASSERT_EQ(c.b_to_a.drops.size(), 1u);
  EXPECT_EQ(c.b_to_a.drops[0].match, wire::DropRule::Match::kTcpFin);
  EXPECT_EQ(c.a_to_b.delay, std::chrono::milliseconds(5));
  EXPECT_EQ(c.a_to_b.reorder_delay, std::chrono::milliseconds(20));
  EXPECT_EQ(c.b_to_a.reorder_delay, std::chrono::nanoseconds(0));   // no reorder: no hold-back
  EXPECT_EQ(wire::CheckConditions(c), "");
}

TEST(RunHostsTest, DirectionsAreNamedAsTheScenarioNamesThem) {
  EXPECT_EQ(ScenarioDirectionText("a->b #4 (52 bytes): lost on the wire (rule 1)"),
            "server->client #4 (52 bytes): lost on the wire (rule 1)");
  EXPECT_EQ(ScenarioDirectionText("b->a #1 (44 bytes): lost on the wire (loss)"),
            "client->server #1 (44 bytes): lost on the wire (loss)");
}

TEST(RunHostsTest, TheSeedIsGivenElseTheScenariosElseRandom) {
  const Scenario with = Load(kHosts + "  seed: 5\nserver: { run: ./s }\n");
  EXPECT_EQ(ChooseSeed(with, 7), 7u);
  EXPECT_EQ(ChooseSeed(with, std::nullopt), 5u);
  const Scenario without = Load(kHosts + "server: { run: ./s }\n");
  const std::uint64_t random = ChooseSeed(without, std::nullopt);
  EXPECT_GE(random, 1u);
  EXPECT_LE(random, 999999u);
}

}  // namespace
}  // namespace wirecheck
