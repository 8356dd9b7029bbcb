// Addresses of scripted peers and the plan made from a script.

#include "harness/loader/scenario_keys.h"
#include "harness/peers/peer_plan.h"

#include <gtest/gtest.h>

namespace wirecheck {
namespace {

using Family = Scenario::Family;

std::string RoundTrip(std::string_view text, Family family = Family::kIpv4) {
  PeerAddress a;
  std::string err;
  if (!ParseHostPort(text, family, &a, &err)) return "error: " + err;
  return FormatAddress(a);
}

TEST(PeerAddressTest, ParsesNumericHostsAndLocalhost) {
  EXPECT_EQ(RoundTrip("127.0.0.1:6789"), "127.0.0.1:6789");
  EXPECT_EQ(RoundTrip("[::1]:6789"), "[::1]:6789");
  EXPECT_EQ(RoundTrip("localhost:80"), "127.0.0.1:80");
  EXPECT_EQ(RoundTrip("localhost:80", Family::kIpv6), "[::1]:80");
}

TEST(PeerAddressTest, SaysWhatIsWrong) {
  EXPECT_EQ(RoundTrip("127.0.0.1"), "error: '127.0.0.1' is not host:port (write an IPv6 address as [::1]:port)");
  EXPECT_EQ(RoundTrip("127.0.0.1:70000"), "error: '70000' is not a port (0 to 65535)");
  EXPECT_EQ(RoundTrip("example.org:80"),
            "error: 'example.org' is not an IPv4 or IPv6 address (host names other than localhost are not looked up)");
  EXPECT_EQ(RoundTrip("::1:80"), "error: '::1:80' is not host:port (write an IPv6 address as [::1]:port)");
}

TEST(PeerAddressTest, ListenPortsAreTheFamilysWildcard) {
  PeerAddress a;
  std::string err;
  ASSERT_TRUE(ParseListenPort("6789", Family::kIpv4, &a, &err)) << err;
  EXPECT_EQ(FormatAddress(a), "0.0.0.0:6789");
  ASSERT_TRUE(ParseListenPort("0", Family::kIpv6, &a, &err)) << err;
  EXPECT_EQ(FormatAddress(a), "[::]:0");
  EXPECT_FALSE(ParseListenPort("x", Family::kIpv4, &a, &err));
}

TEST(PeerAddressTest, SameEndpointComparesAddressAndPort) {
  PeerAddress a, b, c;
  std::string err;
  ASSERT_TRUE(ParseHostPort("127.0.0.1:1", Family::kIpv4, &a, &err));
  ASSERT_TRUE(ParseHostPort("localhost:1", Family::kIpv4, &b, &err));
  ASSERT_TRUE(ParseHostPort("127.0.0.1:2", Family::kIpv4, &c, &err));
  EXPECT_TRUE(SameEndpoint(a, b));
  EXPECT_FALSE(SameEndpoint(a, c));
  EXPECT_EQ(PortOf(c), 2);
}

TEST(PeerPlanTest, ExpandsPlaceholdersAndResolvesTargets) {
  ScriptStep connect;
  connect.action = ScriptStep::Action::kConnect;
  connect.target = "{host}:{port}";
  ScriptStep expect;
  expect.action = ScriptStep::Action::kExpect;
  expect.match = StepMatch{StepMatch::Kind::kRegex, "^H"};
  std::string err;
  const auto plan = PreparePeerPlan({connect, expect}, Scenario::Protocol::kTcp, Family::kIpv4,
                                    {{"host", "127.0.0.1"}, {"port", "6789"}}, &err);
  ASSERT_NE(plan, nullptr) << err;
  EXPECT_EQ(FormatAddress(plan->addresses[0]), "127.0.0.1:6789");
  EXPECT_TRUE(plan->addresses[1].empty());
  EXPECT_EQ(plan->matchers[1].Describe(), "a line matching regex \"^H\"");
}

TEST(PeerPlanTest, TheDefaultTargetResolvesInBothFamilies) {
  ScriptStep connect;
  connect.action = ScriptStep::Action::kConnect;
  connect.target = kServerAddress;
  std::string err;
  const auto v6 = PreparePeerPlan({connect}, Scenario::Protocol::kTcp, Family::kIpv6, {{"host", "::1"}, {"port", "6789"}}, &err);
  ASSERT_NE(v6, nullptr) << err;
  EXPECT_EQ(FormatAddress(v6->addresses[0]), "[::1]:6789");
  const auto v4 =
      PreparePeerPlan({connect}, Scenario::Protocol::kTcp, Family::kIpv4, {{"host", "127.0.0.1"}, {"port", "6789"}}, &err);
  ASSERT_NE(v4, nullptr) << err;
  EXPECT_EQ(FormatAddress(v4->addresses[0]), "127.0.0.1:6789");
}

TEST(PeerPlanTest, ABadTargetIsAnErrorAtItsLine) {
  ScriptStep connect;
  connect.action = ScriptStep::Action::kConnect;
  connect.target = "{host}";
  connect.where = SourceLocation{"s.yaml", 7, 9};
  std::string err;
  EXPECT_EQ(PreparePeerPlan({connect}, Scenario::Protocol::kTcp, Family::kIpv4, {{"host", "127.0.0.1"}}, &err),
            nullptr);
  EXPECT_EQ(err, "s.yaml:7:9: 'connect': '127.0.0.1' is not host:port (write an IPv6 address as [::1]:port)");
}

ScriptStep Send(std::string bytes, bool hex = false) {
  ScriptStep send;
  send.action = ScriptStep::Action::kSend;
  send.bytes = std::move(bytes);
  send.bytes_hex = hex;
  return send;
}

ScriptStep Expect(StepMatch::Kind kind, std::string text) {
  ScriptStep expect;
  expect.action = ScriptStep::Action::kExpect;
  expect.match = StepMatch{kind, std::move(text)};
  return expect;
}

TEST(PeerPlanTest, TextPayloadsAndMatchesHaveTheirPlaceholdersExpanded) {
  std::string err;
  const auto plan = PreparePeerPlan(
      {Send("client {index} of {name}: {\"json\": {not_a_placeholder}}\n"), Send("{index}", true),
       Expect(StepMatch::Kind::kLine, "CLIENT {index}"), Expect(StepMatch::Kind::kRegex, "^{host} [0-9]{2}$")},
      Scenario::Protocol::kTcp, Family::kIpv4, {{"index", "7"}, {"name", "burst"}, {"host", "127.0.0.1"}}, &err);
  ASSERT_NE(plan, nullptr) << err;
  EXPECT_EQ(plan->steps[0].bytes, "client 7 of burst: {\"json\": {not_a_placeholder}}\n");  // other braces are data
  EXPECT_EQ(plan->steps[1].bytes, "{index}");                                           // hex is never expanded
  EXPECT_EQ(plan->steps[2].match.text, "CLIENT 7");
  EXPECT_EQ(plan->steps[3].match.text, "^127\\.0\\.0\\.1 [0-9]{2}$");  // the value regex-escaped, {2} kept
}

TEST(PeerPlanTest, OnlyScriptsNamingIndexDifferPerClient) {
  EXPECT_TRUE(PlanDiffersPerClient({Send("client {index}\n")}));
  EXPECT_TRUE(PlanDiffersPerClient({Expect(StepMatch::Kind::kLine, "CLIENT {index}")}));
  EXPECT_FALSE(PlanDiffersPerClient({Send("{index}", true)}));
  EXPECT_FALSE(PlanDiffersPerClient({Send("from {name} on {port}\n")}));
}

}  // namespace
}  // namespace wirecheck
