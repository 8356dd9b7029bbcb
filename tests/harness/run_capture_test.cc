// The run's capture for real (ctest label `sandbox`): libpcap on the
// sandbox's own `lo`, the drain that ends on the interface's counts, and the
// count of packets that went by before the capture opened.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "capture/analyzer.h"
#include "capture/file_source.h"
#include "harness/run/quiet_sockets.h"
#include "harness/run/readiness.h"
#include "harness/run/run_capture.h"
#include "harness/sandbox/sandbox.h"

namespace wirecheck {
namespace {

using namespace std::chrono_literals;

class RunCaptureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string warning, err;
    SandboxOptions options;
    options.allow_host_fallback = false;
    sandbox_ = Sandbox::Create(options, &warning, &err);
    if (sandbox_ == nullptr) GTEST_SKIP() << err;
    pcap_ = (std::filesystem::temp_directory_path() /
             ("wirecheck-run-capture-" + std::to_string(getpid()) + ".pcap")).string();
    receiver_ = Udp();
    sockaddr_in at = Loopback(0);
    ASSERT_EQ(bind(receiver_, reinterpret_cast<sockaddr*>(&at), sizeof at), 0);
    socklen_t len = sizeof at;
    getsockname(receiver_, reinterpret_cast<sockaddr*>(&at), &len);
    to_ = at;
    sender_ = Udp();
  }
  void TearDown() override {
    if (receiver_ >= 0) close(receiver_);
    if (sender_ >= 0) close(sender_);
    std::remove(pcap_.c_str());
  }

  int Udp() {
    std::string err;
    const int fd = sandbox_->OpenSocket(AF_INET, SOCK_DGRAM, 0, &err);
    EXPECT_GE(fd, 0) << err;
    return fd;
  }
  static sockaddr_in Loopback(std::uint16_t port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
  }
  // n datagrams to the bound receiver: one packet each on lo, no ICMP.
  void Send(int n) {
    for (int i = 0; i < n; ++i) {
      ASSERT_EQ(sendto(sender_, "ping", 4, 0, reinterpret_cast<const sockaddr*>(&to_), sizeof to_), 4);
    }
  }
  std::unique_ptr<RunCapture> Start(DrainPolicy drain) {
    capture::LiveOptions live;
    live.immediate = false;
    live.ignore_outgoing = true;
    live.buffer_bytes = 8 << 20;
    live.write_to = pcap_;
    std::string err;
    auto capture = RunCapture::Start(*sandbox_, live, drain, &err);
    EXPECT_NE(capture, nullptr) << err;
    return capture;
  }
  // Started and open (null, with a test failure, otherwise).
  std::unique_ptr<RunCapture> StartOpen(DrainPolicy drain) {
    auto capture = Start(drain);
    if (capture == nullptr) return nullptr;
    std::string err;
    bool permission = false;
    if (!capture->WaitOpen(&err, &permission)) {
      ADD_FAILURE() << "the capture did not open: " << err;
      return nullptr;
    }
    return capture;
  }
  std::uint64_t PacketsInFile() {
    std::string err;
    auto source = capture::FileSource::Open(pcap_, &err);
    EXPECT_NE(source, nullptr) << err;
    return source ? capture::AnalyzeSource(*source).stats.packets : 0;
  }

  std::unique_ptr<Sandbox> sandbox_;
  std::string pcap_;
  int receiver_ = -1;
  int sender_ = -1;
  sockaddr_in to_{};
};

TEST_F(RunCaptureTest, TakesEveryLoopbackPacketOnceAndEndsOnTheCounts) {
  DrainPolicy drain;
  drain.count = DrainPolicy::Count::kReceived;
  drain.idle = 30s;   // were the counts never to meet, Finish would take this long
  drain.bound = 60s;
  auto capture = StartOpen(drain);
  ASSERT_NE(capture, nullptr);
  Send(25);
  const auto before = std::chrono::steady_clock::now();
  RunCaptureStats stats;
  ASSERT_TRUE(capture->Finish(&stats)) << stats.error;
  // Not a timing test: the only other way out is the 30 s idle rule.
  EXPECT_LT(std::chrono::steady_clock::now() - before, 10s);
  EXPECT_EQ(stats.packets, 25u);  // each once, not twice (out and in on lo)
  EXPECT_EQ(stats.missed, 0u);
  EXPECT_TRUE(stats.drops_known);
  EXPECT_EQ(stats.kernel_dropped, 0u);
  EXPECT_EQ(PacketsInFile(), 25u);
}

