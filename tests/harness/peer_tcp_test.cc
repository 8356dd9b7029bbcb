// Scripted TCP peers on 127.0.0.1 against small servers run in threads of
// the test, a scripted server against a real client, and many peers in one
// loop. Every wait is bounded; every thread is joined.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "harness/peers/peer_loop.h"

namespace wirecheck {
namespace {

using namespace std::chrono_literals;
using Action = ScriptStep::Action;

// --- A threaded test server on 127.0.0.1, one thread per connection. ---

class TestServer {
 public:
  explicit TestServer(std::function<void(int)> handler) : handler_(std::move(handler)) {
    listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof a;
    EXPECT_EQ(bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    EXPECT_EQ(listen(listener_, 512), 0);
    getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &length);
    port_ = ntohs(a.sin_port);
    acceptor_ = std::thread([this] { AcceptLoop(); });
  }
  ~TestServer() {
    stop_ = true;
    acceptor_.join();
    for (std::thread& t : connections_) t.join();
    close(listener_);
  }
  int port() const { return port_; }

 private:
  void AcceptLoop() {
    while (!stop_) {
      pollfd p{listener_, POLLIN, 0};
      if (poll(&p, 1, 20) <= 0) continue;
      const int fd = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      const timeval limit{3, 0};   // no handler blocks for long
      setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
      connections_.emplace_back([this, fd] {
        handler_(fd);
        close(fd);
      });
    }
  }

