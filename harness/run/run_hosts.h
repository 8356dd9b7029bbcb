#pragma once
// Where a scenario's programs run when it has a `network:` (pure): the
// server's host is the run's own network namespace (init's), the other host
// a namespace init makes for it, the wire between them. And the wire's
// conditions as harness/wire takes them: host A is the server's, B the other.

#include <cstdint>
#include <string>
#include <vector>

#include "harness/model/scenario.h"
#include "harness/wire/wire_conditions.h"

namespace wirecheck {

struct RunHosts {
  const NetworkHost* server = nullptr;   // nullptr: no network, no wire
  const NetworkHost* other = nullptr;    // nullptr: a network of one host
  /// Per client group: the ProcessSpec::network it starts in (0: the
  /// server's host; 1: the other host's network, the first init makes).
  std::vector<int> client_networks;
  /// Some client group runs on the other host: the run has a wire. Without
  /// one, every program is on the server's host and the run is what it is
  /// without a network (one loopback, {host} the loopback address).
  bool wire = false;
};

/// The server on its `host:`, else the host named "server", else the first;
/// (the result points into `scenario`, which must outlive it);
/// each client group on its `host:`, else the server's. The scenario was
/// loaded (every host name exists).
RunHosts PlaceHosts(const Scenario& scenario);

/// The scenario's conditions with `seed`: a->b is server->client.
wire::WireConditions WireConditionsOf(const Network& network, std::uint64_t seed);

/// "a->b #3 (52 bytes): ..." as the scenario says it: "server->client #3 ...".
std::string ScenarioDirectionText(const std::string& decision);

/// The seed of a run: --seed, else the scenario's, else a random one.
std::uint64_t ChooseSeed(const Scenario& scenario, const std::optional<std::uint64_t>& given);

}  // namespace wirecheck
