#include "harness/wire/interface_config.h"

#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/if_addr.h>
#include <linux/sockios.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "harness/wire/netlink_request.h"
#include "harness/wire/unique_fd.h"

namespace wirecheck::wire {
namespace {

std::string Reason(const std::string& step) { return step + ": " + std::strerror(errno); }

bool InterfaceIndex(const std::string& name, int* index, std::string* err) {
  *index = static_cast<int>(if_nametoindex(name.c_str()));
  if (*index == 0) *err = Reason("no interface " + name);
  return *index != 0;
}

}  // namespace

bool SetInterfaceUp(const std::string& name, std::uint32_t mtu, std::string* err) {
  UniqueFd fd(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) {
    *err = Reason("socket(AF_INET)");
    return false;
  }
  ifreq request{};
  std::strncpy(request.ifr_name, name.c_str(), IFNAMSIZ - 1);
  if (mtu != 0) {
    request.ifr_mtu = static_cast<int>(mtu);
    if (ioctl(fd.get(), SIOCSIFMTU, &request) != 0) {
      *err = Reason("setting the MTU of " + name + " to " + std::to_string(mtu));
      return false;
    }
  }
  if (ioctl(fd.get(), SIOCGIFFLAGS, &request) != 0) {
    *err = Reason("reading the flags of " + name);
    return false;
  }
  request.ifr_flags = static_cast<short>(request.ifr_flags | IFF_UP);
  if (ioctl(fd.get(), SIOCSIFFLAGS, &request) != 0) {
    *err = Reason("bringing up " + name);
    return false;
  }
  return true;
}

bool AddInterfaceAddress(const std::string& name, const WireAddress& address, std::string* err) {
  int index = 0;
  if (!InterfaceIndex(name, &index, err)) return false;
  ifaddrmsg body{};
  body.ifa_family = static_cast<unsigned char>(address.family);
  body.ifa_prefixlen = static_cast<unsigned char>(address.prefix);
  body.ifa_flags = address.family == AF_INET6 ? IFA_F_NODAD : 0;
  body.ifa_scope = RT_SCOPE_UNIVERSE;
  body.ifa_index = static_cast<unsigned>(index);
  NetlinkRequest request(RTM_NEWADDR, &body, sizeof body);
  request.Attribute(IFA_LOCAL, address.bytes.data(), address.bytes.size());
  request.Attribute(IFA_ADDRESS, address.bytes.data(), address.bytes.size());
  if (!request.Send()) {
    *err = Reason("adding " + address.text + " to " + name);
    return false;
  }
  return true;
}

bool WaitUntilAddressIsLocal(const WireAddress& address, int limit_ms, std::string* err) {
  for (int waited = 0;; ++waited) {
    rtmsg body{};
    body.rtm_family = static_cast<unsigned char>(address.family);
    body.rtm_dst_len = static_cast<unsigned char>(address.bytes.size() * 8);
    NetlinkRequest request(RTM_GETROUTE, &body, sizeof body);
    request.Attribute(RTA_DST, address.bytes.data(), address.bytes.size());
    std::vector<char> answer;
    if (request.Query(&answer) && answer.size() >= NLMSG_SPACE(sizeof(rtmsg)) &&
        static_cast<const rtmsg*>(NLMSG_DATA(reinterpret_cast<const nlmsghdr*>(answer.data())))->rtm_type ==
            RTN_LOCAL) {
      return true;
    }
    if (waited >= limit_ms) {
      *err = "the kernel did not take " + address.text + " as a local address within " + std::to_string(limit_ms) +
             " ms";
      return false;
    }
    usleep(1000);
  }
}

bool AddInterfaceRoute(const std::string& name, const WireAddress& destination, std::string* err) {
  int index = 0;
  if (!InterfaceIndex(name, &index, err)) return false;
  rtmsg body{};
  body.rtm_family = static_cast<unsigned char>(destination.family);
  body.rtm_dst_len = static_cast<unsigned char>(destination.prefix);
  body.rtm_table = RT_TABLE_MAIN;
  body.rtm_protocol = RTPROT_BOOT;
  body.rtm_scope = RT_SCOPE_LINK;
  body.rtm_type = RTN_UNICAST;
  NetlinkRequest request(RTM_NEWROUTE, &body, sizeof body);
  request.Attribute(RTA_DST, destination.bytes.data(), destination.bytes.size());
  request.Attribute(RTA_OIF, &index, sizeof index);
  if (!request.Send()) {
    *err = Reason("routing " + destination.text + " through " + name);
    return false;
  }
  return true;
}

bool DisableInterfaceOffloads(const std::string& name, std::string* err) {
  UniqueFd fd(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) {
    *err = Reason("socket(AF_INET)");
    return false;
  }
  // The legacy one-feature commands: no string set to look names up in.
  // Checksum offload first: segmentation depends on it.
  const struct {
    std::uint32_t command;
    const char* feature;
  } kOff[] = {{ETHTOOL_STXCSUM, "tx checksumming"},
              {ETHTOOL_STSO, "TCP segmentation offload"},
              {ETHTOOL_SGSO, "generic segmentation offload"},
              {ETHTOOL_SGRO, "generic receive offload"}};
  for (const auto& off : kOff) {
    ethtool_value value{};
    value.cmd = off.command;
    value.data = 0;
    ifreq request{};
    std::strncpy(request.ifr_name, name.c_str(), IFNAMSIZ - 1);
    request.ifr_data = reinterpret_cast<char*>(&value);
    // EOPNOTSUPP: the device has no such feature to turn off.
    if (ioctl(fd.get(), SIOCETHTOOL, &request) != 0 && errno != EOPNOTSUPP) {
      *err = Reason(std::string("turning off ") + off.feature + " on " + name);
      return false;
    }
  }
  return true;
}

bool DisableInterfaceIpv6(const std::string& name, std::string* err) {
  // /proc/sys/net is the network namespace of the thread that opens it.
  const std::string path = "/proc/sys/net/ipv6/conf/" + name + "/disable_ipv6";
  UniqueFd fd(open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd.valid() && errno == ENOENT && access("/proc/sys/net/ipv6", F_OK) != 0) return true;
  if (!fd.valid() || write(fd.get(), "1", 1) != 1) {
    *err = Reason("writing " + path);
    return false;
  }
  return true;
}

}  // namespace wirecheck::wire
