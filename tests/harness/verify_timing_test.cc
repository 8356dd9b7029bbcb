// Specifications of the timing checks (verify_timing.h): how long after
// its request each reply comes (reply_delay) and how far apart the replies
// are (replies_apart), for TCP connections and UDP datagrams built packet by
// packet with known times.

#include <gtest/gtest.h>

#include <string>

#include "harness/verify/hints.h"
#include "harness/verify/verify.h"
#include "tests/harness/verify_traces.h"

namespace wirecheck::verify_test {
namespace {

using reports::CheckStatus;

Scenario Tcp(std::string_view expect) {
  return LoadScenario("scenario: timing\nserver: { run: ./server, port: 6789 }\nexpect:\n" + std::string(expect));
}
Scenario Udp(std::string_view expect) {
  return LoadScenario("scenario: timing\nprotocol: udp\nserver: { run: ./server, port: 6789 }\nexpect:\n" +
                      std::string(expect));
}

std::vector<reports::Check> VerifyAll(const Scenario& s, const capture::Trace& t) {
  const RunFacts run = LiveRun();
  return Verify(s, t, kServerPort, &run);
}

std::vector<std::uint64_t> Numbers(const reports::Check& c) {
  std::vector<std::uint64_t> n;
  for (const reports::PacketRef& p : c.evidence.packets) n.push_back(p.number);
  return n;
}

// Five clients that connect together, answered `apart` seconds apart (an
// iterative server) or all at once (apart 0: a concurrent one).
std::vector<Exchange> FiveClients(double work, double apart) {
  std::vector<Exchange> x;
  for (int i = 0; i < 5; ++i) {
    Exchange e;
    e.client_port = static_cast<std::uint16_t>(40001 + i);
    e.t0 = 0.001 * i;
    e.reply_after = work + apart * i;
    x.push_back(e);
  }
  return x;
}

UdpPacket Datagram(std::uint16_t from, std::uint16_t to, std::string_view payload, double t) {
  return UdpPacket().From("127.0.0.1", from).To("127.0.0.1", to).Payload(payload).At(t);
}

// --- reply_delay, TCP ----------------------------------------------------------

TEST(VerifyTimingTest, SlowReplyFailsCitingBothPacketsTheTimeAndTheBound) {
  Exchange x;
  x.reply_after = 0.412;
  const reports::Check c = Find(VerifyAll(Tcp("  reply_delay: { at_most: 300ms }\n"), Analyze({x})), "reply_delay");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  // Request at packet 4; the reply (packet 6) 412.2 ms later.
  EXPECT_EQ(c.message, "reply 412.2 ms after the request (packet 4 -> 6); bound at most 300 ms + 30 ms tolerance");
  EXPECT_EQ(c.hint, hints::kReplyTooSlow);
  EXPECT_EQ(Numbers(c), (std::vector<std::uint64_t>{4, 6}));
  EXPECT_FALSE(c.evidence.ladder.empty());
  EXPECT_EQ(c.evidence.expected, "each reply at most 300 ms + 30 ms tolerance after its request (test.yaml:4:16)");
}

TEST(VerifyTimingTest, ReplyWithinTheToleranceStillPasses) {
  Exchange x;
  x.reply_after = 0.325;   // 300 ms + 30 ms tolerance holds it
  const reports::Check c = Find(VerifyAll(Tcp("  reply_delay: { at_most: 300ms }\n"), Analyze({x})), "reply_delay");
  EXPECT_EQ(c.status, CheckStatus::kPass) << c.message;
  const reports::Check strict =
      Find(VerifyAll(Tcp("  reply_delay: { at_most: 300ms, tolerance: 0s }\n"), Analyze({x})), "reply_delay");
  EXPECT_EQ(strict.status, CheckStatus::kFail) << strict.message;
}

TEST(VerifyTimingTest, PassNamesTheSlowestReply) {
  std::vector<Exchange> x(3);
  const double after[] = {0.010, 0.050, 0.020};
  for (int i = 0; i < 3; ++i) {
    x[i].client_port = static_cast<std::uint16_t>(40001 + i);
    x[i].t0 = i;
    x[i].reply_after = after[i];
  }
  const reports::Check c = Find(VerifyAll(Tcp("  reply_delay: { at_most: 300ms }\n"), Analyze(x)), "reply_delay");
  EXPECT_EQ(c.status, CheckStatus::kPass);
  EXPECT_NE(c.message.find("3 requests, each answered; the slowest: reply 50.2 ms after the request (packet "),
            std::string::npos)
      << c.message;
}

TEST(VerifyTimingTest, IterativeServerFailsAConcurrentServersBoundWithPartialCredit) {
  const Scenario s = Tcp("  reply_delay: { at_most: 300ms }\ngrading:\n  reply_delay: 10\n");
  const reports::Check c = Find(VerifyAll(s, Analyze(FiveClients(0.3, 0.3))), "reply_delay");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message.rfind("4 of 5 requests answered out of bound, the first: reply 600.2 ms after the request (packet ", 0),
            0u)
      << c.message;
  EXPECT_NE(c.message.find("); bound at most 300 ms + 30 ms tolerance"), std::string::npos) << c.message;
  EXPECT_DOUBLE_EQ(c.points_earned, 2.0);   // 1 of 5 answered in time
}

TEST(VerifyTimingTest, LowerBoundCatchesAReplyThatSkippedItsWork) {
  Exchange x;
  x.reply_after = 0.001;
  const reports::Check c = Find(VerifyAll(Tcp("  reply_delay: { at_least: 300ms }\n"), Analyze({x})), "reply_delay");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message, "reply 1.2 ms after the request (packet 4 -> 6); bound at least 300 ms - 1 ms tolerance");
  EXPECT_EQ(c.hint, hints::kReplyTooQuick);
}