  std::function<void(int)> handler_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread acceptor_;
  std::vector<std::thread> connections_;
};

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

void SendAll(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

// Capitalizes each line as it completes; at end of stream, the rest; then closes.
struct Capitalize {
  std::mutex* mu = nullptr;
  std::vector<std::string>* reads = nullptr;   // each read() as it came
  void operator()(int fd) const {
    std::string pending;
    char buffer[4096];
    for (;;) {
      const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      if (reads != nullptr) {
        std::lock_guard lock(*mu);
        reads->emplace_back(buffer, static_cast<std::size_t>(n));
      }
      pending.append(buffer, static_cast<std::size_t>(n));
      for (std::size_t end; (end = pending.find('\n')) != std::string::npos;) {
        SendAll(fd, Upper(pending.substr(0, end + 1)));
        pending.erase(0, end + 1);
      }
    }
    SendAll(fd, Upper(pending));
  }
};

// The classic bug: one read() taken for one message. Answers what it got
// (with a '\n' when asked), then reads and ignores the rest until EOF.
std::function<void(int)> OneRead(bool add_newline, bool close_at_once = false) {
  return [=](int fd) {
    char buffer[4096];
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return;
    SendAll(fd, Upper(std::string(buffer, static_cast<std::size_t>(n))) + (add_newline ? "\n" : ""));
    if (close_at_once) return;
    while (recv(fd, buffer, sizeof buffer, 0) > 0) {
    }
  };
}

// --- Scripts ---

ScriptStep Step(Action action) {
  ScriptStep s;
  s.action = action;
  return s;
}
ScriptStep Connect() {
  ScriptStep s = Step(Action::kConnect);
  s.target = "{host}:{port}";
  return s;
}
ScriptStep Listen() {
  ScriptStep s = Step(Action::kListen);
  s.target = "{port}";
  return s;
}
ScriptStep Send(std::string bytes) {
  ScriptStep s = Step(Action::kSend);
  s.bytes = std::move(bytes);
  return s;
}
ScriptStep Sleep(Duration d) {
  ScriptStep s = Step(Action::kSleep);
  s.duration = d;
  return s;
}
ScriptStep Hold(Duration d) {
  ScriptStep s = Step(Action::kHold);
  s.duration = d;
  return s;
}
ScriptStep Expect(StepMatch::Kind kind, std::string text, Duration timeout = 2s) {
  ScriptStep s = Step(Action::kExpect);
  s.match = StepMatch{kind, std::move(text)};
  s.timeout = timeout;
  return s;
}
ScriptStep ExpectClose(Duration timeout = 2s) {
  ScriptStep s = Step(Action::kExpectClose);
  s.timeout = timeout;
  return s;
}

std::shared_ptr<const PeerPlan> Plan(const std::vector<ScriptStep>& steps, int port) {
  std::string err;
  auto plan = PreparePeerPlan(steps, Scenario::Protocol::kTcp, Scenario::Family::kIpv4,
                              {{"host", "127.0.0.1"}, {"port", std::to_string(port)}}, &err);
  EXPECT_NE(plan, nullptr) << err;
  return plan;
}

PeerResult RunScript(const std::vector<ScriptStep>& steps, int port, Duration run_timeout = 5s) {
  HostSocketFactory sockets;
  PeerLoop loop(sockets);
  const PeerTime now = PeerClock::now();
  const auto id = loop.Add("peer", Plan(steps, port), now, now + run_timeout);
  std::string err;
  EXPECT_TRUE(loop.RunUntilDone(now + run_timeout + 1s, -1, &err)) << err;
  EXPECT_TRUE(loop.done(id));
  return loop.result(id);
}

// A port with nothing on it (bound, then closed).
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t length = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &length);
  close(fd);
  return ntohs(a.sin_port);
}

const std::vector<ScriptStep> kSlowWriter = {
    Connect(), Send("hel"), Sleep(100ms), Send("lo so"), Sleep(100ms), Send("ckets\n"),
    Expect(StepMatch::Kind::kLine, "HELLO SOCKETS", 500ms), Step(Action::kClose)};

// --- Tests ---

TEST(PeerTcpTest, SlowWriterPassesAgainstACapitalizeServerAndEachSendIsOneSegment) {
  std::mutex mu;
  std::vector<std::string> reads;
  PeerResult r;
  {
    TestServer server(Capitalize{&mu, &reads});
    r = RunScript(kSlowWriter, server.port());
  }
  EXPECT_EQ(r.outcome, PeerResult::Outcome::kPassed) << Summary(r) << "\n" << FormatTranscript(r);
  ASSERT_EQ(r.steps.size(), 8u);
  EXPECT_EQ(r.steps[0].remote, "127.0.0.1:" + r.steps[0].remote.substr(10));
  EXPECT_EQ(r.steps[1].bytes_sent, 3u);
  EXPECT_EQ(r.steps[1].detail, "sent 3 bytes in one write()");
  EXPECT_EQ(r.steps[6].bytes_received, 14u);
  EXPECT_GE(r.steps[5].started - r.steps[1].started, 200ms);
  EXPECT_EQ(reads, (std::vector<std::string>{"hel", "lo so", "ckets\n"}));
  const std::string transcript = FormatTranscript(r);
  EXPECT_NE(transcript.find("> \"hel\"\n"), std::string::npos) << transcript;
  EXPECT_NE(transcript.find("< \"HELLO SOCKETS\\n\"\n"), std::string::npos) << transcript;
}

TEST(PeerTcpTest, OneReadServerIsCaughtByATimeoutWithWhatItSent) {
  PeerResult r;
  {
    TestServer server(OneRead(false));
    r = RunScript(kSlowWriter, server.port());
  }
  ASSERT_EQ(r.outcome, PeerResult::Outcome::kFailed) << FormatTranscript(r);
  const StepResult* failed = r.failed_step();
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->index, 6u);
  EXPECT_EQ(failed->failure, StepFailure::kTimeout);
  EXPECT_EQ(failed->expected, "HELLO SOCKETS");
  EXPECT_EQ(failed->received, "HEL");
  EXPECT_EQ(failed->mismatch_offset, 3u);
  EXPECT_EQ(failed->detail, "expected line \"HELLO SOCKETS\", received \"HEL\" (3 bytes) within 500ms");
  ASSERT_EQ(r.steps.size(), 8u);   // the close still runs after the failed check
  EXPECT_EQ(r.steps[7].status, StepStatus::kPassed);
  EXPECT_EQ(r.steps[7].detail, "closed the connection: FIN");
  EXPECT_EQ(Summary(r).rfind("step 7 (expect) failed after 5", 0), 0u) << Summary(r);
  EXPECT_NE(Summary(r).find("ms: timeout: expected line \"HELLO SOCKETS\""), std::string::npos) << Summary(r);
}

