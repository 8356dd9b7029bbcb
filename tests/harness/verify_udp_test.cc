// Specifications of verify for UDP scenarios: datagrams each side sends,
// the flows, and where the server's replies go, come from and how long they are.

#include <gtest/gtest.h>

#include "harness/verify/hints.h"
#include "harness/verify/verify.h"
#include "tests/harness/verify_traces.h"

namespace wirecheck::verify_test {
namespace {

using reports::CheckStatus;

constexpr std::string_view kUdp = R"(
scenario: udp capitalize
protocol: udp
server:
  run: "./server {port}"
  port: 6789
expect:
  flows: 2
  client_datagrams: { count: 2, payloads: ["abc\n", "de\n"], size: { at_least: 1, at_most: 512 } }
  server_datagrams: { count: 2, each: { regex: "^[A-Z]+\\n$" } }
  replies_to_sender: true
  reply_from_bound_port: true
  replies_same_size: true
grading:
  datagrams: 40
  replies_to_sender: 20
  reply_from_bound_port: 20
  replies_same_size: 20
)";

UdpPacket Datagram(std::uint16_t from, std::uint16_t to, std::string_view payload, double t) {
  return UdpPacket().From("127.0.0.1", from).To("127.0.0.1", to).Payload(payload).At(t);
}

// The kernel's ICMP port unreachable answering a client's datagram to the
// server port (quoting it whole, as Linux does).
capture::OwnedPacket Refusal(const UdpPacket& datagram, double t) {
  return testing::IcmpPacket().From("127.0.0.1").To("127.0.0.1").Quote(datagram.IpBytes()).At(t).Build();
}

capture::Trace AnalyzeFrames(std::vector<capture::OwnedPacket> frames) {
  capture::MemorySource source(std::move(frames));
  return capture::AnalyzeSource(source);
}

std::vector<reports::Check> VerifyLive(const Scenario& s, const capture::Trace& t) {
  const RunFacts run = LiveRun();
  return Verify(s, t, kServerPort, &run);
}

TEST(VerifyUdpTest, CorrectServerPassesEveryCheck) {
  const Scenario s = LoadScenario(kUdp);
  const capture::Trace t = AnalyzeUdp({Datagram(40001, kServerPort, "abc\n", 0.0), Datagram(kServerPort, 40001, "ABC\n", 0.1),
                                       Datagram(40002, kServerPort, "de\n", 0.2), Datagram(kServerPort, 40002, "DE\n", 0.3)});
  const std::vector<reports::Check> checks = VerifyLive(s, t);
  for (const reports::Check& c : checks) {
    if (c.id.starts_with("server.")) continue;
    EXPECT_EQ(c.status, CheckStatus::kPass) << Describe(checks);
  }
  EXPECT_EQ(Find(checks, "client_datagrams.count").points_possible, 8);  // 40 shared by 5 datagram checks
  EXPECT_EQ(Find(checks, "flows").message, "2 client address:port pairs sent to port 6789");
}

TEST(VerifyUdpTest, ReplyFromAnotherPortFailsReplyFromBoundPort) {
  const Scenario s = LoadScenario(kUdp);
  const capture::Trace t = AnalyzeUdp({Datagram(40001, kServerPort, "abc\n", 0.0), Datagram(50000, 40001, "ABC\n", 0.1),
                                       Datagram(40002, kServerPort, "de\n", 0.2), Datagram(50001, 40002, "DE\n", 0.3)});
  const std::vector<reports::Check> checks = VerifyLive(s, t);
  const reports::Check c = Find(checks, "reply_from_bound_port");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message, "datagram #2 127.0.0.1:50000 -> 127.0.0.1:40001, 4 bytes \"ABC\\n\": sent from port 50000, not 6789");
  EXPECT_EQ(c.hint, hints::kReplyFromOtherPort);
  ASSERT_EQ(c.evidence.packets.size(), 1u);
  EXPECT_EQ(c.evidence.packets[0].number, 2u);
  ASSERT_EQ(c.evidence.ladder.size(), 1u);
  EXPECT_TRUE(c.evidence.ladder[0].is_evidence);
  EXPECT_EQ(c.evidence.ladder[0].payload, "ABC\n");
  EXPECT_EQ(c.evidence.ladder[0].direction, reports::PacketDirection::kServerToClient);
  // Those replies still count as the server's and still reach the senders.
  EXPECT_EQ(Find(checks, "server_datagrams.count").status, CheckStatus::kPass);
  EXPECT_EQ(Find(checks, "replies_to_sender").status, CheckStatus::kPass);
}

