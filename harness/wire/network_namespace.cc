#include "harness/wire/network_namespace.h"

#include <fcntl.h>
#include <sched.h>

#include <cerrno>
#include <cstring>

#include "harness/wire/interface_config.h"

namespace wirecheck::wire {
namespace {

// The calling thread's own (a thread may be elsewhere than its process).
UniqueFd CurrentNetworkNamespace(std::string* err) {
  UniqueFd fd(open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) *err = std::string("cannot open /proc/thread-self/ns/net: ") + std::strerror(errno);
  return fd;
}

bool Return(int original, std::string* err) {
  if (setns(original, CLONE_NEWNET) == 0) return true;
  *err = std::string("cannot return to the original network namespace: ") + std::strerror(errno);
  return false;
}

}  // namespace

UniqueFd MakeNetworkNamespace(std::string* err) {
  UniqueFd original = CurrentNetworkNamespace(err);
  if (!original.valid()) return {};
  if (unshare(CLONE_NEWNET) != 0) {
    *err = std::string("unshare(CLONE_NEWNET): ") + std::strerror(errno);
    return {};
  }
  UniqueFd made = CurrentNetworkNamespace(err);
  const bool up = made.valid() && SetInterfaceUp("lo", 0, err);
  if (!Return(original.get(), err) || !up) return {};
  return made;
}

bool RunInNetworkNamespace(int netns, const std::function<bool(std::string*)>& work, std::string* err) {
  UniqueFd original = CurrentNetworkNamespace(err);
  if (!original.valid()) return false;
  if (setns(netns, CLONE_NEWNET) != 0) {
    *err = std::string("setns(CLONE_NEWNET): ") + std::strerror(errno);
    return false;
  }
  std::string work_err;
  const bool ok = work(&work_err);
  if (!Return(original.get(), err)) return false;
  if (!ok) *err = work_err;
  return ok;
}

}  // namespace wirecheck::wire
