// Specifications of what a failed check of one TCP connection says in a run
// with a wire: the same connection on the client's side of it (the same
// 4-tuple), what that side saw and the server's did not, and which of the
// wire's drops were this connection's packets. Each side's trace is built
// from the same packets, the server's without those the wire dropped.

#include <gtest/gtest.h>

#include <set>

#include "harness/verify/connection_sides.h"
#include "tests/harness/verify_traces.h"

namespace wirecheck::verify_test {
namespace {

using reports::CheckStatus;

constexpr std::string_view kOverWire = R"(
scenario: over a wire
protocol: tcp
server:
  run: ./server {port}
  port: 6789
expect:
  every_connection:
    handshake: complete
    client_sends: "hello sockets\n"
    close: { clean: true }
    history: "^[^t]*$"
)";

Exchange Between(std::uint16_t client_port, double t0) {
  Exchange x{.client_port = client_port, .t0 = t0};
  x.client_addr = "198.51.100.7";
  x.server_addr = "192.0.2.1";
  return x;
}

// The packets of `x` but those at the given indexes (0-based, in the order
// Packets() makes them).
std::vector<TcpPacket> Without(const Exchange& x, std::set<std::size_t> dropped) {
  std::vector<TcpPacket> kept;
  const std::vector<TcpPacket> all = Packets(x);
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (!dropped.count(i)) kept.push_back(all[i]);
  }
  return kept;
}

RunFacts OverWire(capture::Trace client_side, std::vector<std::string> drops, std::optional<std::uint64_t> to_server,
                  std::optional<std::uint64_t> to_client) {
  RunFacts run = LiveRun();
  run.client_side.emplace();
  run.client_side->trace = std::make_shared<capture::Trace>(std::move(client_side));
  run.client_side->wire_drops = std::move(drops);
  run.client_side->wire_packets_to_server = to_server;
  run.client_side->wire_packets_to_client = to_client;
  return run;
}

// Without the request, the handshake's ACK is the only packet of the client
// that acknowledges the SYN-ACK alone: the server's side, without it, never
// sees the handshake complete.
Exchange Silent(std::uint16_t client_port, double t0) {
  Exchange x = Between(client_port, t0);
  x.request.clear();
  return x;
}

// Client packets of Silent(): SYN, ACK, ACK of the reply, ACK of the FIN, FIN.
constexpr std::size_t kHandshakeAck = 2;  // index in Packets()
constexpr std::uint64_t kClientPacketsEach = 5;

TEST(ConnectionSidesTest, AHandshakeAckLostOnTheWireIsShownAsSentByTheClientWithItsOwnDrop) {
  const Scenario s = LoadScenario(kOverWire);
  const Exchange first = Silent(40001, 0.0), second = Silent(40002, 1.0);
  // The second connection lost the client's FIN (its 5th packet, #10 of the
  // way): a drop of another connection, not cited for the first.
  std::vector<TcpPacket> server_side = Without(first, {kHandshakeAck});
  const std::vector<TcpPacket> second_kept = Without(second, {Packets(second).size() - 2});
  server_side.insert(server_side.end(), second_kept.begin(), second_kept.end());
  const std::vector<std::string> drops = {"client->server #2 (40 bytes): lost on the wire (rule 1)",
                                          "client->server #10 (40 bytes): lost on the wire (rule 1)"};
  const RunFacts run = OverWire(Analyze({first, second}), drops, 2 * kClientPacketsEach, std::nullopt);
  const std::vector<reports::Check> checks = Verify(s, Analyze({}, server_side), kServerPort, &run);
  const reports::Check c = Find(checks, "every_connection.handshake");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message,
            "connection 1 of 2 (1 like it): the client never acknowledged the SYN-ACK #2; the client sent the ACK "
            "(seen on the client's side of the wire), lost on the wire: client->server #2 (40 bytes) (rule 1)");

  // Where the wire's numbers cannot be matched to the client's capture (the
  // wire's count unknown), every drop that way is cited.
  const RunFacts unnumbered = OverWire(Analyze({first, second}), drops, std::nullopt, std::nullopt);
  EXPECT_EQ(Find(Verify(s, Analyze({}, server_side), kServerPort, &unnumbered), "every_connection.handshake").message,
            "connection 1 of 2 (1 like it): the client never acknowledged the SYN-ACK #2; the client sent the ACK "
            "(seen on the client's side of the wire), lost on the wire: client->server #2 (40 bytes) (rule 1), "
            "client->server #10 (40 bytes) (rule 1)");

  // Without a wire, the message is what it always was.
  const RunFacts live = LiveRun();
  EXPECT_EQ(Find(Verify(s, Analyze({}, server_side), kServerPort, &live), "every_connection.handshake").message,
            "connection 1 of 2 (1 like it): the client never acknowledged the SYN-ACK #2");
}

TEST(ConnectionSidesTest, ASynAckLostOnTheWireIsShownAsNeverReceivedByTheClient) {
  const Scenario s = LoadScenario(kOverWire);
  Exchange x = Silent(40001, 0.0);
  x.reply.clear();
  x.end = Exchange::End::kOpen;  // SYN, SYN-ACK, ACK
  const RunFacts run = OverWire(Analyze({}, Without(x, {1, 2})),
                                {"server->client #1 (60 bytes): lost on the wire (loss)"}, 1, 1);
  const reports::Check c =
      Find(Verify(s, Analyze({}, Without(x, {2})), kServerPort, &run), "every_connection.handshake");
  EXPECT_EQ(c.message,
            "the client never acknowledged the SYN-ACK #2; the client never received the SYN-ACK (seen on the "
            "client's side of the wire), lost on the wire: server->client #1 (60 bytes) (loss)");
}

