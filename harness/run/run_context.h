#pragma once
// What the server and client runners of one run share: the scenario, the
// seam that starts programs (the sandbox in a run, a fake in tests), the
// scripted peers' loop, the run's placeholder values and its deadline.
// Everything is borrowed: the run owns it and outlives both runners.

#include <vector>

#include "harness/model/scenario.h"
#include "harness/peers/peer_loop.h"
#include "harness/process/process_launcher.h"
#include "harness/run/run_plan.h"

namespace wirecheck {

struct RunContext {
  const Scenario& scenario;
  ProcessLauncher& launcher;
  PeerLoop& loop;
  const PlaceholderValues& values;
  PeerTime deadline;
  /// The run has a network namespace of its own, so every socket in its
  /// tables is the run's (on the host's loopback only the port tells).
  bool own_network = true;
  /// Per client group, the ProcessSpec::network its programs start in
  /// (run_hosts.h); empty or short: 0, the server's host.
  std::vector<int> client_networks = {};
};

}  // namespace wirecheck