TEST(VerifyUdpTest, ReplyToAnotherAddressFailsRepliesToSender) {
  const Scenario s = LoadScenario(kUdp);
  const capture::Trace t = AnalyzeUdp({Datagram(40001, kServerPort, "abc\n", 0.0), Datagram(kServerPort, 9999, "ABC\n", 0.1)});
  const reports::Check c = Find(VerifyLive(s, t), "replies_to_sender");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message, "datagram #2 127.0.0.1:6789 -> 127.0.0.1:9999, 4 bytes \"ABC\\n\": no client sent from 127.0.0.1:9999");
  EXPECT_EQ(c.hint, hints::kReplyToWrongAddress);
}

TEST(VerifyUdpTest, PaddedReplyFailsRepliesSameSize) {
  const Scenario s = LoadScenario(kUdp);
  std::string buffer = "ABC\n";
  buffer.resize(1024, '\0');
  const capture::Trace t = AnalyzeUdp({Datagram(40001, kServerPort, "abc\n", 0.0), Datagram(kServerPort, 40001, buffer, 0.1)});
  const std::vector<reports::Check> checks = VerifyLive(s, t);
  const reports::Check c = Find(checks, "replies_same_size");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_TRUE(c.message.ends_with(": padded by 1020 bytes")) << c.message;
  EXPECT_EQ(c.hint, hints::kReplyPadded);
  EXPECT_EQ(c.evidence.packets.size(), 2u);
  EXPECT_EQ(Find(checks, "server_datagrams.each").status, CheckStatus::kFail);
}

TEST(VerifyUdpTest, TruncatedReplyFailsRepliesSameSize) {
  const Scenario s = LoadScenario(kUdp);
  const capture::Trace t = AnalyzeUdp({Datagram(40001, kServerPort, "abcdefgh\n", 0.0), Datagram(kServerPort, 40001, "ABCD", 0.1)});
  const reports::Check c = Find(VerifyLive(s, t), "replies_same_size");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_TRUE(c.message.ends_with(": truncated by 5 bytes")) << c.message;
  EXPECT_EQ(c.hint, hints::kReplyTruncated);
}

// A datagram of the wrong size gets a hint about its size, never the one
// about the number of datagrams.
TEST(VerifyUdpTest, DatagramOfTheWrongSizeGetsASizeHint) {
  const Scenario s = LoadScenario(R"(
scenario: udp sizes
protocol: udp
server: { run: ./server, port: 6789 }
expect:
  client_datagrams: { size: { at_least: 4, at_most: 8 } }
)");
  const reports::Check small =
      Find(VerifyLive(s, AnalyzeUdp({Datagram(40001, kServerPort, "ab", 0.0)})), "client_datagrams.size");
  EXPECT_EQ(small.status, CheckStatus::kFail);
  EXPECT_EQ(small.message,
            "datagram #1 127.0.0.1:40001 -> 127.0.0.1:6789, 2 bytes \"ab\": its size is not from 4 to 8");
  EXPECT_EQ(small.hint, hints::kDatagramTooSmall);
  const reports::Check big =
      Find(VerifyLive(s, AnalyzeUdp({Datagram(40001, kServerPort, "abcdefghijk", 0.0)})), "client_datagrams.size");
  EXPECT_EQ(big.status, CheckStatus::kFail);
  EXPECT_EQ(big.hint, hints::kDatagramTooBig);
}

TEST(VerifyUdpTest, WrongPayloadNamesTheDatagramAndTheByte) {
  const Scenario s = LoadScenario(kUdp);
  const capture::Trace t = AnalyzeUdp({Datagram(40001, kServerPort, "abc\n", 0.0), Datagram(40002, kServerPort, "dX\n", 0.2)});
  const reports::Check c = Find(VerifyLive(s, t), "client_datagrams.payloads");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  ASSERT_TRUE(c.evidence.difference);
  EXPECT_EQ(c.evidence.difference->where, "datagram 2");
  EXPECT_EQ(c.evidence.difference->offset, 1u);
}

