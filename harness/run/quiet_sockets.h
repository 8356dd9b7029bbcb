#pragma once
// "No socket of the run will send again": once every program has ended, a
// TCP socket still in a state that sends (a FIN not yet acknowledged, an
// orphan answering one) means segments are still to come on the wire. The
// runner waits for the run's socket tables to show none before it lets the
// capture drain, so the capture's end is a fact of the kernel, not a guess
// made from a quiet period.

#include <chrono>
#include <cstddef>
#include <vector>

#include "harness/sandbox/socket_table.h"

namespace wirecheck {

class SocketTableSource;

/// How many sockets in the snapshot may still send a segment by themselves:
/// TCP in SYN-SENT, SYN-RECV, ESTABLISHED, FIN-WAIT-1, CLOSE-WAIT, LAST-ACK
/// or CLOSING. TIME-WAIT, FIN-WAIT-2 and CLOSE only answer what comes; UDP
/// sends only when a program asks. Pure.
std::size_t SocketsStillSending(const std::vector<SocketEntry>& sockets);

/// Polls source (every millisecond) until SocketsStillSending() is 0 or
/// `bound` passes; the last count (0: quiet). Errors count as quiet: the
/// capture's own drain rule still applies.
std::size_t WaitForQuietSockets(SocketTableSource& source, std::chrono::milliseconds bound);

}  // namespace wirecheck