TEST(PeerTcpTest, OneReadServerAnsweringALineIsAMismatchAtItsOffset) {
  PeerResult r;
  {
    TestServer server(OneRead(true));
    r = RunScript(kSlowWriter, server.port());
  }
  const StepResult* failed = r.failed_step();
  ASSERT_NE(failed, nullptr) << FormatTranscript(r);
  EXPECT_EQ(failed->failure, StepFailure::kMismatch);
  EXPECT_EQ(failed->received, "HEL\n");
  EXPECT_EQ(failed->mismatch_offset, 3u);
  EXPECT_EQ(failed->detail,
            "expected line \"HELLO SOCKETS\", received \"HEL\\n\": they differ at offset 3");
}

TEST(PeerTcpTest, PeerClosedBeforeTheEndOfTheLine) {
  PeerResult r;
  {
    TestServer server(OneRead(false, true));
    r = RunScript({Connect(), Send("hello"), Expect(StepMatch::Kind::kLine, "HELLO")}, server.port());
  }
  const StepResult* failed = r.failed_step();
  ASSERT_NE(failed, nullptr) << FormatTranscript(r);
  EXPECT_EQ(failed->failure, StepFailure::kPeerClosed);
  EXPECT_EQ(failed->received, "HELLO");
  EXPECT_EQ(failed->detail,
            "expected line \"HELLO\", but the peer closed the connection after sending \"HELLO\" (5 bytes)");
}

TEST(PeerTcpTest, HalfCloseThenTheReplyThenTheServersClose) {
  PeerResult r;
  {
    TestServer server(Capitalize{});
    r = RunScript({Connect(), Send("abc"), Step(Action::kShutdown), Expect(StepMatch::Kind::kBytes, "ABC"), ExpectClose()},
            server.port());
  }
  EXPECT_EQ(r.outcome, PeerResult::Outcome::kPassed) << Summary(r) << "\n" << FormatTranscript(r);
  ASSERT_EQ(r.steps.size(), 5u);
  EXPECT_EQ(r.steps[2].detail, "half close: FIN sent, still reading");
  EXPECT_EQ(r.steps[4].detail, "the peer closed the connection (end of stream)");
}

TEST(PeerTcpTest, ExpectCloseTimesOutWhenTheServerStaysOpen) {
  PeerResult r;
  {
    TestServer server(OneRead(false));
    r = RunScript({Connect(), Send("x"), ExpectClose(200ms)}, server.port());
  }
  const StepResult* failed = r.failed_step();
  ASSERT_NE(failed, nullptr) << FormatTranscript(r);
  EXPECT_EQ(failed->failure, StepFailure::kTimeout);
  EXPECT_EQ(failed->detail, "the peer did not close the connection within 200ms");
}

TEST(PeerTcpTest, ResetSendsAnRst) {
  std::atomic<int> read_errno{0};
  PeerResult r;
  {
    TestServer server([&](int fd) {
      char c;
      const ssize_t n = recv(fd, &c, 1, 0);
      read_errno = n < 0 ? errno : -1;
    });
    r = RunScript({Connect(), Sleep(100ms), Step(Action::kReset)}, server.port());
  }
  EXPECT_EQ(r.outcome, PeerResult::Outcome::kPassed) << Summary(r);
  EXPECT_EQ(read_errno.load(), ECONNRESET);
  EXPECT_EQ(r.steps[2].detail, "reset the connection (SO_LINGER 0, close()): RST");
}

