#pragma once
// One side of the wire as the forwarder sees it: where a host's IP packets
// are read from and where the other host's are written to. Two kinds: a TUN
// device's descriptor (read/write bare IP packets) and a packet socket on
// the wire's end of a veth pair (recvfrom/sendto with the Ethernet header
// left to the kernel). The forwarder works on IP packets either way.

#include <sys/types.h>

#include <array>
#include <cstdint>
#include <memory>
#include <span>

#include "harness/wire/unique_fd.h"

namespace wirecheck::wire {

class WirePort {
 public:
  virtual ~WirePort() = default;
  /// The descriptor to wait on (readable when a packet waits); non-blocking.
  virtual int fd() const = 0;
  /// Reads one IP packet into `buffer`: its size; 0 for something read that
  /// is not one to forward (skip it); -1 with errno (EAGAIN: none waits).
  virtual ssize_t Read(std::span<std::uint8_t> buffer) = 0;
  /// Hands one IP packet to this side's host. False with errno when refused.
  virtual bool Write(std::span<const std::uint8_t> packet) = 0;
};

/// A TUN device's descriptor (tun_device.h), owned from here on.
std::unique_ptr<WirePort> MakeTunPort(UniqueFd tun);

/// A MAC address, for the veth kind.
using MacAddress = std::array<std::uint8_t, 6>;

/// An AF_PACKET SOCK_DGRAM socket bound to the wire's end of a veth pair
/// (interface `ifindex` of the namespace it was made in), owned from here
/// on. Reads what the host sent (its own outgoing frames ignored), IPv4 and
/// IPv6 only; writes frames addressed to `host_mac`, the host end's own
/// address, so the host's kernel takes them as its own (PACKET_HOST).
std::unique_ptr<WirePort> MakePacketPort(UniqueFd socket, int ifindex, const MacAddress& host_mac);

}  // namespace wirecheck::wire
