// The wire for real: two hosts in network namespaces of their own, joined to
// the forwarder by either device kind (each test runs once per kind: /tun
// and /veth), with real TCP and UDP between them (label wire-live). Each
// test runs in a forked lab with its own user namespace and a deadline;
// where namespaces, /dev/net/tun or veth are not available it is skipped
// with the reason (/dev/net/tun is mode 0600 on this machine, so an
// ordinary user's run skips the TUN ones and runs the veth ones).

#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/wire/wire_scheduler.h"
#include "tests/wire/wire_lab.h"

namespace wirecheck::wire {
namespace {

using namespace std::chrono_literals;
using testing::LabReport;
using testing::RunInLab;
using testing::TwoHosts;

HostInterfaceConfig Host(const std::string& address) {
  HostInterfaceConfig config;
  config.addresses = {address};
  return config;
}

// Starts the two hosts (192.0.2.1 and 192.0.2.2) joined by `device` and runs
// `traffic`; the wire's counts and log are added to the report after the
// forwarder stopped.
LabReport WithTwoHosts(WireDevice device, const WireConditions& conditions,
                       const std::function<bool(TwoHosts&, LabReport*, std::string*)>& traffic,
                       HostInterfaceConfig a = Host("192.0.2.1/24"), HostInterfaceConfig b = Host("192.0.2.2/24")) {
  return RunInLab(
      [&](LabReport* report) {
        TwoHosts hosts;
        std::string err;
        bool skipped = false;
        if (!hosts.Start(device, conditions, a, b, &err, &skipped)) {
          (skipped ? report->skipped : report->failure) = err;
          return;
        }
        const bool ok = traffic(hosts, report, &err);
        std::string stop_err;
        if (!hosts.Stop(&stop_err)) err += (err.empty() ? "" : "; ") + stop_err;
        if (!ok || !stop_err.empty()) report->failure = err;
        testing::ReportWire(hosts.forwarder(), report);
      },
      60s);
}

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> parts;
  std::istringstream in(text);
  for (std::string part; std::getline(in, part, ',');) parts.push_back(part);
  return parts;
}

class WireLiveTest : public ::testing::TestWithParam<WireDevice> {};

#define SKIP_OR_FAIL(report)                                   \
  do {                                                         \
    if (!(report).skipped.empty()) GTEST_SKIP() << (report).skipped; \
    ASSERT_EQ((report).failure, "");                           \
  } while (false)

TEST_P(WireLiveTest, TcpAndUdpCrossAPerfectWireIntact) {
  const LabReport report = WithTwoHosts(GetParam(), WireConditions{}, [](TwoHosts& hosts, LabReport* r, std::string* err) {
    return testing::TcpTransfer(hosts, "192.0.2.2", 1 << 20, r, err) &&
           testing::UdpPingPong(hosts.netns_a(), hosts.netns_b(), "192.0.2.1", "192.0.2.2", 200, 2000ms, r, "udp", err);
  });
  SKIP_OR_FAIL(report);
  EXPECT_EQ(report.Number("tcp_sent"), 1 << 20);
  EXPECT_EQ(report.Number("tcp_received"), 1 << 20);
  EXPECT_EQ(report.Number("tcp_intact"), 1);
  EXPECT_EQ(report.Number("udp_echoed"), 200);
  for (const std::string dir : {"ab", "ba"}) {
    EXPECT_EQ(report.facts.at("drops_" + dir), "") << dir;
    EXPECT_GT(report.Number("read_" + dir), 200) << dir;
    EXPECT_EQ(report.Number("written_" + dir) + report.Number("undelivered_" + dir), report.Number("read_" + dir))
        << dir;
    EXPECT_EQ(report.Number("write_failed_" + dir), 0) << dir;
  }
}

TEST_P(WireLiveTest, TcpCompletesUnderSeededLossAndTheDropsAreTheSeeds) {
  DirectionConditions lossy;
  lossy.loss = 0.05;
  const WireConditions conditions = WireConditions::Symmetric(lossy, 13);
  const LabReport report = WithTwoHosts(GetParam(), conditions, [](TwoHosts& hosts, LabReport* r, std::string* err) {
    return testing::TcpTransfer(hosts, "192.0.2.2", 256 << 10, r, err);
  });
  SKIP_OR_FAIL(report);
  // Retransmissions carried every byte across.
  EXPECT_EQ(report.Number("tcp_intact"), 1) << "received " << report.facts.at("tcp_received");
  const long long lost = report.Number("dropped_ab_loss") + report.Number("dropped_ba_loss");
  EXPECT_GT(lost, 0);
  EXPECT_EQ(report.Number("dropped_ab_rule") + report.Number("dropped_ab_queue"), 0);
  // What the scheduler dropped never reached the far side; the rest did,
  // but for what the forwarder read in its last round, with the stop.
  for (const std::string dir : {"ab", "ba"}) {
    EXPECT_EQ(report.Number("written_" + dir) + report.Number("undelivered_" + dir),
              report.Number("read_" + dir) - report.Number("dropped_" + dir + "_loss"))
        << dir;
  }
  // The drops are the seed's: the scheduler alone, fed as many packets each
  // way, drops the same packet numbers (a packet's fate does not depend on
  // what it carries or when it came, with loss only).
  WireScheduler replay(conditions);
  const std::vector<std::uint8_t> any(40, 0x45);
  for (const auto& [dir, direction] : {std::pair{"ab", Direction::kAToB}, std::pair{"ba", Direction::kBToA}}) {
    std::string expected;
    for (long long i = 0; i < report.Number(std::string("packets_") + dir); ++i) {
      const WireDecision d = replay.Decide(any, direction, WireTime{});
      if (d.dropped) expected += (expected.empty() ? "" : ",") + std::to_string(d.number);
    }
    EXPECT_EQ(report.facts.at(std::string("drops_") + dir), expected) << dir;
    EXPECT_EQ(static_cast<long long>(Split(expected).size()), report.Number(std::string("dropped_") + dir + "_loss"));
  }
  std::cout << "a->b: " << report.facts.at("described_ab") << "\n";
}

TEST_P(WireLiveTest, TheFirstFinDroppedIsRetransmittedAndTheConnectionCloses) {
  WireConditions conditions;
  conditions.a_to_b.drops.push_back({DropRule::Match::kTcpFin, 1});
  const LabReport report = WithTwoHosts(GetParam(), conditions, [](TwoHosts& hosts, LabReport* r, std::string* err) {
    return testing::TcpTransfer(hosts, "192.0.2.2", 1000, r, err);
  });
  SKIP_OR_FAIL(report);
  EXPECT_EQ(report.Number("tcp_intact"), 1);
  EXPECT_EQ(report.Number("dropped_ab_rule"), 1);
  EXPECT_EQ(report.Number("dropped_ba_rule"), 0);
  EXPECT_EQ(report.Number("written_ab") + report.Number("undelivered_ab"), report.Number("read_ab") - 1);
  // The client's FIN: the lost one is a 52-byte segment (IPv4, TCP with timestamps, no data).
  EXPECT_NE(report.facts.at("described_ab").find("(52 bytes): lost on the wire (rule 1)"), std::string::npos)
      << report.facts.at("described_ab");
  // No bound on the time taken: a tail loss probe may resend the FIN after
  // two round trips instead of the 200 ms RTO (measured: 31 ms under load).
}

TEST_P(WireLiveTest, AnMtuBelowTheHostsIsAnsweredWithFragNeededAndTcpAdapts) {
  WireConditions conditions;
  conditions.a_to_b.mtu = 1000;
  const LabReport report = WithTwoHosts(GetParam(), conditions, [](TwoHosts& hosts, LabReport* r, std::string* err) {
    return testing::TcpTransfer(hosts, "192.0.2.2", 64 << 10, r, err);
  });
  SKIP_OR_FAIL(report);
  EXPECT_EQ(report.Number("tcp_intact"), 1);
  EXPECT_GT(report.Number("dropped_ab_mtu"), 0);
  EXPECT_EQ(report.Number("too_big_ab"), report.Number("dropped_ab_mtu"));
  // Only the first flight is lost: the initial window (10 full segments)
  // leaves before the first answer comes back; after it host A sends
  // segments that fit, so far fewer than the transfer's ~45 are dropped.
  EXPECT_LE(report.Number("dropped_ab_mtu"), 12);
}

TEST_P(WireLiveTest, DelayEachWayIsAddedToEveryRoundTrip) {
  DirectionConditions slow;
  slow.delay = 20ms;
  const LabReport report = WithTwoHosts(GetParam(), WireConditions::Symmetric(slow, 1), [](TwoHosts& hosts, LabReport* r, std::string* err) {
    return testing::UdpPingPong(hosts.netns_a(), hosts.netns_b(), "192.0.2.1", "192.0.2.2", 10, 2000ms, r, "udp", err);
  });
  SKIP_OR_FAIL(report);
  EXPECT_EQ(report.Number("udp_echoed"), 10);
  // Never delivered early: a lower bound that load cannot break.
  EXPECT_GE(report.Number("udp_rtt_us"), 40'000);
}

// Asked, the wire says it holds nothing only once it delivered what it
// held: a datagram delayed 200 ms is answered for no earlier, and reaches
// B's socket (a run's captures drain after that answer). Asked again with nothing
// held, it answers at once (bounded loosely: the machine may be busy).
TEST_P(WireLiveTest, TheWireSaysItIsEmptyOnlyOnceItDeliveredWhatItHeld) {
  WireConditions conditions;
  conditions.a_to_b.delay = 200ms;
  const LabReport report = WithTwoHosts(GetParam(), conditions, [](TwoHosts& hosts, LabReport* r, std::string* err) {
    return testing::DatagramThenAskEmpty(hosts, "192.0.2.2", r, err);
  });
  SKIP_OR_FAIL(report);
  EXPECT_GE(report.Number("empty_ms"), 200);
  EXPECT_EQ(report.Number("delivered_at_answer"), 1);
  EXPECT_LT(report.Number("empty_again_ms"), 1000);
  EXPECT_EQ(report.Number("undelivered_ab"), 0);
}

TEST_P(WireLiveTest, UdpOverIpv6DocumentationAddresses) {
  HostInterfaceConfig a = Host("2001:db8::1/64");
  HostInterfaceConfig b = Host("2001:db8::2/64");
  a.ipv6 = b.ipv6 = true;
  const LabReport report = WithTwoHosts(GetParam(), 
      WireConditions{},
      [](TwoHosts& hosts, LabReport* r, std::string* err) {
        return testing::UdpPingPong(hosts.netns_a(), hosts.netns_b(), "2001:db8::1", "2001:db8::2", 50, 2000ms, r,
                                    "udp", err);
      },
      a, b);
  SKIP_OR_FAIL(report);
  // Ping 0 was lost under load (about 1 run in 3 with two busy loops on 2
  // cores) until the wire waited for the kernel's local route to an IPv6
  // address (WaitUntilAddressIsLocal): B dropped it though the wire had
  // delivered it.
  EXPECT_EQ(report.Number("udp_echoed"), 50) << "no echo for pings" << report.facts.at("udp_missed") << "; a->b read "
                                             << report.facts.at("read_ab") << ", b->a written "
                                             << report.facts.at("written_ba");
}

TEST_P(WireLiveTest, AnAddressOutsideTheDocumentationRangesIsRefused) {
  const LabReport report = WithTwoHosts(GetParam(), 
      WireConditions{}, [](TwoHosts&, LabReport*, std::string*) { return true; }, Host("10.0.0.1/24"));
  if (report.skipped.starts_with("user namespaces")) GTEST_SKIP() << report.skipped;
  EXPECT_EQ(report.failure,
            "10.0.0.1/24 is not a documentation address (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, "
            "2001:db8::/32) or in 127.0.0.0/8");
}

// A manual measurement, not a test (run with --gtest_also_run_disabled_tests
// --gtest_filter='*Measure*'): UDP ping-pong through the wire against plain
// lo inside one namespace, and a flood's packets per second forwarded.
TEST_P(WireLiveTest, DISABLED_MeasurePingPongAndThroughput) {
  const LabReport report = WithTwoHosts(GetParam(), WireConditions{}, [](TwoHosts& hosts, LabReport* r, std::string* err) {
    return testing::UdpPingPong(hosts.netns_a(), hosts.netns_a(), "127.0.0.1", "127.0.0.1", 20000, 1000ms, r, "lo", err) &&
           testing::UdpPingPong(hosts.netns_a(), hosts.netns_b(), "192.0.2.1", "192.0.2.2", 20000, 1000ms, r, "wire", err) &&
           testing::TcpTransfer(hosts, "192.0.2.2", 256 << 20, r, err) &&
           testing::UdpFlood(hosts.netns_a(), hosts.netns_a(), "127.0.0.1", "127.0.0.1", 500000, r, "lo", err) &&
           testing::UdpFlood(hosts.netns_a(), hosts.netns_b(), "192.0.2.1", "192.0.2.2", 500000, r, "wire", err);
  });
  SKIP_OR_FAIL(report);
  for (const auto& [key, value] : report.facts) {
    if (!key.starts_with("described") && !key.starts_with("drops")) std::cout << key << " = " << value << "\n";
  }
}

INSTANTIATE_TEST_SUITE_P(Devices, WireLiveTest, ::testing::Values(WireDevice::kTun, WireDevice::kVeth),
                         [](const ::testing::TestParamInfo<WireDevice>& device) { return WireDeviceName(device.param); });

}  // namespace
}  // namespace wirecheck::wire