TEST(PeerTcpTest, HoldKeepsTheConnectionOpenForItsDuration) {
  std::atomic<long> open_ms{0};
  PeerResult r;
  {
    TestServer server([&](int fd) {
      const auto t0 = std::chrono::steady_clock::now();
      char c;
      recv(fd, &c, 1, 0);   // end of stream at the client's close
      open_ms = static_cast<long>(
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count());
    });
    r = RunScript({Connect(), Hold(300ms), Step(Action::kClose)}, server.port());
  }
  EXPECT_EQ(r.outcome, PeerResult::Outcome::kPassed) << Summary(r);
  EXPECT_GE(open_ms.load(), 280);
  EXPECT_LT(open_ms.load(), 2000);
  EXPECT_EQ(r.steps[1].detail, "held the socket open for 300ms");
}

TEST(PeerTcpTest, ScriptedServerServesARealClient) {
  const int port = FreePort();
  HostSocketFactory sockets;
  PeerLoop loop(sockets);
  ScriptStep accept = Step(Action::kAccept);
  accept.timeout = 3s;
  const PeerTime now = PeerClock::now();
  const auto id = loop.Add("server", Plan({Listen(), accept, Expect(StepMatch::Kind::kLine, "hello"),
                                           Send("HELLO\n"), ExpectClose(), Step(Action::kClose)},
                                          port),
                           now, now + 5s);
  std::string err;
  bool ran = false;
  std::thread runner([&] { ran = loop.RunUntilDone(now + 6s, -1, &err); });

  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  bool connected = false;
  for (int i = 0; i < 200 && !connected; ++i) {   // until the script listens, at most 2s
    connected = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    if (!connected) std::this_thread::sleep_for(10ms);
  }
  std::string reply;
  if (connected) {
    const timeval limit{3, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    SendAll(fd, "hello\n");
    char buffer[64];
    ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n > 0) reply.assign(buffer, static_cast<std::size_t>(n));
    shutdown(fd, SHUT_WR);
    while ((n = recv(fd, buffer, sizeof buffer, 0)) > 0) {
    }
  }
  sockaddr_in local{};
  socklen_t length = sizeof local;
  getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length);
  close(fd);
  runner.join();
  ASSERT_TRUE(connected);
  EXPECT_TRUE(ran) << err;
  EXPECT_EQ(reply, "HELLO\n");
  const PeerResult& r = loop.result(id);
  EXPECT_EQ(r.outcome, PeerResult::Outcome::kPassed) << Summary(r) << "\n" << FormatTranscript(r);
  ASSERT_GE(r.steps.size(), 2u);
  EXPECT_EQ(r.steps[0].local, "0.0.0.0:" + std::to_string(port));
  EXPECT_EQ(r.steps[1].remote, "127.0.0.1:" + std::to_string(ntohs(local.sin_port)));
}

TEST(PeerTcpTest, RefusedConnectionIsAFailedStepNotAnError) {
  const PeerResult r = RunScript({Connect(), Send("x")}, FreePort());
  EXPECT_EQ(r.outcome, PeerResult::Outcome::kFailed);
  ASSERT_EQ(r.steps.size(), 1u);
  EXPECT_EQ(r.steps[0].failure, StepFailure::kRefused);
  EXPECT_NE(r.steps[0].detail.find("connection refused"), std::string::npos) << r.steps[0].detail;
}

// --- After a failed check ---

// Echoes each line as it came (no upper case) until end of stream; then
// records how long the connection was open and whether the client's end was
// a FIN (true) or an RST (false).
struct EchoUntilClosed {
  std::atomic<long>* open_ms = nullptr;
  std::atomic<int>* end = nullptr;   // 1: FIN, 2: RST
  std::mutex* mu = nullptr;
  std::vector<std::string>* reads = nullptr;
  std::string extra_after_reply;     // sent 50ms after the first reply

