#include "harness/sandbox/socket_table.h"

#include <gtest/gtest.h>

#include "harness/run/readiness.h"

namespace wirecheck {
namespace {

// Captured on Debian 12 (kernel 6.x): python3 listening on 127.0.0.1:6789 with
// listen(7), one accepted connection, and a socket in TIME_WAIT.
constexpr char kTcp[] =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
    "   0: 0100007F:1A85 00000000:0000 0A 00000000:00000002 00:00000000 00000000  1000        0 272780 1 000000002d1e2c68 100 0 0 10 0\n"
    "   1: 0100007F:1A85 0100007F:A2F4 01 00000005:00000000 00:00000000 00000000  1000        0 272790 1 0000000000000000 20 4 30 10 -1\n"
    "   2: 0100007F:A2F6 0100007F:1A85 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000\n";

constexpr char kTcp6[] =
    "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
    "   0: 00000000000000000000000000000000:1A85 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 31337 1 0000000000000000 100 0 0 10 0\n"
    "   1: 00000000000000000000000001000000:0050 00000000000000000000000001000000:C000 01 00000000:00000000 00:00000000 00000000     0        0 31338 1 0000000000000000 100 0 0 10 0\n";

constexpr char kUdp[] =
    "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
    "  123: 0100007F:2694 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 44444 2 0000000000000000 0\n";

TEST(SocketTableTest, ParsesIpv4ListenAndConnections) {
  int bad = -1;
  std::vector<SocketEntry> entries = ParseSocketTable(kTcp, SocketProtocol::kTcp, false, &bad);
  EXPECT_EQ(bad, 0);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].local_address, "127.0.0.1");
  EXPECT_EQ(entries[0].local_port, 6789);
  EXPECT_EQ(entries[0].remote_address, "0.0.0.0");
  EXPECT_EQ(entries[0].state, static_cast<int>(TcpState::kListen));
  EXPECT_EQ(entries[0].rx_queue, 2u);  // waiting to be accepted
  EXPECT_EQ(entries[0].uid, 1000u);
  EXPECT_EQ(entries[0].inode, 272780u);
  EXPECT_EQ(entries[0].backlog, 0u);  // not in /proc/net/tcp
  EXPECT_EQ(entries[1].remote_port, 0xA2F4);
  EXPECT_EQ(entries[1].tx_queue, 5u);
  EXPECT_EQ(TcpStateName(entries[1].state), "ESTABLISHED");
  EXPECT_EQ(TcpStateName(entries[2].state), "TIME_WAIT");
}

TEST(SocketTableTest, ParsesIpv6Addresses) {
  std::vector<SocketEntry> entries = ParseSocketTable(kTcp6, SocketProtocol::kTcp, true);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].local_address, "::");
  EXPECT_EQ(entries[0].local_port, 6789);
  EXPECT_EQ(entries[1].local_address, "::1");
  EXPECT_EQ(entries[1].local_port, 80);
  EXPECT_TRUE(entries[1].ipv6);
}

TEST(SocketTableTest, ParsesUdp) {
  std::vector<SocketEntry> entries = ParseSocketTable(kUdp, SocketProtocol::kUdp, false);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].protocol, SocketProtocol::kUdp);
  EXPECT_EQ(entries[0].local_port, 9876);
  EXPECT_EQ(entries[0].state, 7);
}

TEST(SocketTableTest, CountsBadLinesAndKeepsGoodOnes) {
  std::string text = std::string(kTcp) + "   3: garbage\n   4: 0100007F:ZZZZ 00000000:0000 0A\n";
  int bad = 0;
  EXPECT_EQ(ParseSocketTable(text, SocketProtocol::kTcp, false, &bad).size(), 3u);
  EXPECT_EQ(bad, 2);
}

TEST(SocketTableTest, EmptyTableHasNoEntries) {
  EXPECT_TRUE(ParseSocketTable("", SocketProtocol::kTcp, false).empty());
  EXPECT_TRUE(ParseSocketTable(
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n",
      SocketProtocol::kTcp, false).empty());
}

TEST(SocketTableTest, UnknownStateIsNumbered) { EXPECT_EQ(TcpStateName(42), "state 42"); }

