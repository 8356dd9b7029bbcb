// wire_bench: what the user-space wire (harness/wire) costs a packet, against
// the plain loopback a run without `network:` uses, measured in one run.
//
// Each round starts a lab per device kind (a forked child in user + network
// namespaces of its own: two hosts, each in its network namespace with a
// TUN device or a veth end named wire0, and the WireForwarder between them
// on a thread, exactly as a run's wire child forwards) and, in that round,
// measures both paths back to back:
//   - UDP ping-pong: one datagram each way at a time; the mean round trip over
//     lo inside host A against A -> wire -> B -> wire -> A. The added latency
//     per packet per crossing is (wire - lo) / 2.
//   - UDP flood: 64-byte datagrams sent as fast as one thread can, lo against
//     the wire; datagrams received per second at the far end (the forwarder
//     is one thread: this is its forwarding rate).
// Rounds alternate the order of the two paths; medians over rounds are
// printed with the ratios. And the scheduler alone (pure, no I/O): its
// decisions per second with 10% loss and jitter, to show what of the cost is
// the wire's logic and what the kernel's TUN path.
//
// Needs user namespaces; a kind the machine cannot make (TUN where
// /dev/net/tun is 0600 and the caller is not root) is reported as skipped.
// Exit 2 when neither kind can be measured. scripts/bench-wire runs it beside the
// command-level comparison (`wirecheck run` with and without the wire).

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "harness/wire/wire_device.h"
#include "harness/wire/wire_scheduler.h"
#include "tests/wire/wire_lab.h"

