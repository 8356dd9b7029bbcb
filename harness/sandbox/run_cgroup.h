#pragma once
// A run's own cgroup: a memory cap and a process cap that hold for all of a
// run's programs together, whoever they run as (root included), and the
// kernel's count of what hit them, so a report can say "the client exceeded
// 256 MiB of memory and was killed". RLIMIT_NPROC and RLIMIT_AS cannot do
// this: they are per user or per process, and do not bind root.
//
// The group is made below the cgroup wirecheck itself is in, never elsewhere
// in the host's hierarchy, in whichever hierarchy holds each controller
// (cgroup_places.h): the unified one (v2), or the v1 memory and pids
// hierarchies, one directory in each. Only memory and pids are used.
//
// The caps hold against whatever the programs do, except write to the
// cgroupfs: root there could move itself out. A run's own filesystem
// (run_filesystem.h) shows no /sys.
//
// Charges stay where they were made: memory a process used before Add()
// counts against its old group. Add a program before it runs (between fork
// and exec), and its children are in the group from their fork on.

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "harness/sandbox/cgroup_places.h"

namespace wirecheck {

struct CgroupLimits {
  /// 0: no memory cap. With a cap, swap is capped to 0 where the kernel
  /// allows (v2 memory.swap.max, v1 memory.memsw.limit_in_bytes), so the cap
  /// is on RAM and swap together and a run cannot push others out to swap.
  std::uint64_t memory_bytes = 0;
  /// 0: no process cap. Counts tasks: threads too, and zombies not yet reaped.
  std::uint64_t max_processes = 0;
};

/// The kernel's own counters; 0 where the controller or the file is missing.
struct CgroupUsage {
  /// Highest memory use seen, page cache included (v2 memory.peak, Linux 5.19+;
  /// v1 memory.max_usage_in_bytes).
  std::uint64_t memory_peak_bytes = 0;
  /// Processes the kernel killed for the memory cap (memory.events oom_kill
  /// on v2, memory.oom_control oom_kill on v1, Linux 4.13+).
  std::uint64_t oom_kills = 0;
  /// Forks refused by the process cap (pids.events max).
  std::uint64_t process_cap_hits = 0;
};

class RunCgroup {
 public:
  /// A fresh group named wirecheck-run-<pid>-<counter>, with the limits set.
  /// Null with *why_not (a plain sentence) where neither memory nor pids can
  /// be had: not root and no delegated cgroup, no such controller, a
  /// read-only cgroupfs, the v2 no-internal-processes rule. Where only one of
  /// them can, the group has that one and Describe() says what is missing.
  static std::unique_ptr<RunCgroup> Create(const CgroupLimits& limits, std::string* why_not);

  ~RunCgroup() { Close(nullptr); }
  RunCgroup(const RunCgroup&) = delete;
  RunCgroup& operator=(const RunCgroup&) = delete;

  /// Moves pid (and so its future children) into the group, in every
  /// hierarchy. False with *err; pid may then be in some of them.
  bool Add(pid_t pid, std::string* err);
  /// Read before Close(): all 0 after it.
  CgroupUsage Usage() const;
  /// "cgroup v1 (memory, pids) at /sys/fs/cgroup/memory/x/wirecheck-run-7-0 and
  /// /sys/fs/cgroup/pids/wirecheck-run-7-0", and what is missing and why.
  std::string Describe() const;
  /// The group's directories, one per hierarchy; empty once closed.
  std::vector<std::string> Paths() const;
  /// Whether the group holds the controller (a limit of 0 still means no cap).
  bool has_memory() const { return memory_ >= 0; }
  bool has_pids() const { return pids_ >= 0; }

  /// Kills every process still in the group (cgroup.kill on v2 where the
  /// kernel has it, Linux 5.14+; else SIGKILL to each pid of cgroup.procs,
  /// again until none is left) and removes the directories. Gives up after
  /// about 3 s: false with *err (may be null) naming what is left. Once only;
  /// the destructor calls it.
  bool Close(std::string* err);

 private:
  struct Node {
    CgroupVersion version = CgroupVersion::kV2;
    std::string path;
    bool memory = false;
    bool pids = false;
  };
  RunCgroup() = default;
  /// wirecheck's own groups that the run's can go below, enabling v2
  /// controllers for children where they are not yet.
  static std::vector<Node> Parents(const std::vector<CgroupPlace>& places, std::string* memory_why,
                                   std::string* pids_why);
  void MakeNodes(const std::vector<Node>& parents, const CgroupLimits& limits, std::string* memory_why,
                 std::string* pids_why);
  /// "cgroup v1 memory and pids hierarchies": Describe() without the paths.
  std::string Kinds() const;
  friend std::string CgroupSupport();

  std::vector<Node> nodes_;
  int memory_ = -1;  // index in nodes_ of the one that holds memory; -1: none
  int pids_ = -1;
  std::string missing_;  // "; no process cap: <why>"
};

/// What this machine allows, found by making (and removing) a group, for
/// `wirecheck doctor`: "cgroup v2, delegated: memory and pids", "cgroup v1
/// memory and pids hierarchies (root)", or why there is none.
std::string CgroupSupport();

}  // namespace wirecheck
