// Specifications of the clauses that say which side of the wire a packet
// was seen on: from counts of each side's capture and the wire's decision
// log, word for word.

#include <gtest/gtest.h>

#include "harness/verify/wire_sides.h"

namespace wirecheck {
namespace {

ClientSideOfWire Side(std::vector<std::string> drops, std::uint64_t omitted = 0) {
  ClientSideOfWire side;
  side.trace = std::make_shared<capture::Trace>();
  side.wire_drops = std::move(drops);
  side.wire_drops_omitted = omitted;
  return side;
}

TEST(WireSidesTest, ARequestLostOnTheWayToTheServerNamesTheClientsDatagramAndTheDrop) {
  const ClientSideOfWire side = Side({"client->server #1 (44 bytes): lost on the wire (loss)"});
  EXPECT_EQ(LostOnTheWireText(side, WireWay::kToServer, 0, 1, "datagram"),
            "the clients sent 1 datagram (seen on the client's side of the wire), lost on the wire: client->server #1 "
            "(44 bytes) (loss)");
}

TEST(WireSidesTest, AReplyLostOnTheWayToTheClientSaysHowManyTheClientsReceived) {
  const ClientSideOfWire side = Side({"client->server #2 (44 bytes): lost on the wire (loss)",
                                      "server->client #1 (44 bytes): lost on the wire (rule 1)"});
  EXPECT_EQ(LostOnTheWireText(side, WireWay::kToClient, 3, 2, "datagram"),
            "the clients received 2 of them (seen on the client's side of the wire), lost on the wire: server->client "
            "#1 (44 bytes) (rule 1)");
}

TEST(WireSidesTest, SidesThatAgreeOrADuplicateSayNothing) {
  const ClientSideOfWire side = Side({"client->server #1 (44 bytes): lost on the wire (loss)"});
  EXPECT_EQ(LostOnTheWireText(side, WireWay::kToServer, 2, 2, "datagram"), "");
  EXPECT_EQ(LostOnTheWireText(side, WireWay::kToServer, 3, 2, "datagram"), "");  // the wire duplicated
  EXPECT_EQ(LostOnTheWireText(side, WireWay::kToClient, 1, 1, "datagram"), "");
}

TEST(WireSidesTest, OnlyTheFirstDropsOneWayAreCitedThenCounted) {
  std::vector<std::string> drops;
  for (int i = 1; i <= 6; ++i) drops.push_back("client->server #" + std::to_string(i) + " (44 bytes): lost on the wire (loss)");
  drops.push_back("server->client #9 (44 bytes): lost on the wire (loss)");
  EXPECT_EQ(WireDropsText(Side(drops), WireWay::kToServer),
            "client->server #1 (44 bytes) (loss), client->server #2 (44 bytes) (loss), client->server #3 (44 bytes) "
            "(loss), client->server #4 (44 bytes) (loss), and 2 more");
  EXPECT_EQ(WireDropsText(Side(drops), WireWay::kToClient), "server->client #9 (44 bytes) (loss)");
}

TEST(WireSidesTest, AMissingPacketTheWireDidNotLogSaysSoAndNamesTheCapturesLoss) {
  ClientSideOfWire side = Side({});
  side.lost_packets = 1;
  EXPECT_EQ(LostOnTheWireText(side, WireWay::kToClient, 2, 1, "datagram"),
            "the clients received 1 of them (seen on the client's side of the wire), though the wire's log names no "
            "packet lost that way (the capture on the client's side lost 1 packet)");
  EXPECT_EQ(LostOnTheWireText(Side({}, 3), WireWay::kToServer, 0, 2, "datagram"),
            "the clients sent 2 datagrams (seen on the client's side of the wire), lost on the wire (3 drops past "
            "the wire's log)");
}

}  // namespace
}  // namespace wirecheck
