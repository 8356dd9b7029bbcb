#include "harness/wire/veth_device.h"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "harness/wire/interface_config.h"
#include "harness/wire/netlink_request.h"
#include "harness/wire/network_namespace.h"

namespace wirecheck::wire {
namespace {

std::string Reason(const std::string& step) { return step + ": " + std::strerror(errno); }

// One RTM_NEWLINK: the wire end here, its peer made in `host_netns`.
bool CreatePair(int host_netns, const HostInterfaceConfig& config, const std::string& wire_name,
                std::uint8_t side, std::string* err) {
  ifinfomsg wire_end{};
  wire_end.ifi_family = AF_UNSPEC;
  wire_end.ifi_flags = IFF_NOARP;
  wire_end.ifi_change = IFF_NOARP;
  const MacAddress wire_mac = VethWireMac(side);
  const MacAddress host_mac = VethHostMac(side);
  const std::uint32_t mtu = config.mtu;
  NetlinkRequest request(RTM_NEWLINK, &wire_end, sizeof wire_end);
  request.Attribute(IFLA_IFNAME, wire_name.c_str(), wire_name.size() + 1);
  request.Attribute(IFLA_ADDRESS, wire_mac.data(), wire_mac.size());
  if (mtu != 0) request.Attribute(IFLA_MTU, &mtu, sizeof mtu);
  const std::size_t link_info = request.BeginNest(IFLA_LINKINFO);
  request.Attribute(IFLA_INFO_KIND, "veth", sizeof "veth");
  const std::size_t info_data = request.BeginNest(IFLA_INFO_DATA);
  const std::size_t peer = request.BeginNest(VETH_INFO_PEER);
  ifinfomsg host_end = wire_end;
  request.Append(&host_end, sizeof host_end);
  request.Attribute(IFLA_IFNAME, config.name.c_str(), config.name.size() + 1);
  request.Attribute(IFLA_ADDRESS, host_mac.data(), host_mac.size());
  if (mtu != 0) request.Attribute(IFLA_MTU, &mtu, sizeof mtu);
  const std::uint32_t netns = static_cast<std::uint32_t>(host_netns);
  request.Attribute(IFLA_NET_NS_FD, &netns, sizeof netns);
  request.EndNest(peer);
  request.EndNest(info_data);
  request.EndNest(link_info);
  if (request.Send()) return true;
  *err = Reason("creating the veth pair " + wire_name + "/" + config.name);
  return false;
}

// A packet socket on the wire end, bound once the wire end is up (bound to
// a device that is down, it reports ENETDOWN at its first read) and before
// the host end is: it misses none of the host's packets.
UniqueFd BindPacketSocket(int ifindex, const std::string& wire_name, std::string* err) {
  UniqueFd fd(socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ALL)));
  if (!fd.valid()) {
    *err = Reason("socket(AF_PACKET) for " + wire_name);
    return {};
  }
  const int one = 1;
  // ENOPROTOOPT before Linux 4.20: the port then skips PACKET_OUTGOING itself.
  if (setsockopt(fd.get(), SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one) != 0 && errno != ENOPROTOOPT) {
    *err = Reason("PACKET_IGNORE_OUTGOING on " + wire_name);
    return {};
  }
  const int buffer = 4 << 20;  // at most net.core.rmem_max without CAP_NET_ADMIN over the machine
  setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
  sockaddr_ll at{};
  at.sll_family = AF_PACKET;
  at.sll_protocol = htons(ETH_P_ALL);
  at.sll_ifindex = ifindex;
  if (bind(fd.get(), reinterpret_cast<sockaddr*>(&at), sizeof at) != 0) {
    *err = Reason("binding a packet socket to " + wire_name);
    return {};
  }
  return fd;
}

}  // namespace

MacAddress VethHostMac(std::uint8_t side) { return {0x02, 0x77, 0x63, 0x00, 0x00, side}; }
MacAddress VethWireMac(std::uint8_t side) { return {0x02, 0x77, 0x63, 0x00, 0x01, side}; }

std::unique_ptr<WirePort> OpenVethPort(int host_netns, const HostInterfaceConfig& config, const std::string& wire_name,
                                       std::uint8_t side, std::string* err) {
  if (*err = CheckHostInterface(config); !err->empty()) return nullptr;
  if (wire_name.empty() || wire_name.size() >= IFNAMSIZ) {
    *err = "the wire end's name \"" + wire_name + "\" is not 1 to 15 characters";
    return nullptr;
  }
  if (!CreatePair(host_netns, config, wire_name, side, err)) return nullptr;
  const int ifindex = static_cast<int>(if_nametoindex(wire_name.c_str()));
  if (ifindex == 0) {
    *err = Reason("no interface " + wire_name + " after making it");
    return nullptr;
  }
  if (!DisableInterfaceIpv6(wire_name, err) || !DisableInterfaceOffloads(wire_name, err)) return nullptr;
  if (!SetInterfaceUp(wire_name, 0, err)) return nullptr;
  UniqueFd socket = BindPacketSocket(ifindex, wire_name, err);
  if (!socket.valid()) return nullptr;
  const bool configured = RunInNetworkNamespace(
      host_netns,
      [&](std::string* e) { return DisableInterfaceOffloads(config.name, e) && ConfigureHostInterface(config, e); },
      err);
  if (!configured) return nullptr;
  return MakePacketPort(std::move(socket), ifindex, VethHostMac(side));
}

}  // namespace wirecheck::wire