TEST(VerifyTimingTest, ConnectionWithoutAReplyFails) {
  Exchange x;
  x.reply = {};
  const reports::Check c = Find(VerifyAll(Tcp("  reply_delay: { at_most: 1s }\n"), Analyze({x})), "reply_delay");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message, "no reply after the request (packet 4); bound at most 1000 ms + 100 ms tolerance");
  EXPECT_EQ(c.hint, hints::kNoReply);
}

TEST(VerifyTimingTest, NoRequestAtAllIsInconclusive) {
  Exchange x;
  x.request.clear();
  const reports::Check c = Find(VerifyAll(Tcp("  reply_delay: { at_most: 1s }\n"), Analyze({x})), "reply_delay");
  EXPECT_EQ(c.status, CheckStatus::kInconclusive);
  EXPECT_EQ(c.message, "no connection to port 6789 carried a request");
}

// --- replies_apart, TCP --------------------------------------------------------

TEST(VerifyTimingTest, IterativeServerRepliesAreSpaced) {
  const Scenario s = Tcp("  replies_apart: { at_least: 300ms }\n");
  const reports::Check c = Find(VerifyAll(s, Analyze(FiveClients(0.3, 0.3))), "replies_apart");
  EXPECT_EQ(c.status, CheckStatus::kPass) << c.message;
  // Each reply 300 ms after the one before, plus the 1 ms between the clients' starts.
  EXPECT_NE(c.message.find("5 replies; the closest: replies 301 ms apart (packet "), std::string::npos) << c.message;
  EXPECT_EQ(c.evidence.packets.size(), 2u);
}

TEST(VerifyTimingTest, ConcurrentServerFailsSpacingMeantForAnIterativeOne) {
  const Scenario s = Tcp("  replies_apart: { at_least: 300ms }\n");
  const reports::Check c = Find(VerifyAll(s, Analyze(FiveClients(0.3, 0.0))), "replies_apart");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message.rfind("4 of 4 gaps between replies out of bound, the first: replies 1 ms apart (packet ", 0), 0u)
      << c.message;
  EXPECT_NE(c.message.find("; bound at least 300 ms - 1 ms tolerance"), std::string::npos) << c.message;
  EXPECT_EQ(c.hint, hints::kRepliesTooClose);
}

