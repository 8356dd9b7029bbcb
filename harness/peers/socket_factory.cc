#include "harness/peers/socket_factory.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace wirecheck {

int HostSocketFactory::Open(int domain, int type, int protocol, std::string* err) {
  const int fd = socket(domain, type | SOCK_CLOEXEC, protocol);
  if (fd < 0) *err = std::string("cannot open a socket: ") + std::strerror(errno);
  return fd;
}

}  // namespace wirecheck
