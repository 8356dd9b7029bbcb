#pragma once
// A TUN device: the kernel's side is an interface of a network namespace,
// ours a descriptor that reads the IP packets the namespace sends through it
// and writes the ones it receives (IFF_TUN | IFF_NO_PI: bare IP packets).
// The descriptor keeps working from any namespace once the device is made.

#include <cstdint>
#include <string>
#include <vector>

#include "harness/wire/unique_fd.h"

namespace wirecheck::wire {

struct TunConfig {
  std::string name = "wire0";
  /// "192.0.2.1/24", "2001:db8::1/64": documentation ranges or 127/8 only (wire_address.h).
  std::vector<std::string> addresses;
  /// Further prefixes routed through the device ("198.51.100.0/24"), same ranges.
  std::vector<std::string> routes;
  std::uint32_t mtu = 1500;
  /// False: IPv6 off on the device, so only the hosts' own packets cross the
  /// wire. True (needed for IPv6 addresses): the kernel's IPv6 housekeeping
  /// (router solicitations, MLD) crosses it too.
  bool ipv6 = false;
};

/// Makes the device in the calling thread's network namespace, configures
/// it and returns its descriptor, non-blocking and close-on-exec. Needs
/// CAP_NET_ADMIN over the namespace and the right to open /dev/net/tun.
/// Invalid with *err: "cannot open /dev/net/tun: Permission denied".
UniqueFd OpenTunDevice(const TunConfig& config, std::string* err);

}  // namespace wirecheck::wire
