#pragma once
// The seam through which scripted peers get their sockets. The runner passes
// a SandboxSocketFactory (harness/run/), so every socket is made inside the
// run's network namespace; tests pass a HostSocketFactory.

#include <string>

namespace wirecheck {

class SocketFactory {
 public:
  virtual ~SocketFactory() = default;
  /// A new socket(domain, type, protocol) owned by the caller; -1 with *err
  /// when the environment refuses one (EMFILE, a broken sandbox, ...).
  virtual int Open(int domain, int type, int protocol, std::string* err) = 0;
};

/// socket() in wirecheck's own network namespace.
class HostSocketFactory : public SocketFactory {
 public:
  int Open(int domain, int type, int protocol, std::string* err) override;
};

}  // namespace wirecheck
