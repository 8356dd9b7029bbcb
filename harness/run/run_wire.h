#pragma once
// The wire of one run with hosts (a scenario with `network:`): a child of
// wirecheck in the run's user namespace (Sandbox::RunInside, as the capture
// is), outside the programs' PID namespace, so no program can see, signal
// or trace it. It makes an interface `wire0` in each host's network
// namespace (the server's: the run's own; the other host's: one init made
// and keeps), each with its host's address and a route to the other host
// only, and forwards every IP packet between them through the scheduler
// (harness/wire). `wire0` is a TUN device where /dev/net/tun opens, else
// one end of a veth pair whose other end lies in a network namespace of
// the wire's own (WIRECHECK_WIRE_DEVICE forces either). It never outlives
// the run: its parent-death signal and Sandbox::Close() end it. At
// Finish() it reports its decisions.

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>

#include "harness/run/run_hosts.h"
#include "harness/wire/wire_device.h"
#include "reports/report.h"

namespace wirecheck {

class Sandbox;

/// What the wire needs to know.
struct WirePlan {
  const NetworkHost* server = nullptr;   // its address goes on wire0 of the run's own network
  const NetworkHost* other = nullptr;    // may be null: one host, no peer
  bool ipv6 = false;
  wire::WireConditions conditions;
  wire::WireDevice device = wire::WireDevice::kTun;
  /// With veth chosen because TUN could not open: why not (TunDeviceProblem),
  /// said too if veth fails as well.
  std::string tun_problem;
};

/// Empty when /dev/net/tun can be opened for reading and writing here; else
/// why not, in words a user can act on (its mode and owner).
std::string TunDeviceProblem();

/// The environment variable that forces the wire's device: "tun", "veth",
/// or "auto" (the default: TUN where /dev/net/tun opens, else veth). A
/// property of the machine, not of a scenario: a scenario runs the same
/// over either.
inline constexpr char kWireDeviceVariable[] = "WIRECHECK_WIRE_DEVICE";

struct WireDeviceChoice {
  wire::WireDevice device = wire::WireDevice::kTun;
  std::string tun_problem;  // with veth chosen automatically: why not TUN
};

/// Which device the wire uses, given the variable's value (`forced`, null
/// when unset). False with *err for an unknown value
/// ("WIRECHECK_WIRE_DEVICE=tap: expected tun, veth or auto"), or TUN forced
/// where it cannot open (TunDeviceProblem()).
bool ChooseWireDevice(const char* forced, WireDeviceChoice* choice, std::string* err);

class RunWire {
 public:
  /// Forks the forwarder into the run. `other_network` is the other host's
  /// network namespace (Sandbox::OpenHostNetwork), or -1 without one; the
  /// caller keeps it. Null with *err.
  static std::unique_ptr<RunWire> Start(Sandbox& sandbox, const WirePlan& plan, int other_network,
                                        std::string* err);
  ~RunWire();
  RunWire(const RunWire&) = delete;
  RunWire& operator=(const RunWire&) = delete;

  /// Waits until both devices exist and are configured. False with *err
  /// ("cannot open /dev/net/tun: Permission denied", "creating the veth
  /// pair wire-a/wire0: ...", both when TUN was skipped and veth failed).
  bool WaitReady(std::string* err);
  /// Waits until the wire holds no packet (WireForwarder's EmptyQuestion):
  /// everything the hosts sent into it has been delivered or dropped. A
  /// run's captures drain only after that, so a packet the wire still held
  /// when the programs ended is seen at both ends; the wire keeps running
  /// (a host may still answer) until Finish(). False when it did not say
  /// so within `bound`.
  bool WaitEmpty(std::chrono::milliseconds bound);
  /// Stops the forwarder and fills the directions and drops of *summary
  /// from its decision log. False with *err when it did not report.
  bool Finish(reports::WireSummary* summary, std::string* err);

 private:
  RunWire(Sandbox& sandbox, pid_t pid, int stop_fd, int status_fd, int ask_fd, std::string tun_problem)
      : sandbox_(sandbox), pid_(pid), stop_fd_(stop_fd), status_fd_(status_fd), ask_fd_(ask_fd),
        tun_problem_(std::move(tun_problem)) {}
  Sandbox& sandbox_;
  pid_t pid_;
  int stop_fd_;     // write end: one byte stops the forwarder
  int status_fd_;   // read end: "R", "E <why>", then "N" when asked and empty, the report lines and "S"
  int ask_fd_;      // one byte asks "tell me when you hold nothing"
  std::string tun_problem_;  // WirePlan::tun_problem
  bool finished_ = false;
};

}  // namespace wirecheck