// The server's first reply lost and sent again: a retransmission (t) on the
// server's side only, which saw both copies.
TEST(ConnectionSidesTest, AHistoryWithARetransmissionTheClientNeverSawNamesTheClientsHistoryAndTheDrop) {
  const Scenario s = LoadScenario(kOverWire);
  const Exchange x = Between(40001, 0.0);
  std::vector<TcpPacket> server_side = Packets(x);
  constexpr std::size_t kReply = 5;
  TcpPacket original = server_side[kReply];
  server_side.push_back(original.At(0.0014));  // just before the copy the client received
  const RunFacts run = OverWire(Analyze({x}), {"server->client #3 (54 bytes): lost on the wire (rule 1)"}, 6, 6);
  const std::vector<reports::Check> checks = Verify(s, Analyze({}, server_side), kServerPort, &run);
  const reports::Check c = Find(checks, "every_connection.history");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message,
            "history \"ShADadtfF\" does not match /^[^t]*$/; history \"ShADadfF\", conn_state SF (seen on the "
            "client's side of the wire), lost on the wire: server->client #3 (54 bytes) (rule 1)");
  EXPECT_EQ(Find(checks, "every_connection.handshake").status, CheckStatus::kPass);
  EXPECT_EQ(Find(checks, "every_connection.handshake").message, "SYN #1, SYN-ACK #2, ACK #3, before any data");
}

// The request lost and never sent again (the run ended first): the
// server's side has no byte of it, the client's side has them all.
TEST(ConnectionSidesTest, ARequestLostOnTheWireIsShownAsTheBytesTheClientSent) {
  const Scenario s = LoadScenario(kOverWire);
  const Exchange x = Between(40001, 0.0);
  constexpr std::size_t kRequest = 3;
  const RunFacts run = OverWire(Analyze({x}), {"client->server #3 (66 bytes): lost on the wire (loss)"}, 6, 5);
  const reports::Check c =
      Find(Verify(s, Analyze({}, Without(x, {kRequest})), kServerPort, &run), "every_connection.client_sends");
  EXPECT_EQ(c.status, CheckStatus::kFail) << c.message;
  EXPECT_EQ(c.message,
            "the client's bytes: ended after 0 bytes; expected 14, the rest missing: \"hello sockets\\n\"; the client "
            "sent 14 bytes: \"hello sockets\\n\" (seen on the client's side of the wire), lost on the wire: "
            "client->server #3 (66 bytes) (loss)");
}

TEST(ConnectionSidesTest, AClientFinLostOnTheWireIsShownAsSentByTheClient) {
  const Scenario s = LoadScenario(kOverWire);
  const Exchange x = Between(40001, 0.0);
  const std::size_t client_fin = Packets(x).size() - 2;
  const RunFacts run = OverWire(Analyze({x}), {"client->server #6 (40 bytes): lost on the wire (rule 1)"}, 6, 4);
  const reports::Check c =
      Find(Verify(s, Analyze({}, Without(x, {client_fin, client_fin + 1})), kServerPort, &run),
           "every_connection.close.clean");
  EXPECT_EQ(c.status, CheckStatus::kFail);
  EXPECT_EQ(c.message,
            "no FIN from the client: the connection did not close; the client sent a FIN (seen on the client's side "
            "of the wire), lost on the wire: client->server #6 (40 bytes) (rule 1)");
}

TEST(ConnectionSidesTest, AConnectionIsMatchedOnlyWithTheSameAddressesOnBothSides) {
  const Scenario s = LoadScenario(kOverWire);
  Exchange elsewhere = Silent(40001, 0.0);
  elsewhere.client_addr = "203.0.113.9";  // the same ports from another address: not the same connection
  const Exchange x = Silent(40001, 0.0);
  const RunFacts run = OverWire(Analyze({elsewhere}), {}, 5, 5);
  const capture::Trace server_side = Analyze({}, Without(x, {kHandshakeAck}));
  const VerifyContext ctx = MakeContext(s, server_side, kServerPort, &run);
  const ServedConnection sc{&server_side.conversations.front(), capture::Direction::kOrig};
  EXPECT_FALSE(OnTheClientSide(ctx, sc));
  EXPECT_EQ(Find(Verify(s, server_side, kServerPort, &run), "every_connection.handshake").message,
            "the client never acknowledged the SYN-ACK #2; the client's side of the wire saw no connection with its "
            "4-tuple");
}

// A 4-tuple used twice: the client's ISN tells which is which, even where
// the other began nearer in time.
TEST(ConnectionSidesTest, AReused4TupleIsMatchedByTheClientsIsn) {
  const Scenario s = LoadScenario(kOverWire);
  const capture::Trace server_side = Analyze({Between(40001, 0.0)});
  Exchange other = Between(40001, 0.0);
  other.client_isn = 90000;
  const RunFacts run = OverWire(Analyze({other, Between(40001, 5.0)}), {}, std::nullopt, std::nullopt);
  const VerifyContext ctx = MakeContext(s, server_side, kServerPort, &run);
  const std::optional<ServedConnection> found =
      OnTheClientSide(ctx, ServedConnection{&server_side.conversations.front(), capture::Direction::kOrig});
  ASSERT_TRUE(found);
  EXPECT_EQ(found->conversation->from(capture::Direction::kOrig).isn, 1000u);
  EXPECT_EQ(found->conversation->first_ts, std::chrono::seconds(5));
}

}  // namespace
}  // namespace wirecheck::verify_test
