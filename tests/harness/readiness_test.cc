// Specifications of the readiness wait from fake socket tables, a fake
// launcher and a fake view of the run's processes: when it decides, and
// what it says. (The same waits on a real sandbox: sandbox_test.cc.)

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
