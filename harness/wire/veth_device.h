#pragma once
// The wire's device for when /dev/net/tun cannot be opened: a veth pair per
// host, made by rtnetlink with the capabilities a user namespace gives
// (CAP_NET_ADMIN, CAP_NET_RAW, CAP_SYS_ADMIN over the namespaces). One end
// is the host's `wire0`; the other lies in the wire's own network namespace,
// where no program of the run can see it, and a packet socket on it reads
// and writes the host's IP packets. Both ends have fixed locally
// administered MACs and no ARP, so nothing but the hosts' IP packets
// crosses: the kernel addresses every frame to the sending device's own MAC
// (an IFF_NOARP neighbour), and the wire addresses its frames to the
// receiving host end's MAC.

#include <cstdint>
#include <memory>
#include <string>

#include "harness/wire/host_interface.h"
#include "harness/wire/wire_port.h"

namespace wirecheck::wire {

/// The MAC of side `side`'s host end (02:77:63:00:00:<side>) and of its
/// wire end (02:77:63:00:01:<side>): locally administered, never a real card's.
MacAddress VethHostMac(std::uint8_t side);
MacAddress VethWireMac(std::uint8_t side);

/// Makes the pair: the wire end `wire_name` in the calling thread's network
/// namespace (the wire's own), up, IPv6 off; the host end `config.name` made
/// straight in `host_netns` (IFLA_NET_NS_FD) and configured there as
/// ConfigureHostInterface does. Offloads off on both ends
/// (DisableInterfaceOffloads), so the port reads finished IP packets.
/// Returns the port on the wire end. Invalid with *err, e.g. "creating the
/// veth pair wire-a/wire0: Operation not supported" (no veth in the kernel).
std::unique_ptr<WirePort> OpenVethPort(int host_netns, const HostInterfaceConfig& config, const std::string& wire_name,
                                       std::uint8_t side, std::string* err);

}  // namespace wirecheck::wire
