#include "reports/check_text.h"

#include <gtest/gtest.h>

#include "tests/reports/sample_report.h"

namespace wirecheck::reports {
namespace {

using namespace std::chrono_literals;
using testing::Packet;

std::vector<std::string> Texts(const std::vector<TextLine>& lines) {
  std::vector<std::string> texts;
  for (const TextLine& l : lines) texts.push_back(l.text);
  return texts;
}

TEST(RelativeTimeTextTest, SixDecimalsAsWireshark) {
  EXPECT_EQ(RelativeTimeText(0us), "0.000000");
  EXPECT_EQ(RelativeTimeText(1234us), "0.001234");
  EXPECT_EQ(RelativeTimeText(12s + 5us), "12.000005");
  EXPECT_EQ(RelativeTimeText(-1500us), "-0.001500");
}

TEST(LadderLinesTest, HeaderNamesEndpointsAboveTheBars) {
  const ConversationId c = testing::TcpConversation();
  const auto lines = Texts(LadderLines(testing::RstLadder(), &c, TextOptions{}));
  ASSERT_EQ(lines.size(), 9u);
  EXPECT_EQ(lines[0], "     no.       time  127.0.0.1:41234                127.0.0.1:6789");
  EXPECT_EQ(lines[1], "       1   0.000000  |------------ SYN ------------>|  seq=0");
  EXPECT_EQ(lines[0].find("127.0.0.1:41234"), lines[1].find('|'));
  EXPECT_EQ(lines[0].find("127.0.0.1:6789"), lines[1].rfind('|'));
}

TEST(LadderLinesTest, ArrowsPointTheWayThePacketWent) {
  const auto lines = Texts(LadderLines(testing::RstLadder(), nullptr, TextOptions{}));
  EXPECT_EQ(lines[2], "       2   0.000041  |<---------- SYN,ACK ----------|  seq=0 ack=1");
}

TEST(LadderLinesTest, PayloadShowsLengthAndEscapedPreview) {
  const auto lines = Texts(LadderLines(testing::RstLadder(), nullptr, TextOptions{}));
  EXPECT_EQ(lines[4], "       4   0.000102  |------ PSH,ACK len=14 ------->|  seq=1 ack=1 \"hello sockets\\n\"");
}

TEST(LadderLinesTest, EvidenceRowIsMarkedAndEmphasised) {
  const auto lines = LadderLines(testing::RstLadder(), nullptr, TextOptions{});
  EXPECT_EQ(lines[8].text.substr(0, 9), ">      8 ");
  EXPECT_TRUE(lines[8].emphasis);
  EXPECT_FALSE(lines[7].emphasis);
}

TEST(LadderLinesTest, UdpRowsHaveNoSeqAndSayUdp) {
  LadderPacket p;
  p.number = 3;
  p.direction = PacketDirection::kServerToClient;
  p.payload = "HI\n";
  p.payload_length = 3;
  const auto lines = Texts(LadderLines({p}, nullptr, TextOptions{}));
  EXPECT_EQ(lines[1], "       3   0.000000  |<--------- UDP len=3 ---------|  \"HI\\n\"");
}

TEST(LadderLinesTest, LongFlagsWidenTheArrow) {
  LadderPacket p = Packet(1, 0us, PacketDirection::kClientToServer, "FIN,PSH,ACK,URG,ECE,CWR", 1, 1,
                          std::string(1000, 'x'));
  const auto lines = Texts(LadderLines({p}, nullptr, TextOptions{}));
  EXPECT_NE(lines[1].find("-- FIN,PSH,ACK,URG,ECE,CWR len=1000 -->|"), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("\u2026(+968 bytes)"), std::string::npos) << lines[1];
}

TEST(LadderLinesTest, LongLadderKeepsStartEndAndEvidenceAndElidesTheRest) {
  std::vector<LadderPacket> ladder;
  for (std::uint32_t i = 1; i <= 100; ++i) {
    ladder.push_back(Packet(i, std::chrono::microseconds(i), PacketDirection::kClientToServer, "ACK", i, 1));
  }
  ladder[49].is_evidence = true;  // packet 50
  TextOptions options;
  options.ladder_rows = 20;
  const auto lines = Texts(LadderLines(ladder, nullptr, options));
  // header, 1-6, gap, 48-52, gap, 98-100
  ASSERT_EQ(lines.size(), 1u + 6 + 1 + 5 + 1 + 3);
  EXPECT_EQ(lines[7], "     ...             (41 packets not shown)");
  EXPECT_NE(lines[8].find("      48 "), std::string::npos);
  EXPECT_EQ(lines[10].substr(0, 9), ">     50 ");
  EXPECT_EQ(lines[13], "     ...             (45 packets not shown)");
  EXPECT_NE(lines[16].find("     100 "), std::string::npos);
}

TEST(LadderLinesTest, EmptyLadderHasNoLines) {
  EXPECT_TRUE(LadderLines({}, nullptr, TextOptions{}).empty());
}

TEST(CheckDetailLinesTest, CountCheckShowsExpectedAndObservedOnly) {
  Check c;
  c.message = "4 connections, expected 5";
  c.evidence.expected = "5 connections";
  c.evidence.observed = "4 connections";
  EXPECT_EQ(Texts(CheckDetailLines(c, TextOptions{})),
            (std::vector<std::string>{"4 connections, expected 5", "expected: 5 connections",
                                      "observed: 4 connections"}));
}

TEST(CheckDetailLinesTest, ByteDifferenceShowsBothSidesEscaped) {
  const Check c = testing::LiveRun().checks[1];
  EXPECT_EQ(Texts(CheckDetailLines(c, TextOptions{})),
            (std::vector<std::string>{
                "the server sent other bytes than expected",
                "tcp 127.0.0.1:41234 -> 127.0.0.1:6789, packet #6 at 0.001204s",
                "server to client stream: first difference at byte 0",
                "  expected \"HELLO SOCKETS\\n\"",
                "  actual   \"hello <sockets>\\x01\\xff\"",
                "hint: the server must send back the line in capitals, newline included",
            }));
}

TEST(CheckDetailLinesTest, SeveralPacketsAreListed) {
  Check c;
  c.evidence.packets = {{3, 1ms}, {7, 2ms}};
  EXPECT_EQ(Texts(CheckDetailLines(c, TextOptions{})),
            (std::vector<std::string>{"packets #3 at 0.001000s, #7 at 0.002000s"}));
}

}  // namespace
}  // namespace wirecheck::reports
