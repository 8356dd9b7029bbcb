#pragma once
// What only a live run observes, handed to the verifier beside the capture:
// plain data. Every part is optional: an absent fact makes its check
// inconclusive, never a pass.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "capture/analyzer.h"
#include "capture/conversation.h"
#include "harness/model/process_spec.h"
#include "reports/report.h"

namespace wirecheck {

/// An inclusive range of ports, e.g. the kernel's ip_local_port_range.
struct PortInterval {
  int from = 0;
  int to = 0;
  bool Contains(int port) const { return port >= from && port <= to; }
};

/// How one program of the run ended, with its output.
struct ProcessRun {
  std::string name;  // "server", "c-client 2"
  ProcessResult result;
};

/// When a program ran, in the capture's clock (ns since the epoch): from the
/// request to start it to the moment its end was seen, so never shorter than
/// its life.
struct TimeWindow {
  capture::Timestamp begin{};
  capture::Timestamp end{};
  bool Contains(capture::Timestamp t) const { return begin <= t && t <= end; }
};

/// A scripted peer's check, with the group it ran for (the server's or a
/// client group's `name`), whose grading entry `<group>.script` it belongs to.
struct ScriptedPeerCheck {
  std::string group;
  reports::Check check;
};

/// A run with a wire between its hosts: the capture on the client host's
/// side of it, and the wire's word on what it dropped. The checks judge the
/// server's side; this one only says which side a packet was seen on (sent
/// by a client, lost on the wire, never received).
struct ClientSideOfWire {
  std::shared_ptr<const capture::Trace> trace;  // never null
  std::uint64_t lost_packets = 0;               // that capture's kernel drops
  /// The wire's decision log of every packet it dropped, in order:
  /// "client->server #1 (44 bytes): lost on the wire (loss)".
  std::vector<std::string> wire_drops;
  std::uint64_t wire_drops_omitted = 0;  // dropped past the log's limit
  /// The packets the wire read each way (its own count; unset if unknown).
  /// The wire numbers them from 1 in the order it reads them, which is the
  /// order the sending host's capture saw them: where that capture holds as
  /// many, a drop's number names one packet of it (connection_sides).
  std::optional<std::uint64_t> wire_packets_to_server;
  std::optional<std::uint64_t> wire_packets_to_client;
};

/// What only the runner observes.
struct RunFacts {
  /// Once the run has settled after the clients, the welcome socket LISTENs
  /// (TCP), or a socket is bound to the server port (UDP).
  std::optional<bool> server_still_listening;
  /// The port listened while the process wirecheck started as the server had
  /// already ended: a process it left behind held the socket (it daemonised).
  bool server_left_listener = false;
  std::optional<int> listen_backlog;           // the welcome socket's backlog (sock_diag)
  std::optional<PortInterval> ephemeral_ports; // the run's ip_local_port_range
  /// Per client group (index into Scenario::clients): the local ports its
  /// clients connected from, for the group's `wire` expectations.
  std::vector<std::optional<std::vector<std::uint16_t>>> client_ports;
  /// Per client group of programs: when each ran. A connection whose SYN
  /// falls only within windows of one group is that group's (program clients'
  /// ports cannot be asked of the kernel once they have exited).
  std::vector<std::vector<TimeWindow>> client_windows;
  std::optional<ProcessRun> server;            // when the server is a program that was started
  /// Per client group: its programs' runs, 1 to count (fewer if the run stopped early).
  std::vector<std::vector<ProcessRun>> clients;
  /// Checks the scripted peers made of their expect / recvfrom /
  /// expect_close steps; passed through and graded as `scripts`.
  std::vector<ScriptedPeerCheck> script_checks;
  /// Only with a wire between hosts.
  std::optional<ClientSideOfWire> client_side;
};

}  // namespace wirecheck
