#include "harness/socket_factory.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "harness/sandbox.h"

namespace wirecheck {

int HostSocketFactory::Open(int domain, int type, int protocol, std::string* err) {
  const int fd = socket(domain, type | SOCK_CLOEXEC, protocol);
  if (fd < 0) *err = std::string("cannot open a socket: ") + std::strerror(errno);
  return fd;
}

int SandboxSocketFactory::Open(int domain, int type, int protocol, std::string* err) {
  return sandbox_.OpenSocket(domain, type, protocol, err);
}

}  // namespace wirecheck
