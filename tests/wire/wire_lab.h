#pragma once
// For the live wire tests: a forked child in user + network namespaces of its
// own (the "lab"), two hosts in network namespaces of their own joined by
// TUN devices or veth pairs (their wire ends in a third namespace, the
// wire's) to a forwarder running on a thread of the lab, and the
// traffic between them. The lab answers with plain facts; the test asserts
// on them in the parent (GoogleTest's assertions in a child are lost).

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "harness/wire/host_interface.h"
#include "harness/wire/unique_fd.h"
#include "harness/wire/wire_device.h"
#include "harness/wire/wire_forwarder.h"

namespace wirecheck::wire::testing {

/// What a lab found: facts, or why it could not run (skipped) or broke (failure).
struct LabReport {
  std::map<std::string, std::string> facts;
  std::string skipped;
  std::string failure;

  long long Number(const std::string& key) const;
};

/// Runs `body` in a forked child that unshares its user and network
/// namespaces (the caller's uid is root inside). The child is killed at
/// `deadline` (its pid only) and the report says so. A kernel that refuses
/// the namespaces, a /dev/net/tun the caller may not open, or a kernel
/// without veth, is `skipped`.
LabReport RunInLab(const std::function<void(LabReport*)>& body, std::chrono::seconds deadline);

/// Host A (192.0.2.1) and host B (192.0.2.2), each in its network namespace
/// with an interface "wire0" in 192.0.2.0/24 (a TUN device or a veth end),
/// and the forwarder between them on a thread. Stops and joins at Stop() or
/// destruction.
class TwoHosts {
 public:
  /// False with *err; `skipped` set when the failure is the environment's.
  bool Start(WireDevice device, const WireConditions& conditions, HostInterfaceConfig a, HostInterfaceConfig b,
             std::string* err, bool* skipped);
  /// Stops the forwarder; its counts and log are final afterwards.
  bool Stop(std::string* err);
  /// Asks the forwarder to say when it holds nothing (EmptyQuestion); true
  /// once it said so within `bound`.
  bool WaitEmpty(std::chrono::milliseconds bound);
  ~TwoHosts();

  int netns_a() const { return netns_a_.get(); }
  int netns_b() const { return netns_b_.get(); }
  const WireForwarder& forwarder() const { return *forwarder_; }

 private:
  UniqueFd netns_a_, netns_b_, netns_wire_, stop_;
  UniqueFd ask_read_, ask_write_, answered_;  // the question (a pipe: one byte) and its answer (an eventfd)
  std::unique_ptr<WireForwarder> forwarder_;
  std::thread thread_;
  std::string run_err_;
  bool run_ok_ = true;
};

/// A socket made in `netns` (it stays there), with send and receive
/// timeouts of `timeout`. Invalid with *err.
UniqueFd SocketIn(int netns, int family, int type, std::chrono::milliseconds timeout, std::string* err);

/// Host A sends `bytes` over TCP to host B at `server`; B counts and hashes
/// what it gets until EOF and answers "<count> <hash>". Facts: tcp_sent,
/// tcp_received, tcp_intact (1 when B got exactly what A sent), tcp_ms.
bool TcpTransfer(const TwoHosts& hosts, const std::string& server, std::size_t bytes, LabReport* report,
                 std::string* err);

/// Host A sends `count` datagrams to B at `server`, one at a time, each
/// waiting up to `wait` for B's echo. Facts: udp_sent, udp_echoed,
/// udp_rtt_us (mean round trip of the echoed ones), udp_missed (the numbers
/// of the pings without an echo, " 0 7").
bool UdpPingPong(int client_netns, int server_netns, const std::string& client, const std::string& server,
                 int count, std::chrono::milliseconds wait, LabReport* report, const std::string& prefix,
                 std::string* err);

/// Host A sends `count` 64-byte UDP datagrams to B as fast as it can (for
/// measuring only). Facts: <prefix>_flood_received, <prefix>_flood_pps
/// (received per second, from the first send to the last datagram received).
bool UdpFlood(int client_netns, int server_netns, const std::string& client, const std::string& server, int count,
              LabReport* report, const std::string& prefix, std::string* err);

/// Host A sends one UDP datagram to B at `server`, then asks the wire to
/// say when it holds nothing, twice. Facts: empty_ms (from the send to the
/// first answer), delivered_at_answer (1 when B's socket had the datagram
/// within 100 ms of the answer), empty_again_ms (the second answer, nothing
/// held).
bool DatagramThenAskEmpty(TwoHosts& hosts, const std::string& server, LabReport* report, std::string* err);

/// The scheduler's log as facts: drops_<dir> ("3 loss,17 loss"), and the
/// forwarder's counts: read_<dir>, written_<dir>, undelivered_<dir> (waiting at the stop),
/// too_big_<dir>, dropped_<dir>_<reason>.
void ReportWire(const WireForwarder& forwarder, LabReport* report);

}  // namespace wirecheck::wire::testing
