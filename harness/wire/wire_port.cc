#include "harness/wire/wire_port.h"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace wirecheck::wire {
namespace {

class TunPort final : public WirePort {
 public:
  explicit TunPort(UniqueFd tun) : tun_(std::move(tun)) {}
  int fd() const override { return tun_.get(); }
  ssize_t Read(std::span<std::uint8_t> buffer) override { return read(tun_.get(), buffer.data(), buffer.size()); }
  bool Write(std::span<const std::uint8_t> packet) override {
    // A TUN write hands the packet to the namespace's stack; it does not block.
    return write(tun_.get(), packet.data(), packet.size()) == static_cast<ssize_t>(packet.size());
  }

 private:
  UniqueFd tun_;
};

class PacketPort final : public WirePort {
 public:
  PacketPort(UniqueFd socket, int ifindex, const MacAddress& host_mac)
      : socket_(std::move(socket)), ifindex_(ifindex), host_mac_(host_mac) {}
  int fd() const override { return socket_.get(); }

  ssize_t Read(std::span<std::uint8_t> buffer) override {
    sockaddr_ll from{};
    socklen_t size = sizeof from;
    const ssize_t n =
        recvfrom(socket_.get(), buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&from), &size);
    // ENETDOWN: the pair went down (a host's namespace ending with the run);
    // the error is reported once, and nothing is lost by reading on.
    if (n < 0) return errno == ENETDOWN ? 0 : n;
    // PACKET_IGNORE_OUTGOING already keeps our own writes out (Linux 4.20+);
    // the check stays for the frames of an older kernel.
    if (from.sll_pkttype == PACKET_OUTGOING) return 0;
    const std::uint16_t protocol = ntohs(from.sll_protocol);
    return protocol == ETH_P_IP || protocol == ETH_P_IPV6 ? n : 0;
  }

  bool Write(std::span<const std::uint8_t> packet) override {
    if (packet.empty()) {
      errno = EINVAL;
      return false;
    }
    sockaddr_ll to{};
    to.sll_family = AF_PACKET;
    to.sll_ifindex = ifindex_;
    to.sll_protocol = htons((packet[0] >> 4) == 6 ? ETH_P_IPV6 : ETH_P_IP);
    to.sll_halen = ETH_ALEN;
    std::memcpy(to.sll_addr, host_mac_.data(), ETH_ALEN);
    // veth hands the frame to its peer's backlog at once; a full one is
    // ENOBUFS, a lost packet like a full router queue.
    return sendto(socket_.get(), packet.data(), packet.size(), 0, reinterpret_cast<const sockaddr*>(&to),
                  sizeof to) == static_cast<ssize_t>(packet.size());
  }

 private:
  UniqueFd socket_;
  int ifindex_;
  MacAddress host_mac_;
};

}  // namespace

std::unique_ptr<WirePort> MakeTunPort(UniqueFd tun) { return std::make_unique<TunPort>(std::move(tun)); }

std::unique_ptr<WirePort> MakePacketPort(UniqueFd socket, int ifindex, const MacAddress& host_mac) {
  return std::make_unique<PacketPort>(std::move(socket), ifindex, host_mac);
}

}  // namespace wirecheck::wire
