#pragma once
// The parts of the scenario loader, one per kind of element. Internal to
// scenario_loader; each reports errors to the context and returns what it
// could read (nullopt when the element as a whole is unusable).

#include <optional>
#include <vector>

#include "harness/loader/scenario_yaml.h"
#include "harness/model/scenario.h"

namespace wirecheck {

std::optional<TextMatch> ReadTextMatch(const YamlValue& v, YamlContext& ctx);
ProcessExpect ReadProcessExpect(const YamlValue& v, YamlContext& ctx);
std::optional<ConnectionExpect> ReadConnectionExpect(const YamlValue& v, YamlContext& ctx);
WireExpect ReadWireExpect(const YamlValue& v, Scenario::Protocol protocol, YamlContext& ctx);

/// A scripted peer's steps; a server script must listen (TCP) or bind (UDP).
enum class PeerRole { kServer, kClient };
std::vector<ScriptStep> ReadScript(const YamlValue& v, Scenario::Protocol protocol, PeerRole role,
                                   YamlContext& ctx);

/// A program's `limits:` and a run's `run_limits:` (also an assignment's
/// build); keys not given keep `defaults`.
Limits ReadLimits(const YamlValue& v, YamlContext& ctx, Limits defaults = {});
RunLimits ReadRunLimits(const YamlValue& v, YamlContext& ctx);

/// `network:` (the scenario's protocol and family read already).
std::optional<Network> ReadNetwork(const YamlValue& v, const Scenario& scenario, YamlContext& ctx);
/// Each `host:` of the server and the client groups names a host of
/// network.hosts, and the client groups' places are ones a run can make
/// (HostLayoutProblems).
void CheckHosts(const Scenario& scenario, YamlContext& ctx);

/// `grading:`, checked against the checks the scenario has.
Grading ReadGrading(const YamlValue& v, const Scenario& scenario, YamlContext& ctx);

}  // namespace wirecheck