TEST(VerifyUdpTest, MissingRepliesFailTheCountAndLeaveReplyChecksInconclusive) {
  const Scenario s = LoadScenario(kUdp);
  const capture::Trace t = AnalyzeUdp({Datagram(40001, kServerPort, "abc\n", 0.0), Datagram(40002, kServerPort, "de\n", 0.2)});
  const std::vector<reports::Check> checks = VerifyLive(s, t);
  EXPECT_EQ(Find(checks, "server_datagrams.count").status, CheckStatus::kFail);
  EXPECT_EQ(Find(checks, "server_datagrams.count").hint, hints::kDatagramCount);
  EXPECT_EQ(Find(checks, "replies_to_sender").status, CheckStatus::kInconclusive);
  EXPECT_EQ(Find(checks, "reply_from_bound_port").status, CheckStatus::kInconclusive);
  EXPECT_EQ(Find(checks, "replies_same_size").status, CheckStatus::kInconclusive);
  EXPECT_EQ(Find(checks, "replies_same_size").points_earned, 0);
}

TEST(VerifyUdpTest, PortUnreachableForAClientsDatagramIsNamedAsWhyNoReplyCame) {
  const Scenario s = LoadScenario(kUdp);
  const UdpPacket refused = Datagram(40002, kServerPort, "de\n", 0.2);
  const capture::Trace t = AnalyzeFrames({Datagram(40001, kServerPort, "abc\n", 0.0).Build(),
                                          Datagram(kServerPort, 40001, "ABC\n", 0.1).Build(), refused.Build(),
                                          Refusal(refused, 0.25)});
  const std::vector<reports::Check> checks = VerifyLive(s, t);
  const reports::Check c = Find(checks, "server_datagrams.count");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message,
            "the server sent 1 datagrams, expected exactly 2; no reply: the kernel answered the client's datagram with "
            "ICMP port unreachable (packet 4): nothing was bound to UDP port 6789 when it arrived");
  EXPECT_EQ(c.hint, hints::kNothingBound);
  ASSERT_EQ(c.evidence.packets.size(), 1u);
  EXPECT_EQ(c.evidence.packets[0].number, 4u);
  EXPECT_EQ(c.evidence.packets[0].time, std::chrono::milliseconds(250));
  ASSERT_TRUE(c.evidence.conversation.has_value());
  EXPECT_EQ(c.evidence.conversation->client.port, 40002);
  ASSERT_EQ(c.evidence.ladder.size(), 1u);  // the refused datagram, the only one of its flow
  EXPECT_EQ(c.evidence.ladder[0].number, 3u);
  EXPECT_TRUE(c.evidence.ladder[0].is_evidence);
  // The checks the one reply answers are not changed.
  EXPECT_EQ(Find(checks, "replies_same_size").status, CheckStatus::kPass);
  EXPECT_EQ(Find(checks, "replies_to_sender").status, CheckStatus::kPass);
}

TEST(VerifyUdpTest, PortUnreachableForEveryDatagramExplainsTheUndecidedReplyChecksToo) {
  const Scenario s = LoadScenario(kUdp);
  const UdpPacket first = Datagram(40001, kServerPort, "abc\n", 0.0), second = Datagram(40002, kServerPort, "de\n", 0.2);
  const capture::Trace t = AnalyzeFrames({first.Build(), Refusal(first, 0.0), second.Build(), Refusal(second, 0.2)});
  const std::vector<reports::Check> checks = VerifyLive(s, t);
  const std::string refusals =
      "no reply: the kernel answered 2 of the clients' datagrams with ICMP port unreachable (packets 2, 4): nothing "
      "was bound to UDP port 6789 when they arrived";
  const reports::Check count = Find(checks, "server_datagrams.count");
  EXPECT_EQ(count.message, "the server sent 0 datagrams, expected exactly 2; " + refusals);
  EXPECT_EQ(count.hint, hints::kNothingBound);
  ASSERT_EQ(count.evidence.packets.size(), 2u);
  EXPECT_EQ(count.evidence.packets[1].number, 4u);
  const reports::Check to_sender = Find(checks, "replies_to_sender");
  EXPECT_EQ(to_sender.status, CheckStatus::kInconclusive);
  EXPECT_EQ(to_sender.message, "the server sent no datagram; " + refusals);
  EXPECT_EQ(to_sender.hint, "");
  EXPECT_EQ(Find(checks, "server_datagrams.each").message, "the server sent no datagram; " + refusals);
  EXPECT_EQ(Find(checks, "replies_same_size").message, "no reply to a client's datagram was captured; " + refusals);
  // The clients' own checks do not speak of it.
  EXPECT_EQ(Find(checks, "client_datagrams.count").message, "the clients sent 2 datagrams");
}

