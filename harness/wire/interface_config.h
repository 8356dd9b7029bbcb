#pragma once
// Configuring an interface of the calling thread's network namespace by
// ioctl and rtnetlink, never by running `ip`: up, MTU, addresses, routes.
// Errors say the step: "adding 192.0.2.1/24 to wire0: File exists".

#include <cstdint>
#include <string>

#include "harness/wire/wire_address.h"

namespace wirecheck::wire {

/// Sets the MTU (0 keeps it) and brings the interface up.
bool SetInterfaceUp(const std::string& name, std::uint32_t mtu, std::string* err);
/// Adds an address with its prefix (IPv6 without duplicate address
/// detection, so it is usable at once).
bool AddInterfaceAddress(const std::string& name, const WireAddress& address, std::string* err);
/// Waits (up to `limit_ms`) until the kernel delivers packets to `address`
/// locally: an IPv6 address's local route is added by the addrconf
/// workqueue after RTM_NEWADDR returns, even without DAD, so on a loaded
/// machine the first packets to a new address were dropped. IPv4's is
/// added at once.
bool WaitUntilAddressIsLocal(const WireAddress& address, int limit_ms, std::string* err);
/// Routes the destination prefix through the interface (a link route).
bool AddInterfaceRoute(const std::string& name, const WireAddress& destination, std::string* err);
/// Turns off the offloads that would hand a packet socket on the device's
/// peer something other than finished IP packets: checksums left to
/// hardware (CHECKSUM_PARTIAL: the bytes carry no valid checksum), and
/// TCP/generic segmentation and receive coalescing (one 64 KB "packet" for
/// many on the wire). A veth has them on by default; a TUN device off.
bool DisableInterfaceOffloads(const std::string& name, std::string* err);
/// Turns IPv6 off on the interface (no router solicitations, MLD or DAD
/// packets of the kernel's own on the wire). Where the kernel has no IPv6,
/// there is nothing to do.
bool DisableInterfaceIpv6(const std::string& name, std::string* err);

}  // namespace wirecheck::wire