TEST_F(RunCaptureTest, CountsPacketsThatWentByBeforeItOpened) {
  Send(3);  // before the capture exists: lo carries them, nobody captures them
  DrainPolicy drain;
  drain.count = DrainPolicy::Count::kReceived;
  auto capture = StartOpen(drain);
  ASSERT_NE(capture, nullptr);
  Send(2);
  RunCaptureStats stats;
  ASSERT_TRUE(capture->Finish(&stats)) << stats.error;
  EXPECT_EQ(stats.missed, 3u);
  EXPECT_EQ(stats.packets, 2u);
  EXPECT_EQ(PacketsInFile(), 2u);
}

TEST_F(RunCaptureTest, DrainsAfterTheProgramsEnded) {
  DrainPolicy drain;
  drain.count = DrainPolicy::Count::kReceived;
  auto capture = StartOpen(drain);
  ASSERT_NE(capture, nullptr);
  SandboxSocketTables tables(sandbox_.get());
  std::vector<SocketEntry> sockets;
  std::string err;
  ASSERT_TRUE(tables.Snapshot(&sockets, &err)) << err;  // opens its netlink socket now
  Send(4);
  sandbox_->EndPrograms();
  // The network namespace outlives init: its tables and its lo are still there.
  sockets.clear();
  ASSERT_TRUE(tables.Snapshot(&sockets, &err)) << err;
  EXPECT_EQ(SocketsStillSending(sockets), 0u);
  RunCaptureStats stats;
  ASSERT_TRUE(capture->Finish(&stats)) << stats.error;
  EXPECT_EQ(stats.packets, 4u);
  EXPECT_EQ(PacketsInFile(), 4u);
}

// The kernel answers a LISTEN-only dump without the established sockets.
TEST_F(RunCaptureTest, ListenerSnapshotsLeaveConnectionsOut) {
  std::string err;
  const int listener = sandbox_->OpenSocket(AF_INET, SOCK_STREAM, 0, &err);
  const int client = sandbox_->OpenSocket(AF_INET, SOCK_STREAM, 0, &err);
  ASSERT_GE(listener, 0) << err;
  ASSERT_GE(client, 0) << err;
  sockaddr_in at = Loopback(0);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&at), sizeof at), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  socklen_t len = sizeof at;
  getsockname(listener, reinterpret_cast<sockaddr*>(&at), &len);
  ASSERT_EQ(connect(client, reinterpret_cast<sockaddr*>(&at), sizeof at), 0);
  SandboxSocketTables tables(sandbox_.get());
  std::vector<SocketEntry> servers, all;
  ASSERT_TRUE(tables.Snapshot(SocketFilter::Servers(SocketProtocol::kTcp), &servers, &err)) << err;
  ASSERT_TRUE(tables.Snapshot(&all, &err)) << err;
  std::size_t tcp_all = 0;
  for (const SocketEntry& s : all) tcp_all += s.protocol == SocketProtocol::kTcp ? 1 : 0;
  ASSERT_EQ(servers.size(), 1u);
  EXPECT_EQ(servers[0].state, static_cast<std::uint8_t>(TcpState::kListen));
  EXPECT_EQ(servers[0].local_port, ntohs(at.sin_port));
  EXPECT_EQ(tcp_all, 3u);  // the listener, and both ends of the connection
  EXPECT_EQ(SocketsStillSending(all), 2u);
  close(client);
  close(listener);
}

TEST(QuietSocketsTest, OnlyStatesThatSendByThemselvesCount) {
  auto tcp = [](TcpState state) {
    SocketEntry e;
    e.protocol = SocketProtocol::kTcp;
    e.state = static_cast<std::uint8_t>(state);
    return e;
  };
  SocketEntry udp;
  udp.protocol = SocketProtocol::kUdp;
  udp.state = 1;  // a connected UDP socket shares ESTABLISHED's number
  EXPECT_EQ(SocketsStillSending({tcp(TcpState::kTimeWait), tcp(TcpState::kFinWait2), tcp(TcpState::kClose),
                                 tcp(TcpState::kListen), udp}),
            0u);
  EXPECT_EQ(SocketsStillSending({tcp(TcpState::kEstablished), tcp(TcpState::kFinWait1), tcp(TcpState::kLastAck),
                                 tcp(TcpState::kCloseWait), tcp(TcpState::kClosing), tcp(TcpState::kSynSent),
                                 tcp(TcpState::kSynRecv), tcp(TcpState::kNewSynRecv), tcp(TcpState::kTimeWait)}),
            8u);
}

}  // namespace
}  // namespace wirecheck
