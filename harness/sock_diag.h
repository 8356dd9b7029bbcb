#pragma once
// The socket tables through NETLINK_SOCK_DIAG (what `ss` uses), which, unlike
// /proc/net/tcp, gives a LISTEN socket's backlog (idiag_wqueue =
// sk_max_ack_backlog). The netlink socket answers for the network namespace it
// was created in: make it with Sandbox::OpenSocket(AF_NETLINK, SOCK_RAW,
// NETLINK_SOCK_DIAG) to see a run's sockets.

#include <string>
#include <vector>

#include "harness/socket_table.h"

namespace wirecheck {

/// Appends every socket of one protocol and family to *out. False with *err.
bool QuerySockDiag(int netlink_fd, SocketProtocol protocol, bool ipv6,
                   std::vector<SocketEntry>* out, std::string* err);

}  // namespace wirecheck
