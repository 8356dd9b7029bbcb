#include "harness/sandbox/sock_diag.h"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace wirecheck {
namespace {

SocketEntry FromMessage(const inet_diag_msg& msg, SocketProtocol protocol, bool ipv6) {
  SocketEntry entry;
  entry.protocol = protocol;
  entry.ipv6 = ipv6;
  char text[INET6_ADDRSTRLEN];
  int family = ipv6 ? AF_INET6 : AF_INET;
  entry.local_address = inet_ntop(family, msg.id.idiag_src, text, sizeof text);
  entry.remote_address = inet_ntop(family, msg.id.idiag_dst, text, sizeof text);
  entry.local_port = ntohs(msg.id.idiag_sport);
  entry.remote_port = ntohs(msg.id.idiag_dport);
  entry.state = msg.idiag_state;
  entry.rx_queue = msg.idiag_rqueue;
  entry.tx_queue = msg.idiag_wqueue;
  entry.uid = msg.idiag_uid;
  entry.inode = msg.idiag_inode;
  if (protocol == SocketProtocol::kTcp && msg.idiag_state == static_cast<int>(TcpState::kListen)) {
    entry.backlog = msg.idiag_wqueue;  // sk_max_ack_backlog, as `ss -l` shows in Send-Q
  }
  return entry;
}

}  // namespace

bool QuerySockDiag(int netlink_fd, SocketProtocol protocol, bool ipv6,
                   std::vector<SocketEntry>* out, std::string* err, std::uint32_t tcp_states) {
  struct {
    nlmsghdr header;
    inet_diag_req_v2 request;
  } message{};
  message.header.nlmsg_len = sizeof message;
  message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  message.request.sdiag_family = static_cast<std::uint8_t>(ipv6 ? AF_INET6 : AF_INET);
  message.request.sdiag_protocol =
      static_cast<std::uint8_t>(protocol == SocketProtocol::kTcp ? IPPROTO_TCP : IPPROTO_UDP);
  message.request.idiag_states = protocol == SocketProtocol::kTcp ? tcp_states : ~0u;
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (sendto(netlink_fd, &message, sizeof message, 0, reinterpret_cast<sockaddr*>(&kernel),
             sizeof kernel) < 0) {
    *err = std::string("sock_diag request: ") + std::strerror(errno);
    return false;
  }
  alignas(nlmsghdr) char buffer[32768];
  while (true) {
    ssize_t n = recv(netlink_fd, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *err = std::string("sock_diag reply: ") + std::strerror(errno);
      return false;
    }
    auto remaining = static_cast<unsigned>(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(buffer); NLMSG_OK(h, remaining);
         h = NLMSG_NEXT(h, remaining)) {
      if (h->nlmsg_type == NLMSG_DONE) return true;
      if (h->nlmsg_type == NLMSG_ERROR) {
        auto* error = static_cast<nlmsgerr*>(NLMSG_DATA(h));
        *err = std::string("sock_diag: ") + std::strerror(-error->error);
        return false;
      }
      if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY) continue;
      out->push_back(FromMessage(*static_cast<inet_diag_msg*>(NLMSG_DATA(h)), protocol, ipv6));
    }
  }
}

}  // namespace wirecheck
