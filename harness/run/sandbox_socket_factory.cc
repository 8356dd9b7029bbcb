#include "harness/run/sandbox_socket_factory.h"

#include "harness/sandbox/sandbox.h"

namespace wirecheck {

int SandboxSocketFactory::Open(int domain, int type, int protocol, std::string* err) {
  return sandbox_.OpenSocket(domain, type, protocol, err);
}

}  // namespace wirecheck
