#pragma once
// The socket tables through NETLINK_SOCK_DIAG (what `ss` uses), which, unlike
// /proc/net/tcp, gives a LISTEN socket's backlog (idiag_wqueue =
// sk_max_ack_backlog). The netlink socket answers for the network namespace it
// was created in: make it with Sandbox::OpenSocket(AF_NETLINK, SOCK_RAW,
// NETLINK_SOCK_DIAG) to see a run's sockets.

#include <cstdint>
#include <string>
#include <vector>

#include "harness/sandbox/socket_table.h"

namespace wirecheck {

/// Appends the sockets of one protocol and family to *out: for TCP those in
/// the states of `tcp_states` (bit 1 << TcpState; the kernel skips its
/// established hash when only LISTEN is asked for). False with *err.
bool QuerySockDiag(int netlink_fd, SocketProtocol protocol, bool ipv6,
                   std::vector<SocketEntry>* out, std::string* err, std::uint32_t tcp_states = ~0u);

}  // namespace wirecheck