std::vector<SocketEntry> Both() {
  std::vector<SocketEntry> all = ParseSocketTable(kTcp, SocketProtocol::kTcp, false);
  std::vector<SocketEntry> udp = ParseSocketTable(kUdp, SocketProtocol::kUdp, false);
  all.insert(all.end(), udp.begin(), udp.end());
  return all;
}

TEST(ReadinessJudgeTest, ListenOnThePortIsReady) {
  Judgement j = Judge({SocketProtocol::kTcp, 6789, true}, Both());
  EXPECT_EQ(j.kind, Judgement::Kind::kReady);
  EXPECT_EQ(j.socket.inode, 272780u);
}

TEST(ReadinessJudgeTest, ConnectionsAreNotListeners) {
  // Port 0xA2F6 appears only as a connected (TIME_WAIT) socket.
  Judgement j = Judge({SocketProtocol::kTcp, 0xA2F6, true}, Both());
  EXPECT_EQ(j.kind, Judgement::Kind::kOtherPort);
  EXPECT_EQ(j.other_ports, std::vector<std::uint16_t>{6789});
}

TEST(ReadinessJudgeTest, UdpOnTheTcpPortIsTheWrongProtocol) {
  Judgement j = Judge({SocketProtocol::kTcp, 9876, true}, Both());
  EXPECT_EQ(j.kind, Judgement::Kind::kOtherProtocol);
}

TEST(ReadinessJudgeTest, UdpBoundIsReady) {
  EXPECT_EQ(Judge({SocketProtocol::kUdp, 9876, true}, Both()).kind, Judgement::Kind::kReady);
}

TEST(ReadinessJudgeTest, OnTheHostOtherPortsProveNothing) {
  EXPECT_EQ(Judge({SocketProtocol::kTcp, 1234, false}, Both()).kind, Judgement::Kind::kNotYet);
}

TEST(ReadinessJudgeTest, NothingYet) {
  EXPECT_EQ(Judge({SocketProtocol::kTcp, 1234, true}, {}).kind, Judgement::Kind::kNotYet);
}

}  // namespace
}  // namespace wirecheck

namespace wirecheck {
namespace {

SocketEntry Entry(SocketProtocol protocol, TcpState state) {
  SocketEntry e;
  e.protocol = protocol;
  e.state = static_cast<std::uint8_t>(state);
  return e;
}

TEST(SocketFilterTest, ServersOfATcpRunAreListenersOnly) {
  const SocketFilter f = SocketFilter::Servers(SocketProtocol::kTcp);
  EXPECT_TRUE(f.Wants(Entry(SocketProtocol::kTcp, TcpState::kListen)));
  EXPECT_FALSE(f.Wants(Entry(SocketProtocol::kTcp, TcpState::kEstablished)));
  EXPECT_FALSE(f.Wants(Entry(SocketProtocol::kTcp, TcpState::kTimeWait)));
  EXPECT_FALSE(f.Wants(Entry(SocketProtocol::kUdp, TcpState::kClose)));
}

TEST(SocketFilterTest, ServersOfAUdpRunAlsoTakeTcpListenersForTheWrongProtocolDiagnosis) {
  const SocketFilter f = SocketFilter::Servers(SocketProtocol::kUdp);
  EXPECT_TRUE(f.Wants(Entry(SocketProtocol::kUdp, TcpState::kClose)));
  EXPECT_TRUE(f.Wants(Entry(SocketProtocol::kTcp, TcpState::kListen)));
  EXPECT_FALSE(f.Wants(Entry(SocketProtocol::kTcp, TcpState::kEstablished)));
}

TEST(SocketFilterTest, TheDefaultWantsEverything) {
  const SocketFilter f;
  for (int state = 1; state <= 12; ++state) {
    EXPECT_TRUE(f.Wants(Entry(SocketProtocol::kTcp, static_cast<TcpState>(state)))) << state;
  }
  EXPECT_TRUE(f.Wants(Entry(SocketProtocol::kUdp, TcpState::kEstablished)));
}

}  // namespace
}  // namespace wirecheck
