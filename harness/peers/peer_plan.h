#pragma once
// A script made ready to run: placeholders expanded, every address resolved
// and every regex compiled once, so that the N peers of a client group share
// one plan (memory per peer stays small) and a bad address is an error
// before anything starts, not a failure in the middle of a run. A script
// that names {index} gets one plan per client instead.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness/model/scenario.h"
#include "harness/peers/peer_address.h"
#include "harness/peers/peer_match.h"

namespace wirecheck {

struct PeerPlan {
  Scenario::Protocol protocol = Scenario::Protocol::kTcp;
  Scenario::Family family = Scenario::Family::kIpv4;
  std::vector<ScriptStep> steps;
  std::vector<PeerAddress> addresses;   // per step: connect, listen, bind, sendto; else empty
  std::vector<StepMatcher> matchers;    // per step: expect, recvfrom; else kBytes ""
};

/// Null with *err ("s.yaml:7:9: 'connect': '{hots}:1' is not host:port")
/// when a target is not an address after expanding placeholders
/// (ExpandPlaceholders with values: {host}, {port}, ...). Text payloads and
/// matches have their placeholders expanded too (ExpandPayloadPlaceholders).
/// True when a step names {index}: each client of the group needs its own
/// plan (the others share one).
bool PlanDiffersPerClient(const std::vector<ScriptStep>& steps);

std::shared_ptr<const PeerPlan> PreparePeerPlan(const std::vector<ScriptStep>& steps,
                                                Scenario::Protocol protocol, Scenario::Family family,
                                                const std::map<std::string, std::string>& values,
                                                std::string* err);

}  // namespace wirecheck
