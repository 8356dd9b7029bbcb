#include "harness/model/scenario.h"

namespace wirecheck {

std::string ToString(const SourceLocation& where) {
  if (where.line == 0) return where.file;
  return where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
}

const NetworkHost* ServerHost(const Scenario& scenario) {
  if (!scenario.network || scenario.network->hosts.empty()) return nullptr;
  const Network& n = *scenario.network;
  const NetworkHost* host = scenario.server.host ? n.Find(scenario.server.host->value) : n.Find("server");
  return host != nullptr ? host : &n.hosts.front();
}

}  // namespace wirecheck
