#include "harness/run/run_hosts.h"

#include <random>

namespace wirecheck {

namespace {

wire::DropRule::Match MatchOf(NetworkDrop::Match match) {
  switch (match) {
    case NetworkDrop::Match::kPacket: return wire::DropRule::Match::kPacket;
    case NetworkDrop::Match::kTcpSegmentWithPayload: return wire::DropRule::Match::kTcpSegmentWithPayload;
    case NetworkDrop::Match::kTcpFin: return wire::DropRule::Match::kTcpFin;
    case NetworkDrop::Match::kTcpSyn: return wire::DropRule::Match::kTcpSyn;
  }
  return wire::DropRule::Match::kPacket;
}

wire::DirectionConditions ConditionsOf(const NetworkDirection& d) {
  wire::DirectionConditions c;
  c.loss = d.loss;
  for (const NetworkDrop& drop : d.drops) {
    c.drops.push_back(wire::DropRule{MatchOf(drop.match), static_cast<std::uint64_t>(drop.occurrence)});
  }
  c.delay = d.delay;
  c.jitter = d.jitter;
  c.reorder = d.reorder;
  c.reorder_delay = c.reorder > 0 ? d.reorder_delay : std::chrono::nanoseconds{0};
  c.duplicate = d.duplicate;
  c.rate_bytes_per_second = d.rate_bytes_per_second;
  c.mtu = d.mtu;
  return c;
}

}  // namespace

RunHosts PlaceHosts(const Scenario& scenario) {
  RunHosts hosts;
  if (!scenario.network || scenario.network->hosts.empty()) return hosts;
  const Network& network = *scenario.network;
  hosts.server = ServerHost(scenario);
  for (const NetworkHost& h : network.hosts) {
    if (&h != hosts.server) hosts.other = &h;
  }
  for (const ClientSpec& client : scenario.clients) {
    const bool other = client.host && hosts.other != nullptr && client.host->value == hosts.other->name;
    hosts.client_networks.push_back(other ? 1 : 0);
    hosts.wire = hosts.wire || other;
  }
  return hosts;
}

wire::WireConditions WireConditionsOf(const Network& network, std::uint64_t seed) {
  wire::WireConditions c;
  c.a_to_b = ConditionsOf(network.server_to_client);
  c.b_to_a = ConditionsOf(network.client_to_server);
  c.seed = seed;
  return c;
}

std::string ScenarioDirectionText(const std::string& decision) {
  if (decision.rfind("a->b", 0) == 0) return "server->client" + decision.substr(4);
  if (decision.rfind("b->a", 0) == 0) return "client->server" + decision.substr(4);
  return decision;
}

std::uint64_t ChooseSeed(const Scenario& scenario, const std::optional<std::uint64_t>& given) {
  if (given) return *given;
  if (scenario.network && scenario.network->seed) return *scenario.network->seed;
  // Small enough to type back: --seed 48213.
  std::random_device random;
  return std::uniform_int_distribution<std::uint64_t>(1, 999999)(random);
}

}  // namespace wirecheck