  EchoUntilClosed& Timing(std::atomic<long>* ms) { open_ms = ms; return *this; }
  EchoUntilClosed& End(std::atomic<int>* e) { end = e; return *this; }
  EchoUntilClosed& Reads(std::mutex* m, std::vector<std::string>* r) { mu = m; reads = r; return *this; }
  EchoUntilClosed& Then(std::string extra) { extra_after_reply = std::move(extra); return *this; }
  void operator()(int fd) const {
    const auto t0 = std::chrono::steady_clock::now();
    char buffer[4096];
    bool first = true;
    for (;;) {
      const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) {
        if (end != nullptr) *end = n == 0 ? 1 : (errno == ECONNRESET ? 2 : 3);
        break;
      }
      if (reads != nullptr) {
        std::lock_guard lock(*mu);
        reads->emplace_back(buffer, static_cast<std::size_t>(n));
      }
      SendAll(fd, std::string(buffer, static_cast<std::size_t>(n)));
      if (first && !extra_after_reply.empty()) {
        std::this_thread::sleep_for(50ms);
        SendAll(fd, extra_after_reply);
      }
      first = false;
    }
    if (open_ms != nullptr) {
      *open_ms = static_cast<long>(
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count());
    }
  }
};

// The case: send, expect, hold, close against a server that replies
// wrong. The connection stays open for the hold and closes with a FIN, as it
// does for a correct server; before, the client closed it at once.
TEST(PeerTcpTest, AWrongReplyStillHoldsAndClosesWhereTheScriptSays) {
  std::atomic<long> open_ms{0};
  std::atomic<int> end{0};
  PeerResult r;
  {
    TestServer server(EchoUntilClosed().Timing(&open_ms).End(&end));
    r = RunScript({Connect(), Send("hello\n"), Expect(StepMatch::Kind::kLine, "HELLO"), Hold(300ms),
                   Step(Action::kClose)},
                  server.port());
  }
  EXPECT_EQ(r.outcome, PeerResult::Outcome::kFailed) << FormatTranscript(r);
  const StepResult* failed = r.failed_step();
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->index, 2u);
  EXPECT_EQ(failed->failure, StepFailure::kMismatch);
  EXPECT_EQ(failed->detail, "expected line \"HELLO\", received \"hello\\n\": they differ at offset 0");
  ASSERT_EQ(r.steps.size(), 5u) << FormatTranscript(r);
  EXPECT_EQ(r.steps[3].status, StepStatus::kPassed);
  EXPECT_EQ(r.steps[3].detail, "held the socket open for 300ms");
  EXPECT_EQ(r.steps[4].status, StepStatus::kPassed);
  EXPECT_EQ(r.steps[4].detail, "closed the connection: FIN");
  EXPECT_GE(open_ms.load(), 280);
  EXPECT_LT(open_ms.load(), 2000);
  EXPECT_EQ(end.load(), 1);
  EXPECT_EQ(Summary(r).rfind("step 3 (expect) failed after ", 0), 0u) << Summary(r);
  EXPECT_TRUE(
      Summary(r).ends_with(": mismatch: expected line \"HELLO\", received \"hello\\n\": they differ at offset 0"))
      << Summary(r);
}

// A server that replies wrong, then closes 100ms later: the script waits for
// its close (expect_close, not checked) before closing, so the server's FIN
// still comes first.
TEST(PeerTcpTest, AfterAWrongReplyExpectCloseStillWaitsSoTheServerClosesFirst) {
  std::atomic<int> client_closed_first{-1};
  PeerResult r;
  {
    TestServer server([&](int fd) {
      char buffer[64];
      if (recv(fd, buffer, sizeof buffer, 0) <= 0) return;
      SendAll(fd, "hello\n");
      std::this_thread::sleep_for(100ms);
      client_closed_first = recv(fd, buffer, sizeof buffer, MSG_DONTWAIT) == 0 ? 1 : 0;
    });
    r = RunScript({Connect(), Send("hello\n"), Expect(StepMatch::Kind::kLine, "HELLO"), ExpectClose(),
                   Step(Action::kClose)},
                  server.port());
  }
  EXPECT_EQ(client_closed_first.load(), 0) << FormatTranscript(r);
  ASSERT_EQ(r.steps.size(), 5u) << FormatTranscript(r);
  EXPECT_EQ(r.failed_step()->index, 2u);
  EXPECT_EQ(r.steps[3].status, StepStatus::kSkipped);
  EXPECT_EQ(r.steps[3].detail,
            "not checked, as step 3 (expect) failed: the peer closed the connection (end of stream)");
  EXPECT_GE(r.steps[3].finished - r.steps[3].started, 80ms);
  EXPECT_EQ(r.steps[4].detail, "closed the connection: FIN");
}