TEST(VerifyTimingTest, AtMostApartIsTheConverse) {
  const Scenario s = Tcp("  replies_apart: { at_most: 50ms }\n");
  EXPECT_EQ(Find(VerifyAll(s, Analyze(FiveClients(0.3, 0.0))), "replies_apart").status, CheckStatus::kPass);
  const reports::Check c = Find(VerifyAll(s, Analyze(FiveClients(0.3, 0.3))), "replies_apart");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.hint, hints::kRepliesTooFar);
}

TEST(VerifyTimingTest, OneReplyHasNoSpacing) {
  const reports::Check c =
      Find(VerifyAll(Tcp("  replies_apart: { at_least: 300ms }\n"), Analyze({Exchange{}})), "replies_apart");
  EXPECT_EQ(c.status, CheckStatus::kInconclusive);
  EXPECT_EQ(c.message, "1 reply was captured: their spacing needs two at least");
}

// --- UDP -----------------------------------------------------------------------

TEST(VerifyTimingTest, UdpReplyDelayIsFromEachDatagramToTheFirstReplyToItsSender) {
  const capture::Trace t = AnalyzeUdp({Datagram(40001, kServerPort, "a\n", 0.0),
                                       Datagram(40002, kServerPort, "b\n", 0.01),
                                       Datagram(kServerPort, 40002, "B\n", 0.02),
                                       Datagram(kServerPort, 40001, "A\n", 0.1)});
  const reports::Check c = Find(VerifyAll(Udp("  reply_delay: { at_most: 50ms }\n"), t), "reply_delay");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message, "reply 100 ms after the request (packet 1 -> 4); bound at most 50 ms + 20 ms tolerance");
  EXPECT_EQ(Find(VerifyAll(Udp("  reply_delay: { at_most: 100ms }\n"), t), "reply_delay").status, CheckStatus::kPass);
}

TEST(VerifyTimingTest, UdpRetransmissionsAreEachAnsweredByTheNextReply) {
  // The server answered the first request (the reply was lost on the way),
  // then the retransmission a second later: two requests, two replies.
  const capture::Trace t = AnalyzeUdp({Datagram(40001, kServerPort, "a\n", 0.0),
                                       Datagram(kServerPort, 40001, "A\n", 0.001),
                                       Datagram(40001, kServerPort, "a\n", 1.0),
                                       Datagram(kServerPort, 40001, "A\n", 1.002)});
  const Scenario s = Udp("  reply_delay: { at_most: 10ms }\n  replies_apart: { at_least: 900ms }\n");
  const std::vector<reports::Check> checks = VerifyAll(s, t);
  const reports::Check delay = Find(checks, "reply_delay");
  EXPECT_EQ(delay.status, CheckStatus::kPass) << delay.message;
  EXPECT_EQ(delay.message,
            "2 requests, each answered; the slowest: reply 2 ms after the request (packet 3 -> 4); bound at most "
            "10 ms + 20 ms tolerance");
  const reports::Check apart = Find(checks, "replies_apart");
  EXPECT_EQ(apart.status, CheckStatus::kPass) << apart.message;
  EXPECT_EQ(apart.message, "2 replies; the closest: replies 1001 ms apart (packet 2 -> 4); bound at least 900 ms - 1 ms "
                           "tolerance");
}

TEST(VerifyTimingTest, UdpRequestWithNoReplyFails) {
  const capture::Trace t = AnalyzeUdp({Datagram(40001, kServerPort, "a\n", 0.0),
                                       Datagram(kServerPort, 40001, "A\n", 0.001),
                                       Datagram(40001, kServerPort, "b\n", 1.0)});
  const reports::Check c = Find(VerifyAll(Udp("  reply_delay: { at_most: 1s }\n"), t), "reply_delay");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message, "no reply after the request (packet 3); bound at most 1000 ms + 100 ms tolerance");
}

}  // namespace
}  // namespace wirecheck::verify_test
