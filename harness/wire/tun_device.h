#pragma once
// A TUN device: the kernel's side is an interface of a network namespace,
// ours a descriptor that reads the IP packets the namespace sends through it
// and writes the ones it receives (IFF_TUN | IFF_NO_PI: bare IP packets).
// The descriptor keeps working from any namespace once the device is made.

#include <string>

#include "harness/wire/host_interface.h"
#include "harness/wire/unique_fd.h"

namespace wirecheck::wire {

/// Makes the device in the calling thread's network namespace, configures
/// it and returns its descriptor, non-blocking and close-on-exec. Needs
/// CAP_NET_ADMIN over the namespace and the right to open /dev/net/tun.
/// Invalid with *err: "cannot open /dev/net/tun: Permission denied".
UniqueFd OpenTunDevice(const HostInterfaceConfig& config, std::string* err);

}  // namespace wirecheck::wire