TEST(VerifyUdpTest, PortUnreachableForTheServersReplyIsNotEvidenceOfAMissingReply) {
  const Scenario s = LoadScenario(kUdp);
  const UdpPacket reply = Datagram(kServerPort, 40001, "ABC\n", 0.1);  // the client had closed its socket
  const capture::Trace t = AnalyzeFrames({Datagram(40001, kServerPort, "abc\n", 0.0).Build(), reply.Build(),
                                          Refusal(reply, 0.1), Datagram(40002, kServerPort, "de\n", 0.2).Build()});
  const reports::Check c = Find(VerifyLive(s, t), "server_datagrams.count");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message, "the server sent 1 datagrams, expected exactly 2");
  EXPECT_EQ(c.hint, hints::kDatagramCount);
  EXPECT_TRUE(c.evidence.packets.empty());
}

TEST(VerifyUdpTest, LostPacketsMakeDatagramCountsInconclusive) {
  const Scenario s = LoadScenario(kUdp);
  capture::Trace t = AnalyzeUdp({Datagram(40001, kServerPort, "abc\n", 0.0), Datagram(kServerPort, 40001, "ABC\n", 0.1),
                                 Datagram(40002, kServerPort, "de\n", 0.2), Datagram(kServerPort, 40002, "DE\n", 0.3)});
  t.stats.capture.kernel_dropped = 1;
  const std::vector<reports::Check> checks = VerifyLive(s, t);
  EXPECT_EQ(Find(checks, "client_datagrams.count").status, CheckStatus::kInconclusive);
  EXPECT_EQ(Find(checks, "flows").status, CheckStatus::kInconclusive);
}

TEST(VerifyUdpTest, FalseAsksForNothing) {
  const Scenario s = LoadScenario(R"(
scenario: udp
protocol: udp
server: { run: ./server, port: 6789 }
expect: { reply_from_bound_port: false }
)");
  const capture::Trace t = AnalyzeUdp({Datagram(40001, kServerPort, "abc\n", 0.0)});
  EXPECT_EQ(Find(VerifyLive(s, t), "reply_from_bound_port").status, CheckStatus::kNotApplicable);
}

constexpr std::string_view kStillBound = R"(
scenario: udp server that keeps serving
protocol: udp
server: { run: ./server, port: 6789 }
expect: { server_still_bound: true }
grading: { server_still_bound: 10 }
)";

TEST(VerifyUdpTest, ServerPortStillBoundAfterTheClientsPassesStillBound) {
  const RunFacts run = LiveRun();  // the runner read the port bound once the run had settled
  const reports::Check c = Find(Verify(LoadScenario(kStillBound), capture::Trace{}, kServerPort, &run), "server_still_bound");
  EXPECT_EQ(c.status, CheckStatus::kPass);
  EXPECT_EQ(c.message, "a socket was still bound to UDP port 6789 after the clients were done");
  EXPECT_EQ(c.evidence.expected, "bound to UDP port 6789 (test.yaml:5:31)");
  EXPECT_EQ(c.grading, "server_still_bound");
  EXPECT_EQ(c.points_earned, 10);
}

// A server that exits, or closes its socket, after one datagram.
TEST(VerifyUdpTest, NothingBoundAfterTheClientsFailsStillBoundWithItsHint) {
  RunFacts run = LiveRun();
  run.server_still_listening = false;
  const reports::Check c = Find(Verify(LoadScenario(kStillBound), capture::Trace{}, kServerPort, &run), "server_still_bound");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message, "nothing was bound to UDP port 6789 after the clients were done");
  EXPECT_EQ(c.hint, hints::kNotBound);
  EXPECT_EQ(c.points_possible, 10);
  EXPECT_EQ(c.points_earned, 0);
}

// A fact of the run's socket tables, not of the capture: lost packets do
// not touch it; an unread table leaves it open; a capture taken elsewhere
// cannot tell.
TEST(VerifyUdpTest, StillBoundIsDecidedOnlyByTheRunsSocketTables) {
  const Scenario s = LoadScenario(kStillBound);
  capture::Trace lossy;
  lossy.stats.capture.kernel_dropped = 3;
  RunFacts run = LiveRun();
  EXPECT_EQ(Find(Verify(s, lossy, kServerPort, &run), "server_still_bound").status, CheckStatus::kPass);
  run.server_still_listening.reset();
  const reports::Check unread = Find(Verify(s, capture::Trace{}, kServerPort, &run), "server_still_bound");
  EXPECT_EQ(unread.status, CheckStatus::kInconclusive);
  EXPECT_EQ(unread.message, "the run could not read the server's sockets");
  EXPECT_EQ(Find(Verify(s, capture::Trace{}, kServerPort, nullptr), "server_still_bound").status,
            CheckStatus::kNotApplicable);
}

