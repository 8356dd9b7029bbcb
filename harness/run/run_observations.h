#pragma once
// The facts of a run the verifier cannot get from the capture, and the
// report's view of the programs: the kernel's ephemeral port range, the
// local ports scripted clients connected from, the scripted peers' results
// as checks, and a program's result as a reports::ProcessSummary.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/peers/peer_result.h"
#include "harness/verify/run_facts.h"
#include "reports/report.h"

namespace wirecheck {

/// /proc/sys/net/ipv4/ip_local_port_range of the caller's network namespace
/// (the host's: a run in its own namespace uses Sandbox::local_port_range());
/// absent when it cannot be read.
std::optional<PortInterval> ReadEphemeralRange(const std::string& path = "/proc/sys/net/ipv4/ip_local_port_range");

/// The local ports of a scripted peer's connect steps ("127.0.0.1:40312").
std::vector<std::uint16_t> ConnectedFromPorts(const PeerResult& result);

/// One check per scripted peer: "scripts.<name>", pass when every step passed.
reports::Check ScriptCheck(const PeerResult& result);

reports::ProcessSummary SummarizeProcess(const ProcessRun& run, const std::string& command);

}  // namespace wirecheck
