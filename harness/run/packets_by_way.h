#pragma once
// How many of a capture's packets went each way between a run's two hosts,
// for the report's wire lines: the same count made of each side's capture
// shows where packets were lost. Pure.

#include <cstdint>

#include "capture/analyzer.h"
#include "capture/ip_address.h"

namespace wirecheck {

struct PacketsByWay {
  std::uint64_t to_server = 0;  // sent from the client host's address
  std::uint64_t to_client = 0;  // sent to it
};

/// The TCP and UDP packets of `trace`'s conversations with `client_host` at
/// one end, by way; packets of conversations past the analysis' bound, and
/// ICMP, are left out.
PacketsByWay CountByWay(const capture::Trace& trace, const capture::IpAddress& client_host);

}  // namespace wirecheck