// `false`: the server must have let the port go (a one-shot server).
TEST(VerifyUdpTest, StillBoundFalseWantsThePortFree) {
  const Scenario s = LoadScenario(R"(
scenario: one-shot udp server
protocol: udp
server: { run: ./server, port: 6789, stop: wait }
expect: { server_still_bound: false }
)");
  RunFacts run = LiveRun();
  const reports::Check c = Find(Verify(s, capture::Trace{}, kServerPort, &run), "server_still_bound");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.title, "the server's socket is closed after the clients");
  EXPECT_EQ(c.hint, "");
  run.server_still_listening = false;
  EXPECT_EQ(Find(Verify(s, capture::Trace{}, kServerPort, &run), "server_still_bound").status, CheckStatus::kPass);
}

// A run with a wire captures both of its ends. The checks count what the
// server's side saw; where the client's side saw more go across, the
// message says so with the wire's log.
constexpr std::string_view kUdpOverWire = R"(
scenario: udp over a wire
protocol: udp
server:
  run: "./server {port}"
  port: 6789
expect:
  flows: 1
  client_datagrams: { count: 1 }
  server_datagrams: { count: 1 }
)";

UdpPacket Across(bool from_client, std::string_view payload, double t) {
  UdpPacket p;
  if (from_client) return p.From("198.51.100.7", 40001).To("192.0.2.1", kServerPort).Payload(payload).At(t);
  return p.From("192.0.2.1", kServerPort).To("198.51.100.7", 40001).Payload(payload).At(t);
}

RunFacts OverWire(capture::Trace client_side, std::vector<std::string> drops) {
  RunFacts run = LiveRun();
  run.client_side.emplace();
  run.client_side->trace = std::make_shared<capture::Trace>(std::move(client_side));
  run.client_side->wire_drops = std::move(drops);
  return run;
}

TEST(VerifyUdpTest, ARequestLostOnTheWireIsShownAsSentByTheClientAndLostNotAsNeverSent) {
  const Scenario s = LoadScenario(kUdpOverWire);
  const capture::Trace server_side = AnalyzeUdp({});
  const RunFacts run = OverWire(AnalyzeUdp({Across(true, "hello\n", 0.0)}),
                                {"client->server #1 (34 bytes): lost on the wire (loss)"});
  const std::vector<reports::Check> checks = Verify(s, server_side, kServerPort, &run);
  const reports::Check c = Find(checks, "client_datagrams.count");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message,
            "the server received 0 datagrams from the clients, expected exactly 1; the clients sent 1 datagram (seen "
            "on the client's side of the wire), lost on the wire: client->server #1 (34 bytes) (loss)");
  EXPECT_NE(Find(checks, "flows").message.find("; the clients sent 1 datagram (seen on the client's side"),
            std::string::npos);
  EXPECT_NE(Find(checks, "server_datagrams.count").message.find("lost on the wire: client->server #1"),
            std::string::npos) << Describe(checks);
}

TEST(VerifyUdpTest, AReplyLostOnTheWireIsShownAsLostServerToClient) {
  const Scenario s = LoadScenario(kUdpOverWire);
  const capture::Trace server_side = AnalyzeUdp({Across(true, "hello\n", 0.0), Across(false, "HELLO\n", 0.1)});
  const RunFacts run = OverWire(AnalyzeUdp({Across(true, "hello\n", 0.0)}),
                                {"server->client #1 (34 bytes): lost on the wire (loss)"});
  const std::vector<reports::Check> checks = Verify(s, server_side, kServerPort, &run);
  const reports::Check c = Find(checks, "server_datagrams.count");
  EXPECT_EQ(c.status, CheckStatus::kPass);  // the server did its part
  EXPECT_EQ(c.message,
            "the server sent 1 datagrams; the clients received 0 of them (seen on the client's side of the wire), "
            "lost on the wire: server->client #1 (34 bytes) (loss)");
  EXPECT_EQ(Find(checks, "client_datagrams.count").message, "the server received 1 datagrams from the clients");
}

TEST(VerifyUdpTest, WithoutAClientSideTheMessagesAreTheOneCapturesOwn) {
  const Scenario s = LoadScenario(kUdpOverWire);
  const std::vector<reports::Check> checks = VerifyLive(s, AnalyzeUdp({}));
  EXPECT_EQ(Find(checks, "client_datagrams.count").message, "the clients sent 0 datagrams, expected exactly 1");
}

}  // namespace
}  // namespace wirecheck::verify_test
