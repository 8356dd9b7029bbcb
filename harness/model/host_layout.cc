#include "harness/model/host_layout.h"

#include <algorithm>

namespace wirecheck {
namespace {

// The group runs on a host of the network that is not the server's.
bool OnOtherHost(const ClientSpec& client, const Scenario& scenario, const NetworkHost* server) {
  if (!client.host || !scenario.network) return false;
  const NetworkHost* host = scenario.network->Find(client.host->value);
  return host != nullptr && host != server;
}

SourceLocation WhereOfHost(const ClientSpec& client) { return client.host ? client.host->where : client.where; }

}  // namespace

std::vector<HostLayoutProblem> HostLayoutProblems(const Scenario& scenario) {
  std::vector<HostLayoutProblem> problems;
  const NetworkHost* server = ServerHost(scenario);
  if (server == nullptr) return problems;
  const bool wire = std::any_of(scenario.clients.begin(), scenario.clients.end(),
                                [&](const ClientSpec& c) { return OnOtherHost(c, scenario, server); });
  for (const ClientSpec& client : scenario.clients) {
    const bool unknown = client.host && !scenario.network->Find(client.host->value);
    if (unknown) continue;
    if (!OnOtherHost(client, scenario, server)) {
      if (wire) {
        problems.push_back({WhereOfHost(client),
                            "client group '" + client.name +
                                "' runs on the server's host, while others run on another: the run's capture is the "
                                "server's side of the wire, which its packets would not cross. Give it the other "
                                "host (clients on both hosts in one run are not supported yet)"});
      }
    } else if (!client.command) {
      problems.push_back({WhereOfHost(client), "client group '" + client.name +
                                                   "': a scripted client runs on the server's host only, for now; "
                                                   "give it no 'host', or run a program"});
    }
  }
  return problems;
}

}  // namespace wirecheck
