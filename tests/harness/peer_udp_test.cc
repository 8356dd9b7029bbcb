// Scripted UDP peers on 127.0.0.1: sendto / recvfrom against servers run in
// a thread of the test, including one that answers from another port, and a
// scripted server answering a real client.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "harness/peers/peer_loop.h"

namespace wirecheck {
namespace {

using namespace std::chrono_literals;
using Action = ScriptStep::Action;

int BoundUdpSocket(int* port) {
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t length = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &length);
  *port = ntohs(a.sin_port);
  return fd;
}

// Answers one datagram (upper-cased) from answer_fd, which may be another
// socket than the one it came to. Waits at most 3s.
class UdpServer {
 public:
  explicit UdpServer(bool answer_from_other_port) {
    in_ = BoundUdpSocket(&port_);
    out_ = answer_from_other_port ? BoundUdpSocket(&other_port_) : in_;
    thread_ = std::thread([this] {
      pollfd p{in_, POLLIN, 0};
      if (poll(&p, 1, 3000) <= 0) return;
      char buffer[2048];
      sockaddr_in from{};
      socklen_t length = sizeof from;
      const ssize_t n = recvfrom(in_, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&from), &length);
      if (n < 0) return;
      for (ssize_t i = 0; i < n; ++i) buffer[i] = static_cast<char>(toupper(buffer[i]));
      sendto(out_, buffer, static_cast<std::size_t>(n), 0, reinterpret_cast<sockaddr*>(&from), length);
    });
  }
  ~UdpServer() {
    thread_.join();
    if (out_ != in_) close(out_);
    close(in_);
  }
  int port() const { return port_; }
  int other_port() const { return other_port_; }

 private:
  int in_ = -1, out_ = -1, port_ = 0, other_port_ = 0;
  std::thread thread_;
};

ScriptStep SendTo(std::string bytes) {
  ScriptStep s;
  s.action = Action::kSendTo;
  s.target = "{host}:{port}";
  s.bytes = std::move(bytes);
  return s;
}
ScriptStep RecvFrom(StepMatch::Kind kind, std::string text, Duration timeout = 2s) {
  ScriptStep s;
  s.action = Action::kRecvFrom;
  s.match = StepMatch{kind, std::move(text)};
  s.timeout = timeout;
  return s;
}

PeerResult RunScript(const std::vector<ScriptStep>& steps, int port) {
  std::string err;
  const auto plan = PreparePeerPlan(steps, Scenario::Protocol::kUdp, Scenario::Family::kIpv4,
                                    {{"host", "127.0.0.1"}, {"port", std::to_string(port)}}, &err);
  EXPECT_NE(plan, nullptr) << err;
  HostSocketFactory sockets;
  PeerLoop loop(sockets);
  const PeerTime now = PeerClock::now();
  const auto id = loop.Add("udp", plan, now, now + 5s);
  EXPECT_TRUE(loop.RunUntilDone(now + 6s, -1, &err)) << err;
  return loop.result(id);
}

TEST(PeerUdpTest, SendtoThenRecvfromTheReply) {
  PeerResult r;
  int port = 0;
  {
    UdpServer server(false);
    port = server.port();
    r = RunScript({SendTo("hello\n"), RecvFrom(StepMatch::Kind::kLine, "HELLO")}, port);
  }
  EXPECT_EQ(r.outcome, PeerResult::Outcome::kPassed) << Summary(r) << "\n" << FormatTranscript(r);
  ASSERT_EQ(r.steps.size(), 2u);
  EXPECT_EQ(r.steps[0].remote, "127.0.0.1:" + std::to_string(port));
  EXPECT_EQ(r.steps[1].remote, "127.0.0.1:" + std::to_string(port));
  EXPECT_EQ(r.steps[0].local, r.steps[1].local);
  EXPECT_FALSE(r.steps[1].from_other_endpoint);
  EXPECT_EQ(r.steps[1].bytes_received, 6u);
}

TEST(PeerUdpTest, AReplyFromAnotherPortIsRecordedWithItsSource) {
  PeerResult r;
  int other = 0, port = 0;
  {
    UdpServer server(true);
    port = server.port();
    other = server.other_port();
    r = RunScript({SendTo("ping"), RecvFrom(StepMatch::Kind::kBytes, "PING")}, port);
  }
  EXPECT_EQ(r.outcome, PeerResult::Outcome::kPassed) << Summary(r);
  ASSERT_EQ(r.steps.size(), 2u);
  EXPECT_TRUE(r.steps[1].from_other_endpoint);
  EXPECT_EQ(r.steps[1].remote, "127.0.0.1:" + std::to_string(other));
  EXPECT_EQ(r.steps[1].detail, "received bytes \"PING\" (4 bytes) from 127.0.0.1:" + std::to_string(other) +
                                   " (not from 127.0.0.1:" + std::to_string(port) + ", where the last datagram went)");
}