namespace {

using namespace std::chrono_literals;
using wirecheck::wire::Direction;
using wirecheck::wire::HostInterfaceConfig;
using wirecheck::wire::WireDevice;
using wirecheck::wire::WireConditions;
using wirecheck::wire::WireScheduler;
using wirecheck::wire::testing::LabReport;
using wirecheck::wire::testing::RunInLab;
using wirecheck::wire::testing::TwoHosts;

struct Options {
  int rounds = 5;
  int pings = 5000;
  int flood = 200000;
};

struct Round {
  double lo_rtt_us = 0, wire_rtt_us = 0;
  double lo_pps = 0, wire_pps = 0;
  double lo_flood_received = 0, wire_flood_received = 0;
  double wire_flood_read = 0;  // of the flood, what the forwarder read from A's device
};

HostInterfaceConfig Host(const std::string& address) {
  HostInterfaceConfig config;
  config.addresses = {address};
  return config;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

// One lab, both paths; `wire_first` alternates which goes first. *skipped
// when the machine cannot make this kind of device.
bool MeasureRound(const Options& options, WireDevice device, bool wire_first, Round* round, std::string* why,
                  bool* skipped) {
  const LabReport report = RunInLab(
      [&](LabReport* r) {
        TwoHosts hosts;
        std::string err;
        bool skipped = false;
        if (!hosts.Start(device, WireConditions{}, Host("192.0.2.1/24"), Host("192.0.2.2/24"), &err, &skipped)) {
          (skipped ? r->skipped : r->failure) = err;
          return;
        }
        using wirecheck::wire::testing::UdpFlood;
        using wirecheck::wire::testing::UdpPingPong;
        const auto lo = [&] {
          return UdpPingPong(hosts.netns_a(), hosts.netns_a(), "127.0.0.1", "127.0.0.1", options.pings, 1000ms, r,
                             "lo", &err) &&
                 UdpFlood(hosts.netns_a(), hosts.netns_a(), "127.0.0.1", "127.0.0.1", options.flood, r, "lo", &err);
        };
        const auto wire = [&] {
          return UdpPingPong(hosts.netns_a(), hosts.netns_b(), "192.0.2.1", "192.0.2.2", options.pings, 1000ms, r,
                             "wire", &err) &&
                 UdpFlood(hosts.netns_a(), hosts.netns_b(), "192.0.2.1", "192.0.2.2", options.flood, r, "wire", &err);
        };
        const bool ok = wire_first ? (wire() && lo()) : (lo() && wire());
        std::string stop_err;
        if (!hosts.Stop(&stop_err)) err += (err.empty() ? "" : "; ") + stop_err;
        if (!ok || !stop_err.empty()) r->failure = err;
        wirecheck::wire::testing::ReportWire(hosts.forwarder(), r);
      },
      300s);
  if (!report.skipped.empty() || !report.failure.empty()) {
    *skipped = !report.skipped.empty();
    *why = report.skipped.empty() ? report.failure : report.skipped;
    return false;
  }
  round->lo_rtt_us = static_cast<double>(report.Number("lo_rtt_us"));
  round->wire_rtt_us = static_cast<double>(report.Number("wire_rtt_us"));
  round->lo_pps = static_cast<double>(report.Number("lo_flood_pps"));
  round->wire_pps = static_cast<double>(report.Number("wire_flood_pps"));
  round->lo_flood_received = static_cast<double>(report.Number("lo_flood_received"));
  round->wire_flood_received = static_cast<double>(report.Number("wire_flood_received"));
  // A -> B carried the pings (one each) and the flood.
  round->wire_flood_read = static_cast<double>(report.Number("read_ab") - options.pings);
  return true;
}

// The scheduler's decisions per second on 64-byte packets, both directions,
// 10% loss and 1 ms +- 0.5 ms of delay: the wire's own logic, with no I/O.
double SchedulerDecisionsPerSecond() {
  wirecheck::wire::DirectionConditions both;
  both.loss = 0.10;
  both.delay = 1ms;
  both.jitter = 500us;
  const WireConditions conditions = WireConditions::Symmetric(both, 42);
  WireScheduler scheduler(conditions, 0);
  std::vector<std::uint8_t> packet(64, 0);
  packet[0] = 0x45;  // IPv4, 20-byte header
  packet[9] = 17;    // UDP
  constexpr int kPackets = 2'000'000;
  const auto start = std::chrono::steady_clock::now();
  auto now = start;
  std::uint64_t delivered = 0;
  for (int i = 0; i < kPackets; ++i) {
    now += 1us;
    const auto decision = scheduler.Decide(packet, i % 2 == 0 ? Direction::kAToB : Direction::kBToA, now);
    delivered += static_cast<std::uint64_t>(decision.copies);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (delivered == 0) std::fprintf(stderr, "wire_bench: the scheduler delivered nothing\n");
  return kPackets / seconds;
}

int ParseInt(const char* text, const char* flag) {
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || value <= 0 || value > 100'000'000) {
    std::fprintf(stderr, "wire_bench: %s wants a positive number, not '%s'\n", flag, text);
    std::exit(2);
  }
  return static_cast<int>(value);
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--rounds" || arg == "--pings" || arg == "--flood") && i + 1 < argc) {
      const int value = ParseInt(argv[++i], arg.c_str());
      (arg == "--rounds" ? options.rounds : arg == "--pings" ? options.pings : options.flood) = value;
    } else {
      std::fprintf(stderr, "usage: wire_bench [--rounds N] [--pings N] [--flood N]\n");
      return 2;
    }
  }
  std::printf("wire overhead (%d rounds, medians; each round: lo and the wire in one lab, order alternating)\n",
              options.rounds);
  int measured = 0;
  for (const WireDevice device : {WireDevice::kTun, WireDevice::kVeth}) {
    const char* kind = wirecheck::wire::WireDeviceName(device);
    std::vector<Round> rounds;
    std::string why;
    bool skipped = false;
    for (int i = 0; i < options.rounds; ++i) {
      Round round;
      if (!MeasureRound(options, device, i % 2 == 1, &round, &why, &skipped)) break;
      rounds.push_back(round);
    }
    if (skipped) {
      std::printf("  %-4s  skipped: %s\n", kind, why.c_str());
      continue;
    }
    if (static_cast<int>(rounds.size()) < options.rounds) {
      std::fprintf(stderr, "wire_bench: the wire over %s failed: %s\n", kind, why.c_str());
      return 1;
    }
    ++measured;
    const auto median = [&](double Round::*field) {
      std::vector<double> values;
      for (const Round& round : rounds) values.push_back(round.*field);
      return Median(values);
    };
    const double lo_rtt = median(&Round::lo_rtt_us), wire_rtt = median(&Round::wire_rtt_us);
    const double lo_pps = median(&Round::lo_pps), wire_pps = median(&Round::wire_pps);
    std::printf("  %-4s  UDP round trip, %d pings   lo %7.1f us   wire %7.1f us   ratio %5.2f\n", kind, options.pings,
                lo_rtt, wire_rtt, lo_rtt > 0 ? wire_rtt / lo_rtt : 0.0);
    std::printf("  %-4s  added per packet per crossing               %7.1f us\n", kind, (wire_rtt - lo_rtt) / 2);
    std::printf("  %-4s  64-byte flood, %d sent  lo %7.0f/s    wire %7.0f/s    ratio %5.2f\n", kind, options.flood,
                lo_pps, wire_pps, lo_pps > 0 ? wire_pps / lo_pps : 0.0);
    std::printf("  %-4s  flood received             lo %7.0f      wire %7.0f   (the forwarder read %.0f; the rest\n"
                "        were dropped before it could: the TUN queue, the packet socket's buffer)\n",
                kind, median(&Round::lo_flood_received), median(&Round::wire_flood_received),
                median(&Round::wire_flood_read));
  }
  const double scheduler_rate = SchedulerDecisionsPerSecond();
  std::printf("  the scheduler alone (10%% loss, jitter)            %7.0f decisions/s (%.0f ns each)\n", scheduler_rate,
              1e9 / scheduler_rate);
  if (measured == 0) {
    std::fprintf(stderr, "wire_bench: neither kind of wire device can be made here\n");
    return 2;
  }
  return 0;
}
