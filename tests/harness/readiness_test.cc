// Specifications of the readiness wait from fake socket tables, a fake
// launcher and a fake view of the run's threads: when it decides, and what
// it says. (The same waits on a real sandbox: sandbox_test.cc.)

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "harness/run/readiness.h"

namespace wirecheck {
namespace {

using namespace std::chrono_literals;

SocketEntry Listening(std::uint16_t port) {
  SocketEntry s;
  s.protocol = SocketProtocol::kTcp;
  s.local_address = "127.0.0.1";
  s.local_port = port;
  s.state = static_cast<std::uint8_t>(TcpState::kListen);
  s.backlog = 5;
  return s;
}

SocketEntry BoundUdp(std::uint16_t port) {
  SocketEntry s;
  s.protocol = SocketProtocol::kUdp;
  s.local_address = "127.0.0.1";
  s.local_port = port;
  s.state = 7;
  return s;
}

// The sockets it holds, as the filter wants them; `change` may edit them
// before each look (its argument: the look's number, from 0).
class FakeTables : public SocketTableSource {
 public:
  using SocketTableSource::Snapshot;
  bool Snapshot(const SocketFilter& filter, std::vector<SocketEntry>* out, std::string*) override {
    if (change) change(looks, &sockets);
    ++looks;
    out->clear();
    for (const SocketEntry& s : sockets) {
      if (filter.Wants(s)) out->push_back(s);
    }
    return true;
  }
  std::vector<SocketEntry> sockets;
  std::function<void(int, std::vector<SocketEntry>*)> change;
  int looks = 0;
};

class FakeActivity : public RunActivity {
 public:
  std::optional<ActivityLook> Look() override { return look; }
  ActivityLook look{0, true};
};

struct Fixture {
  FakeTables tables;
  FakeActivity activity;
  FakeProcessLauncher launcher;
  ProcessId server = 0;
  Fixture() {
    launcher.set_running_until_stopped(true);
    std::string err;
    launcher.Start(ProcessSpec{}, &server, &err);
  }
  Readiness Wait(std::chrono::nanoseconds timeout, SocketProtocol protocol = SocketProtocol::kTcp) {
    return WaitUntilReady({protocol, 6789, true}, &tables, &launcher, server, timeout, &activity);
  }
};

TEST(ReadinessTest, ListenerOnThePortIsReadyAtOnce) {
  Fixture f;
  f.tables.sockets = {Listening(6789)};
  const Readiness r = f.Wait(5s);
  EXPECT_EQ(r.kind, Readiness::Kind::kReady);
  EXPECT_EQ(r.message, "the server is listening on TCP port 6789 (backlog 5)");
  EXPECT_FALSE(r.started_process_ended);
}

// It was 5 s (the whole ready_timeout) for an answer known in milliseconds.
TEST(ReadinessTest, IdleServerOnAnotherPortIsDecidedWithoutWaitingForTheTimeout) {
  Fixture f;
  f.tables.sockets = {Listening(6790)};
  const auto start = std::chrono::steady_clock::now();
  const Readiness r = f.Wait(5s);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.kind, Readiness::Kind::kNotListening);
  EXPECT_EQ(r.message, "the server listens on TCP port 6790, not on 6789, and has waited there, idle, for 200ms");
  EXPECT_GE(took, IdleOnWrongSocket::kFor);
  EXPECT_LT(took, 2s);
}

TEST(ReadinessTest, IdleServerBoundToUdpInsteadOfTcpIsDecidedEarly) {
  Fixture f;
  f.tables.sockets = {BoundUdp(6789)};
  const Readiness r = f.Wait(5s);
  EXPECT_EQ(r.kind, Readiness::Kind::kNotListening);
  EXPECT_EQ(r.message,
            "the server bound UDP port 6789 instead of listening on TCP port 6789, and has waited there, idle, "
            "for 200ms");
  EXPECT_LT(r.waited, 2s);
}

// A server that opened a socket for its log and is still starting up runs:
// it is waited for, and is ready once its welcome socket listens.
TEST(ReadinessTest, BusyServerWithAnotherSocketFirstIsWaitedFor) {
  Fixture f;
  f.activity.look.idle = false;
  f.tables.sockets = {BoundUdp(5140)};
  f.tables.change = [](int look, std::vector<SocketEntry>* sockets) {
    if (look == 50) sockets->push_back(Listening(6789));
  };
  const Readiness r = f.Wait(5s);
  EXPECT_EQ(r.kind, Readiness::Kind::kReady) << r.message;
}

TEST(ReadinessTest, BusyServerOnTheWrongPortWaitsForTheTimeout) {
  Fixture f;
  f.activity.look.idle = false;
  f.tables.sockets = {Listening(6790)};
  const Readiness r = f.Wait(300ms);
  EXPECT_EQ(r.kind, Readiness::Kind::kNotListening);
  EXPECT_EQ(r.message, "after 300ms the server listens on TCP port 6790, not on 6789");
}

// A server that changes its sockets is not settled: the 200 ms start again.
TEST(IdleOnWrongSocketTest, TheSamePictureMustLastWhileIdle) {
  Judgement other_port;
  other_port.kind = Judgement::Kind::kOtherPort;
  other_port.other_ports = {6790};
  Judgement two_ports = other_port;
  two_ports.other_ports = {6790, 6791};
  IdleOnWrongSocket watch;
  EXPECT_FALSE(watch.Look(other_port, true, 0ms));
  EXPECT_FALSE(watch.Look(other_port, true, 150ms));
  EXPECT_FALSE(watch.Look(two_ports, true, 190ms));   // changed: from here
  EXPECT_FALSE(watch.Look(two_ports, true, 300ms));
  EXPECT_FALSE(watch.Look(two_ports, false, 350ms));  // ran: from the next idle look
  EXPECT_FALSE(watch.Look(two_ports, true, 400ms));
  EXPECT_FALSE(watch.Look(Judgement{}, true, 500ms)); // nothing is not a wrong picture
  EXPECT_FALSE(watch.Look(two_ports, true, 600ms));
  EXPECT_TRUE(watch.Look(two_ports, true, 800ms));
}

TEST(ReadinessTest, ServerThatExitsWithNothingLeftIsDecidedAtOnce) {
  Fixture f;
  f.launcher.set_running_until_stopped(false);
  const Readiness r = f.Wait(5s);
  EXPECT_EQ(r.kind, Readiness::Kind::kExited);
  EXPECT_EQ(r.message, "the server exited with code 0 before listening on TCP port 6789");
}

// The daemonising server: the process started exits at once and a process
// it left behind listens later. Ready, but not the process wirecheck started.
TEST(ReadinessTest, ServerThatLeftAProcessBehindIsWaitedForAndSaidSo) {
  Fixture f;
  f.launcher.set_running_until_stopped(false);
  f.activity.look.processes = 1;
  f.tables.change = [](int look, std::vector<SocketEntry>* sockets) {
    if (look == 5) sockets->push_back(Listening(6789));
  };
  const Readiness r = f.Wait(5s);
  EXPECT_EQ(r.kind, Readiness::Kind::kReady);
  ASSERT_TRUE(r.started_process_ended);
  EXPECT_EQ(r.message,
            "the server is listening on TCP port 6789 (backlog 5), but the process wirecheck started exited "
            "with code 0 after 1ms and left a process behind");
}

// The same server when the listener is already there at the first look.
TEST(ReadinessTest, ListenerSeenAfterTheStartedProcessEndedIsALeftBehindOne) {
  Fixture f;
  f.launcher.set_running_until_stopped(false);
  f.activity.look.processes = 1;
  f.tables.sockets = {Listening(6789)};
  const Readiness r = f.Wait(5s);
  EXPECT_EQ(r.kind, Readiness::Kind::kReady);
  EXPECT_TRUE(r.started_process_ended);
}

// What it left behind ends too, having never listened: decided then.
TEST(ReadinessTest, ServerWhoseLeftBehindProcessesEndWithoutListeningHasExited) {
  Fixture f;
  f.launcher.set_running_until_stopped(false);
  f.activity.look.processes = 1;
  FakeActivity* activity = &f.activity;
  f.tables.change = [activity](int look, std::vector<SocketEntry>*) {
    if (look == 30) activity->look.processes = 0;
  };
  const Readiness r = f.Wait(5s);
  EXPECT_EQ(r.kind, Readiness::Kind::kExited);
  EXPECT_EQ(r.message,
            "the server exited with code 0 before listening on TCP port 6789 (and what it left behind has ended too)");
  EXPECT_LT(r.waited, 1s);
}

}  // namespace
}  // namespace wirecheck
