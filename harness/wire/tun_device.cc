#include "harness/wire/tun_device.h"

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "harness/wire/interface_config.h"
#include "harness/wire/wire_address.h"

namespace wirecheck::wire {
namespace {

bool Parse(const std::vector<std::string>& texts, std::vector<WireAddress>* out, std::string* err) {
  for (const std::string& text : texts) {
    std::optional<WireAddress> address = ParseWireAddress(text, err);
    if (!address) return false;
    out->push_back(*address);
  }
  return true;
}

bool Configure(const TunConfig& config, const std::vector<WireAddress>& addresses,
               const std::vector<WireAddress>& routes, std::string* err) {
  if (!config.ipv6 && !DisableInterfaceIpv6(config.name, err)) return false;
  if (!SetInterfaceUp(config.name, config.mtu, err)) return false;
  for (const WireAddress& address : addresses) {
    if (!AddInterfaceAddress(config.name, address, err)) return false;
  }
  for (const WireAddress& route : routes) {
    if (!AddInterfaceRoute(config.name, route, err)) return false;
  }
  return true;
}

}  // namespace

UniqueFd OpenTunDevice(const TunConfig& config, std::string* err) {
  if (config.name.empty() || config.name.size() >= IFNAMSIZ) {
    *err = "the TUN device's name \"" + config.name + "\" is not 1 to 15 characters";
    return {};
  }
  // Refused before anything is made: no device ever has another address.
  std::vector<WireAddress> addresses, routes;
  if (!Parse(config.addresses, &addresses, err) || !Parse(config.routes, &routes, err)) return {};
  UniqueFd fd(open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC));
  if (!fd.valid()) {
    *err = std::string("cannot open /dev/net/tun: ") + std::strerror(errno);
    return {};
  }
  ifreq request{};
  std::strncpy(request.ifr_name, config.name.c_str(), IFNAMSIZ - 1);
  request.ifr_flags = IFF_TUN | IFF_NO_PI;
  if (ioctl(fd.get(), TUNSETIFF, &request) != 0) {
    *err = "cannot make the TUN device " + config.name + " (TUNSETIFF): " + std::strerror(errno);
    return {};
  }
  if (!Configure(config, addresses, routes, err)) return {};
  return fd;
}

}  // namespace wirecheck::wire
