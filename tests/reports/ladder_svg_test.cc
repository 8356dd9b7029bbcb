#include "reports/ladder_svg.h"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/reports/sample_report.h"

namespace wirecheck::reports {
namespace {

using testing::Packet;
using testing::RstLadder;
using testing::TcpConversation;
constexpr auto kC = PacketDirection::kClientToServer;
constexpr auto kS = PacketDirection::kServerToClient;

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = 0; (at = text.find(what, at)) != std::string::npos; at += what.size()) ++n;
  return n;
}

std::string Svg(const std::vector<LadderPacket>& packets, ConversationId c = TcpConversation()) {
  std::ostringstream out;
  WriteLadderSvg(out, LadderSvgInput{"r1-", c, &packets});
  return out.str();
}

TEST(LadderSvgTest, ArrowsAreToldApartByPhase) {
  using K = ArrowKind;
  EXPECT_EQ(ArrowKinds(RstLadder(), true),
            (std::vector<K>{K::kHandshake, K::kHandshake, K::kHandshake, K::kData, K::kAck, K::kData, K::kAck,
                            K::kReset}));
  // A FIN starts the close: the bare ACKs after it belong to it, data does not.
  const std::vector<LadderPacket> close = {
      Packet(1, {}, kC, "FIN,ACK", 5, 1), Packet(2, {}, kS, "ACK", 1, 6),
      Packet(3, {}, kS, "PSH,ACK", 1, 6, "late"), Packet(4, {}, kS, "FIN,ACK", 5, 6)};
  EXPECT_EQ(ArrowKinds(close, true), (std::vector<K>{K::kClose, K::kClose, K::kData, K::kClose}));
  // A bare ACK after data is not the handshake's third packet.
  const std::vector<LadderPacket> no_handshake = {Packet(1, {}, kC, "PSH,ACK", 1, 1, "x"), Packet(2, {}, kS, "ACK", 1, 2)};
  EXPECT_EQ(ArrowKinds(no_handshake, true), (std::vector<K>{K::kData, K::kAck}));
  EXPECT_EQ(ArrowKinds(RstLadder(), false), std::vector<K>(8, K::kData));  // UDP: datagrams only
}

TEST(LadderSvgTest, LabelsSayFlagsSeqAckLengthAndPayload) {
  const std::vector<LadderPacket> rst = RstLadder();
  EXPECT_EQ(ArrowLabel(rst[0], 20), "SYN seq=0");
  EXPECT_EQ(ArrowLabel(rst[1], 20), "SYN,ACK seq=0 ack=1");
  EXPECT_EQ(ArrowLabel(rst[3], 20), "PSH,ACK seq=1 ack=1 len=14 \"hello sockets\\n\"");
  EXPECT_EQ(ArrowLabel(rst[3], 5), "PSH,ACK seq=1 ack=1 len=14 \"hello\u2026(+9 bytes)\"");
  LadderPacket datagram;
  datagram.payload = "hi\x01";
  datagram.payload_length = 3;
  EXPECT_EQ(ArrowLabel(datagram, 20), "len=3 \"hi\\x01\"");
}

TEST(LadderSvgTest, OneArrowPerPacketWithItsIdTitleAndTimes) {
  const std::string svg = Svg(RstLadder());
  EXPECT_EQ(svg.rfind("<svg class=\"ladder\" id=\"r1-ladder-1\"", 0), 0u) << svg;
  EXPECT_NE(svg.find("data-arrows=\"8\""), std::string::npos);
  EXPECT_EQ(Count(svg, "<g class=\"packet "), 8u);
  EXPECT_EQ(Count(svg, "<polygon "), 8u);
  for (int n = 1; n <= 8; ++n) EXPECT_NE(svg.find("id=\"r1-p" + std::to_string(n) + "\""), std::string::npos) << n;
  EXPECT_NE(svg.find("<title>No. 4, 0.000102 s, client to server: PSH,ACK seq=1 ack=1 len=14 "
                     "&quot;hello sockets\\n&quot;</title>"),
            std::string::npos)
      << svg;
  EXPECT_NE(svg.find(">127.0.0.1:41234</text>"), std::string::npos);
  EXPECT_NE(svg.find(">127.0.0.1:6789</text>"), std::string::npos);
  EXPECT_NE(svg.find(">0.001234</text>"), std::string::npos);
}

TEST(LadderSvgTest, EvidenceIsMarkedAndReachableByKeyboard) {
  const std::string svg = Svg(RstLadder());
  EXPECT_EQ(Count(svg, "tabindex=\"0\""), 1u);
  EXPECT_NE(svg.find("<g class=\"packet reset evidence\" tabindex=\"0\" id=\"r1-p8\">"), std::string::npos) << svg;
  EXPECT_EQ(Count(svg, "<rect class=\"mark\""), 1u);
  EXPECT_NE(svg.find("(evidence)</title>"), std::string::npos);
}

TEST(LadderSvgTest, FoldedPacketsAreOneRowSayingHowMany) {
  std::vector<LadderPacket> packets = RstLadder();
  packets[5].folded_before = 930;
  packets[7].folded_before = 1;
  const std::string svg = Svg(packets);
  EXPECT_NE(svg.find("\u22ef 930 packets not drawn \u22ef"), std::string::npos);
  EXPECT_NE(svg.find("\u22ef 1 packet not drawn \u22ef"), std::string::npos);
  EXPECT_NE(svg.find("data-arrows=\"8\""), std::string::npos);
  // Two fold rows make the picture taller than the same packets unfolded.
  const std::string unfolded = Svg(RstLadder());
  EXPECT_NE(svg.find("height=\"" + std::to_string(56 + 8 + 8 * 34 + 2 * 24) + "\""), std::string::npos) << svg;
  EXPECT_NE(unfolded.find("height=\"" + std::to_string(56 + 8 + 8 * 34) + "\""), std::string::npos);
}

TEST(LadderSvgTest, APauseOfATenthOfASecondOrMoreGetsARowSayingHowLong) {
  std::vector<LadderPacket> packets = RstLadder();  // 1.2 ms in all: no pause
  EXPECT_EQ(Svg(packets).find("later"), std::string::npos);
  for (std::size_t i = 4; i < packets.size(); ++i) packets[i].time += std::chrono::milliseconds(1000);
  packets[7].time += std::chrono::milliseconds(99);  // just under the bound after packet 6
  const std::string svg = Svg(packets);
  EXPECT_EQ(Count(svg, " s later "), 1u);
  // Packet 4 at 0.000102 s, packet 5 at 1.000110 s.
  EXPECT_NE(svg.find("\u2193 1.000008 s later \u2193"), std::string::npos) << svg;
}

TEST(LadderSvgTest, WhatAProgramSentCannotBreakThePage) {
  std::vector<LadderPacket> packets = {Packet(1, {}, kC, "PSH,ACK", 1, 1, "</svg><script>alert(1)</script>")};
  ConversationId c = TcpConversation();
  c.client.address = "<b>";
  const std::string svg = Svg(packets, c);
  EXPECT_EQ(svg.find("<script"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_EQ(Count(svg, "</svg>"), 1u);
}

}  // namespace
}  // namespace wirecheck::reports
