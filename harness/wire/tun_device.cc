#include "harness/wire/tun_device.h"

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>

namespace wirecheck::wire {

UniqueFd OpenTunDevice(const HostInterfaceConfig& config, std::string* err) {
  if (*err = CheckHostInterface(config); !err->empty()) return {};
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
  if (!ConfigureHostInterface(config, err)) return {};
  return fd;
}

}  // namespace wirecheck::wire
