// Scripted peers with sockets from the run's sandbox (SandboxSocketFactory):
// a scripted server and a scripted client talk inside the run's own network
// namespace. Skipped, with the reason, where user namespaces are refused.

#include <gtest/gtest.h>

#include "harness/peers/peer_loop.h"
#include "harness/run/sandbox_socket_factory.h"
#include "harness/sandbox/sandbox.h"

namespace wirecheck {
namespace {

using namespace std::chrono_literals;
using Action = ScriptStep::Action;

ScriptStep Step(Action action, std::string value = "") {
  ScriptStep s;
  s.action = action;
  if (action == Action::kConnect) s.target = "{host}:{port}";
  if (action == Action::kListen) s.target = "{port}";
  if (action == Action::kSend) s.bytes = value;
  if (action == Action::kExpect) s.match = StepMatch{StepMatch::Kind::kLine, value};
  return s;
}

TEST(PeerSandboxTest, ScriptedServerAndClientTalkInsideTheRunsNetwork) {
  std::string warning, err;
  SandboxOptions options;
  options.allow_host_fallback = false;
  auto sandbox = Sandbox::Create(options, &warning, &err);
  if (sandbox == nullptr) GTEST_SKIP() << err;

  const std::map<std::string, std::string> values = {{"host", "127.0.0.1"}, {"port", "6789"}};
  const auto server = PreparePeerPlan({Step(Action::kListen), Step(Action::kAccept), Step(Action::kExpect, "hi"),
                                       Step(Action::kSend, "HI\n"), Step(Action::kClose)},
                                      Scenario::Protocol::kTcp, Scenario::Family::kIpv4, values, &err);
  const auto client = PreparePeerPlan({Step(Action::kConnect), Step(Action::kSend, "hi\n"),
                                       Step(Action::kExpect, "HI"), Step(Action::kExpectClose)},
                                      Scenario::Protocol::kTcp, Scenario::Family::kIpv4, values, &err);
  ASSERT_TRUE(server && client) << err;
  SandboxSocketFactory sockets(*sandbox);
  PeerLoop loop(sockets);
  const PeerTime now = PeerClock::now();
  const auto s = loop.Add("server", server, now, now + 5s);
  const auto c = loop.Add("client", client, now + 50ms, now + 5s);   // once the server listens
  EXPECT_TRUE(loop.RunUntilDone(now + 6s, -1, &err)) << err;
  EXPECT_EQ(loop.result(s).outcome, PeerResult::Outcome::kPassed) << Summary(loop.result(s));
  EXPECT_EQ(loop.result(c).outcome, PeerResult::Outcome::kPassed) << Summary(loop.result(c));
  sandbox->Close();
}

}  // namespace
}  // namespace wirecheck
