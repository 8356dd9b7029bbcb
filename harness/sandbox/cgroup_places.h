#pragma once
// Where wirecheck's own cgroup is, in each hierarchy that can hold a run's
// memory or process cap: read from the text of /proc/self/mountinfo and
// /proc/self/cgroup, so the finding is tested without root or a given host
// layout. A host has either the unified hierarchy (cgroup v2: one mount, the
// "0::/path" line), or v1 hierarchies (one mount per controller or set of
// co-mounted controllers, one "N:memory:/path" line each), or both (hybrid
// mode, as systemd set it up before v252: v1 controllers at
// /sys/fs/cgroup/<controller>, a cgroup2 at /sys/fs/cgroup/unified that holds
// only what no v1 hierarchy took).

#include <string>
#include <string_view>
#include <vector>

namespace wirecheck {

enum class CgroupVersion { kV1, kV2 };

struct CgroupPlace {
  CgroupVersion version = CgroupVersion::kV2;
  /// wirecheck's own group there, absolute: /sys/fs/cgroup/memory/process_api/x.
  std::string own_group;
  /// v1: the controller is bound to this hierarchy. v2: always false here;
  /// the group's cgroup.controllers says what it may hand down.
  bool memory = false;
  bool pids = false;
};

/// The v1 hierarchies that hold memory or pids, each once (the first mount
/// of it from which wirecheck's group is reachable), and the first reachable
/// cgroup2 mount, in mountinfo's order. A mount whose root (a bind mount of
/// a sub-tree, a container's view) is not above wirecheck's group is not
/// reachable and is skipped.
std::vector<CgroupPlace> FindCgroupPlaces(std::string_view mountinfo, std::string_view proc_self_cgroup);

/// "key value" lines (memory.events, pids.events, memory.oom_control): the
/// value of key, 0 where the key is missing or not a number.
unsigned long long KeyedValue(std::string_view text, std::string_view key);

}  // namespace wirecheck
