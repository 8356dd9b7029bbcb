#pragma once
// "The run has settled": every thread of its programs waits for an event
// (run_activity.h) and no TCP segment is still crossing `lo`, so nothing in
// the run will change before an outside event (a packet from outside the
// run, a signal, a timer). A program that only reacts to what it receives
// has then done all it will do in answer to the clients: a fact of the
// kernel, reached at a moment that does not depend on how fast the program
// or the machine is. The runner reads the server's welcome socket there.

#include <chrono>
#include <cstddef>
#include <vector>

#include "harness/run/run_activity.h"
#include "harness/sandbox/socket_table.h"

namespace wirecheck {

class SocketTableSource;

/// TCP sockets with a segment still on its way: a SYN or a FIN not yet
/// acknowledged (SYN-SENT, SYN-RECV, FIN-WAIT-1, LAST-ACK, CLOSING) or bytes
/// sent and not yet acknowledged (tx_queue of an ESTABLISHED or CLOSE-WAIT
/// socket). LISTEN, FIN-WAIT-2, TIME-WAIT, CLOSE and UDP sockets wait. Pure.
std::size_t SegmentsInFlight(const std::vector<SocketEntry>& sockets);

struct Settling {
  bool settled = false;  // false: `bound` passed first (a program kept running)
  std::chrono::nanoseconds waited{};
};

/// Looks every millisecond until two looks in a row find the run settled
/// (no segment in flight, then every thread idle), or `bound` passes. A
/// table that cannot be read counts as not settled.
Settling WaitUntilSettled(RunActivity& activity, SocketTableSource& tables, std::chrono::milliseconds bound);

}  // namespace wirecheck