TEST(PeerUdpTest, AWrongDatagramIsAMismatch) {
  PeerResult r;
  {
    UdpServer server(false);
    r = RunScript({SendTo("ping"), RecvFrom(StepMatch::Kind::kBytes, "PONG")}, server.port());
  }
  const StepResult* failed = r.failed_step();
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->failure, StepFailure::kMismatch);
  EXPECT_EQ(failed->received, "PING");
  EXPECT_EQ(failed->mismatch_offset, 1u);
}

// After a wrong datagram the peer sends nothing more and checks nothing
// more, but still closes where the script says.
TEST(PeerUdpTest, AfterAWrongDatagramNothingMoreIsSentOrChecked) {
  PeerResult r;
  {
    UdpServer server(false);
    ScriptStep close_step;
    close_step.action = Action::kClose;
    r = RunScript({SendTo("ping"), RecvFrom(StepMatch::Kind::kBytes, "PONG"), SendTo("again"),
                   RecvFrom(StepMatch::Kind::kBytes, "AGAIN", 200ms), close_step},
                  server.port());
  }
  EXPECT_EQ(r.outcome, PeerResult::Outcome::kFailed);
  ASSERT_NE(r.failed_step(), nullptr);
  EXPECT_EQ(r.failed_step()->index, 1u);
  ASSERT_EQ(r.steps.size(), 5u) << FormatTranscript(r);
  EXPECT_EQ(r.steps[2].status, StepStatus::kSkipped);
  EXPECT_EQ(r.steps[2].detail, "not sent, as step 2 (recvfrom) failed");
  EXPECT_EQ(r.steps[3].status, StepStatus::kSkipped);
  EXPECT_EQ(r.steps[3].detail, "not checked, as step 2 (recvfrom) failed");
  EXPECT_EQ(r.steps[4].status, StepStatus::kPassed);
  EXPECT_EQ(r.steps[4].detail, "closed the datagram socket");
  EXPECT_NE(Summary(r).find("; not checked after it: step 4 (recvfrom)"), std::string::npos) << Summary(r);
}

TEST(PeerUdpTest, NoReplyIsATimeout) {
  int port = 0;
  const int silent = BoundUdpSocket(&port);
  const PeerResult r = RunScript({SendTo("ping"), RecvFrom(StepMatch::Kind::kAny, "", 200ms)}, port);
  close(silent);
  const StepResult* failed = r.failed_step();
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->failure, StepFailure::kTimeout);
  EXPECT_EQ(failed->detail, "expected any datagram, no datagram came within 200ms");
}

TEST(PeerUdpTest, ScriptedServerRepliesToTheSender) {
  int port = 0;
  close(BoundUdpSocket(&port));   // a free port
  ScriptStep bind;
  bind.action = Action::kBind;
  bind.target = "{port}";
  ScriptStep reply;
  reply.action = Action::kReply;
  reply.bytes = "PONG";
  std::string err;
  const auto plan = PreparePeerPlan({bind, RecvFrom(StepMatch::Kind::kBytes, "ping", 3s), reply},
                                    Scenario::Protocol::kUdp, Scenario::Family::kIpv4,
                                    {{"port", std::to_string(port)}}, &err);
  ASSERT_NE(plan, nullptr) << err;
  HostSocketFactory sockets;
  PeerLoop loop(sockets);
  const PeerTime now = PeerClock::now();
  const auto id = loop.Add("server", plan, now, now + 5s);
  bool ran = false;
  std::thread runner([&] { ran = loop.RunUntilDone(now + 6s, -1, &err); });

  int client_port = 0;
  const int client = BoundUdpSocket(&client_port);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  to.sin_port = htons(static_cast<std::uint16_t>(port));
  std::string answer;
  for (int i = 0; i < 40 && answer.empty(); ++i) {   // until the script has bound: at most 2s
    sendto(client, "ping", 4, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
    pollfd p{client, POLLIN, 0};
    if (poll(&p, 1, 50) == 1) {
      char buffer[64];
      const ssize_t n = recv(client, buffer, sizeof buffer, 0);
      if (n > 0) answer.assign(buffer, static_cast<std::size_t>(n));
    }
  }
  close(client);
  runner.join();
  EXPECT_TRUE(ran) << err;
  EXPECT_EQ(answer, "PONG");
  const PeerResult& r = loop.result(id);
  EXPECT_EQ(r.outcome, PeerResult::Outcome::kPassed) << Summary(r);
  ASSERT_EQ(r.steps.size(), 3u);
  EXPECT_EQ(r.steps[1].remote, "127.0.0.1:" + std::to_string(client_port));
  EXPECT_EQ(r.steps[2].remote, "127.0.0.1:" + std::to_string(client_port));
}

}  // namespace
}  // namespace wirecheck
