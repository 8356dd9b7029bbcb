#pragma once
// Network namespaces for the hosts of a wire, held by descriptors: the
// calling thread visits one to open what must live there (a TUN device, a
// socket) and comes back. What it opened stays in that namespace after.

#include <functional>
#include <string>

#include "harness/wire/unique_fd.h"

namespace wirecheck::wire {

/// A new network namespace with `lo` up, owned by the caller's user
/// namespace (needs CAP_SYS_ADMIN there). The calling thread stays in its
/// own. Invalid with *err: "unshare(CLONE_NEWNET): Operation not permitted".
UniqueFd MakeNetworkNamespace(std::string* err);

/// Runs `work` with the calling thread in `netns`'s network namespace, then
/// returns it to the one it was in (setns: CAP_SYS_ADMIN over both). False
/// with *err when it cannot go there or `work` fails; a failed return is
/// said as "cannot return to the original network namespace: ...".
bool RunInNetworkNamespace(int netns, const std::function<bool(std::string*)>& work, std::string* err);

}  // namespace wirecheck::wire
