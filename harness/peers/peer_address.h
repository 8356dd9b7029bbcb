#pragma once
// The addresses of scripted peers' steps: "host:port" for connect and
// sendto, a port for listen and bind. Numeric hosts only (and `localhost`),
// so resolving never blocks on a name server.

#include <sys/socket.h>

#include <string>
#include <string_view>

#include "harness/model/scenario.h"

namespace wirecheck {

struct PeerAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;   // 0: no address

  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
  int family() const { return storage.ss_family; }
  bool empty() const { return length == 0; }
};

/// "127.0.0.1:6789", "[::1]:6789", "localhost:6789" (the family's loopback).
/// False with *err naming what is wrong.
bool ParseHostPort(std::string_view text, Scenario::Family family, PeerAddress* out, std::string* err);

/// "6789": the family's wildcard address on that port (0: the kernel picks).
bool ParseListenPort(std::string_view text, Scenario::Family family, PeerAddress* out, std::string* err);

/// An address read from the kernel (getsockname, recvfrom, ...).
PeerAddress MakePeerAddress(const sockaddr* address, socklen_t length);

/// "127.0.0.1:6789", "[::1]:6789"; "" for no address.
std::string FormatAddress(const PeerAddress& address);

/// Same family, address and port.
bool SameEndpoint(const PeerAddress& a, const PeerAddress& b);

/// The port of an IPv4 or IPv6 address; 0 otherwise.
int PortOf(const PeerAddress& address);

}  // namespace wirecheck