// Later checks are not made and no new data is sent: they are skipped, and
// the summary names the checks that were not made.
TEST(PeerTcpTest, AfterAFailedCheckLaterSendsAndChecksAreSkippedNotFailed) {
  std::mutex mu;
  std::vector<std::string> reads;
  PeerResult r;
  {
    TestServer server(EchoUntilClosed().Reads(&mu, &reads));
    r = RunScript({Connect(), Send("a\n"), Expect(StepMatch::Kind::kLine, "A"), Send("b\n"),
                   Expect(StepMatch::Kind::kLine, "B"), Step(Action::kClose)},
                  server.port());
  }
  EXPECT_EQ(r.outcome, PeerResult::Outcome::kFailed);
  ASSERT_EQ(r.steps.size(), 6u) << FormatTranscript(r);
  EXPECT_EQ(r.steps[2].status, StepStatus::kFailed);
  EXPECT_EQ(r.steps[3].status, StepStatus::kSkipped);
  EXPECT_EQ(r.steps[3].detail, "not sent, as step 3 (expect) failed");
  EXPECT_EQ(r.steps[3].bytes_sent, 0u);
  EXPECT_EQ(r.steps[4].status, StepStatus::kSkipped);
  EXPECT_EQ(r.steps[4].detail, "not checked, as step 3 (expect) failed");
  EXPECT_EQ(r.steps[5].status, StepStatus::kPassed);
  EXPECT_EQ(reads, (std::vector<std::string>{"a\n"}));
  const std::string summary = Summary(r);
  EXPECT_NE(summary.find(": they differ at offset 0; not checked after it: step 5 (expect)"), std::string::npos)
      << summary;
  EXPECT_NE(FormatTranscript(r).find("send SKIPPED: not sent, as step 3 (expect) failed\n"), std::string::npos)
      << FormatTranscript(r);
}

// A reply that never comes still fails at the step's timeout; the hold and
// the close after it still happen.
TEST(PeerTcpTest, AReplyThatNeverComesFailsAtItsTimeoutAndTheHoldStillFollows) {
  std::atomic<long> open_ms{0};
  PeerResult r;
  const PeerTime before = PeerClock::now();
  {
    TestServer server([&](int fd) {
      const auto t0 = std::chrono::steady_clock::now();
      char buffer[64];
      while (recv(fd, buffer, sizeof buffer, 0) > 0) {
      }
      open_ms = static_cast<long>(
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count());
    });
    r = RunScript({Connect(), Send("x\n"), Expect(StepMatch::Kind::kLine, "X", 200ms), Hold(100ms),
                   Step(Action::kClose)},
                  server.port());
  }
  EXPECT_LT(PeerClock::now() - before, 3s);
  const StepResult* failed = r.failed_step();
  ASSERT_NE(failed, nullptr) << FormatTranscript(r);
  EXPECT_EQ(failed->failure, StepFailure::kTimeout);
  EXPECT_EQ(failed->detail, "expected line \"X\", received nothing within 200ms");
  ASSERT_EQ(r.steps.size(), 5u);
  EXPECT_EQ(r.steps[3].detail, "held the socket open for 100ms");
  EXPECT_GE(open_ms.load(), 280);
}

