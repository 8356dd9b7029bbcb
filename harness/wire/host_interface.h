#pragma once
// A host's end of the wire, `wire0` in its network namespace, whatever the
// device behind it (tun_device.h, veth_device.h): its addresses, routes and
// MTU, configured by ioctl and rtnetlink (interface_config.h).

#include <cstdint>
#include <string>
#include <vector>

namespace wirecheck::wire {

struct HostInterfaceConfig {
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

/// Empty when the name fits an interface and every address and route lies
/// in the allowed ranges; else why not. Checked before any device is made:
/// no device ever has another address.
std::string CheckHostInterface(const HostInterfaceConfig& config);

/// Configures the existing interface `config.name` of the calling thread's
/// network namespace: IPv6 off unless asked, MTU, up, addresses, routes.
bool ConfigureHostInterface(const HostInterfaceConfig& config, std::string* err);

}  // namespace wirecheck::wire
