#pragma once
// The kernel's socket tables as /proc/net/{tcp,tcp6,udp,udp6} print them,
// parsed into plain entries. Pure: the text comes from the caller
// (Sandbox::ReadNetFile), so the parser is tested from fixture text.
// Note: for a LISTEN socket these files show the accept queue's current
// length (rx_queue) but not its limit; the backlog comes from sock_diag.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wirecheck {

enum class SocketProtocol { kTcp, kUdp };

/// TCP states as the kernel numbers them (include/net/tcp_states.h).
enum class TcpState : std::uint8_t {
  kEstablished = 1, kSynSent, kSynRecv, kFinWait1, kFinWait2, kTimeWait,
  kClose, kCloseWait, kLastAck, kListen, kClosing, kNewSynRecv,
};

struct SocketEntry {
  SocketProtocol protocol = SocketProtocol::kTcp;
  bool ipv6 = false;
  std::string local_address;   // "127.0.0.1", "::1", "::"
  std::uint16_t local_port = 0;
  std::string remote_address;
  std::uint16_t remote_port = 0;
  std::uint8_t state = 0;       // TcpState for TCP; UDP: 7 (unconnected) or 1 (connected)
  std::uint32_t tx_queue = 0;
  std::uint32_t rx_queue = 0;   // LISTEN: connections waiting in the accept queue
  std::uint32_t uid = 0;
  std::uint64_t inode = 0;
  std::uint32_t backlog = 0;    // LISTEN: the accept queue's limit (sock_diag only; 0 unknown)
};

/// Parses one file's text. Lines that do not parse are skipped and counted in
/// *bad_lines (when given); the header line is not one of them.
std::vector<SocketEntry> ParseSocketTable(std::string_view text, SocketProtocol protocol,
                                          bool ipv6, int* bad_lines = nullptr);

/// "LISTEN", "ESTABLISHED", ... ("state 13" for an unknown one).
std::string TcpStateName(std::uint8_t state);

}  // namespace wirecheck