// Bytes that come after the failed expect took its share are read and
// dropped before the close, so it is a FIN, as for a correct server, and
// not an RST for unread data.
TEST(PeerTcpTest, BytesLeftAfterAFailedCheckAreReadSoTheCloseIsAFin) {
  std::atomic<int> end{0};
  PeerResult r;
  {
    TestServer server(EchoUntilClosed().End(&end).Then("and more\n"));
    r = RunScript({Connect(), Send("hello\n"), Expect(StepMatch::Kind::kLine, "HELLO"), Hold(200ms),
                   Step(Action::kClose)},
                  server.port());
  }
  EXPECT_EQ(end.load(), 1) << FormatTranscript(r);
  ASSERT_EQ(r.steps.size(), 5u);
  EXPECT_EQ(r.steps[4].detail, "closed the connection: FIN");
  EXPECT_NE(FormatTranscript(r).find("< \"and more\\n\""), std::string::npos) << FormatTranscript(r);
}

// After a failed check the peer finishes its connection and opens no other:
// the steps from the next connect on are not reached.
TEST(PeerTcpTest, AfterAFailedCheckThePeerOpensNoOtherConnection) {
  std::atomic<int> connections{0};
  PeerResult r;
  {
    TestServer server([&](int fd) {
      ++connections;
      EchoUntilClosed()(fd);
    });
    r = RunScript({Connect(), Send("a\n"), Expect(StepMatch::Kind::kLine, "A"), Step(Action::kClose), Connect(),
                   Send("b\n"), Expect(StepMatch::Kind::kLine, "b"), Step(Action::kClose)},
                  server.port());
  }
  EXPECT_EQ(connections.load(), 1);
  EXPECT_EQ(r.outcome, PeerResult::Outcome::kFailed);
  ASSERT_EQ(r.steps.size(), 8u) << FormatTranscript(r);
  EXPECT_EQ(r.steps[3].status, StepStatus::kPassed);
  for (std::size_t i = 4; i < 8; ++i) {
    EXPECT_EQ(r.steps[i].status, StepStatus::kSkipped) << i;
    EXPECT_EQ(r.steps[i].detail, "not reached, as step 3 (expect) failed") << i;
  }
  EXPECT_TRUE(r.steps[4].local.empty());
  EXPECT_NE(Summary(r).find("; not checked after it: step 7 (expect)"), std::string::npos) << Summary(r);
}

// --- Many peers in one loop ---

class FailingSockets : public SocketFactory {
 public:
  int Open(int, int, int, std::string* err) override {
    *err = "cannot open a socket: Too many open files";
    return -1;
  }
};

TEST(PeerLoopTest, TwoHundredClientsAtOnceInOneLoop) {
  TestServer server(Capitalize{});
  HostSocketFactory sockets;
  PeerLoop loop(sockets);
  const auto plan = Plan({Connect(), Send("hel"), Sleep(30ms), Send("lo\n"),
                          Expect(StepMatch::Kind::kLine, "HELLO", 5s), Step(Action::kClose)},
                         server.port());
  const PeerTime now = PeerClock::now();
  for (int i = 0; i < 200; ++i) loop.Add("client-" + std::to_string(i + 1), plan, now, now + 10s);
  std::string err;
  ASSERT_TRUE(loop.RunUntilDone(now + 11s, -1, &err)) << err;
  EXPECT_LT(PeerClock::now() - now, 10s);
  int passed = 0;
  for (PeerLoop::PeerId id = 0; id < loop.size(); ++id) {
    if (loop.result(id).outcome == PeerResult::Outcome::kPassed) ++passed;
    else ADD_FAILURE() << loop.result(id).name << ": " << Summary(loop.result(id));
  }
  EXPECT_EQ(passed, 200);
  EXPECT_EQ(loop.running(), 0u);
}

