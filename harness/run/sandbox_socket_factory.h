#pragma once
// Scripted peers' sockets made inside the run's network namespace.

#include <string>

#include "harness/peers/socket_factory.h"

namespace wirecheck {

class Sandbox;

/// Sockets made by the run's init inside its network namespace.
class SandboxSocketFactory : public SocketFactory {
 public:
  explicit SandboxSocketFactory(Sandbox& sandbox) : sandbox_(sandbox) {}
  int Open(int domain, int type, int protocol, std::string* err) override;

 private:
  Sandbox& sandbox_;
};

}  // namespace wirecheck