TEST(PeerLoopTest, NoSocketIsAnErrorOfTheEnvironment) {
  FailingSockets sockets;
  PeerLoop loop(sockets);
  const PeerTime now = PeerClock::now();
  const auto id = loop.Add("c1", Plan({Connect()}, 1), now, now + 1s);
  std::string err;
  EXPECT_FALSE(loop.RunUntilDone(now + 2s, -1, &err));
  EXPECT_EQ(err, "c1: cannot open a socket: Too many open files");
  EXPECT_EQ(loop.result(id).outcome, PeerResult::Outcome::kError);
  EXPECT_EQ(loop.result(id).steps[0].status, StepStatus::kError);
}

TEST(PeerLoopTest, HoldWithoutDurationEndsWhenReleased) {
  TestServer server(Capitalize{});
  HostSocketFactory sockets;
  PeerLoop loop(sockets);
  const PeerTime now = PeerClock::now();
  const auto id = loop.Add("holder", Plan({Connect(), Hold(Duration::zero()), Step(Action::kClose)}, server.port()),
                           now, now + 5s);
  std::vector<PeerLoop::PeerId> finished;
  std::string err;
  ASSERT_TRUE(loop.RunOnce(now + 200ms, -1, &finished, &err)) << err;
  EXPECT_FALSE(loop.done(id));
  loop.ReleaseHolds(PeerClock::now());
  EXPECT_TRUE(loop.done(id));
  const PeerResult& r = loop.result(id);
  EXPECT_EQ(r.outcome, PeerResult::Outcome::kPassed) << Summary(r);
  EXPECT_EQ(r.steps[1].detail, "held until the run's end");
  EXPECT_GE(r.steps[1].finished - r.steps[1].started, 150ms);
}

TEST(PeerLoopTest, TheRunsDeadlineBoundsEveryWait) {
  TestServer server(OneRead(false));
  const PeerTime before = PeerClock::now();
  const PeerResult r = RunScript({Connect(), Send("x"), Expect(StepMatch::Kind::kLine, "X", 30s)}, server.port(), 300ms);
  EXPECT_LT(PeerClock::now() - before, 2s);
  const StepResult* failed = r.failed_step();
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->failure, StepFailure::kRunEnded);
  EXPECT_EQ(failed->received, "X");
}

TEST(PeerLoopTest, EndRunStopsEveryPeer) {
  TestServer server(OneRead(false));
  HostSocketFactory sockets;
  PeerLoop loop(sockets);
  const PeerTime now = PeerClock::now();
  const auto waiting = loop.Add("waiting", Plan({Connect(), Send("x"), ExpectClose(30s)}, server.port()), now, now + 30s);
  const auto later = loop.Add("later", Plan({Connect()}, server.port()), now + 10s, now + 30s);
  std::vector<PeerLoop::PeerId> finished;
  std::string err;
  ASSERT_TRUE(loop.RunOnce(now + 200ms, -1, &finished, &err)) << err;
  loop.EndRun(PeerClock::now());
  EXPECT_EQ(loop.running(), 0u);
  EXPECT_EQ(loop.result(waiting).failed_step()->failure, StepFailure::kRunEnded);
  EXPECT_EQ(Summary(loop.result(later)), "did not run: the run ended before this peer started");
}

TEST(PeerLoopTest, StartTimesAreKept) {
  TestServer server(Capitalize{});
  HostSocketFactory sockets;
  PeerLoop loop(sockets);
  const auto plan = Plan({Connect(), Step(Action::kClose)}, server.port());
  const PeerTime now = PeerClock::now();
  for (int i = 0; i < 3; ++i) loop.Add("c" + std::to_string(i), plan, now + i * 100ms, now + 5s);
  std::string err;
  ASSERT_TRUE(loop.RunUntilDone(now + 5s, -1, &err)) << err;
  // A peer never starts before its start time (it may start later on a
  // loaded machine, so differences between peers are not asserted).
  for (int i = 0; i < 3; ++i) EXPECT_GE(loop.result(i).started_at - now, i * 100ms) << i;
}

}  // namespace
}  // namespace wirecheck
