#include "harness/sandbox/run_cgroup.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <string_view>
#include <system_error>
#include <thread>

namespace wirecheck {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// How long Close() goes on killing and removing. Processes killed while
// they fault memory in take a few ms to exit; a bound keeps a stuck one
// (in uninterruptible sleep on a dead NFS server) from hanging wirecheck.
constexpr auto kCloseBound = 3s;

std::string ErrorText(int error) { return std::error_code(error, std::generic_category()).message(); }

// cgroupfs files report size 0: read to the end.
bool ReadText(const std::string& path, std::string* out) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  out->clear();
  char buffer[4096];
  ssize_t got;
  while ((got = read(fd, buffer, sizeof buffer)) > 0) out->append(buffer, static_cast<std::size_t>(got));
  const int saved = errno;
  close(fd);
  errno = saved;
  return got == 0;
}

std::string ReadText(const std::string& path) {
  std::string text;
  return ReadText(path, &text) ? text : "";
}

// One write(): the kernel takes each write to a cgroup file as one value.
// False with errno.
bool WriteText(const std::string& path, const std::string& text) {
  const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const int saved = errno;
  close(fd);
  errno = saved;
  return ok;
}

bool Exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

// A whole-number file; "max" (no limit) and anything unreadable are 0.
std::uint64_t ReadNumber(const std::string& path) {
  const std::string text = ReadText(path);
  std::uint64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::vector<pid_t> Members(const std::string& group) {
  std::vector<pid_t> pids;
  const std::string text = ReadText(group + "/cgroup.procs");
  for (const char *p = text.data(), *end = p + text.size(); p < end; ++p) {
    pid_t pid = 0;
    p = std::from_chars(p, end, pid).ptr;
    if (pid > 0) pids.push_back(pid);
  }
  return pids;
}

// cgroup.controllers and cgroup.subtree_control: "cpu io memory pids\n".
bool HasWord(std::string_view text, std::string_view word) {
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = std::min(text.find_first_of(" \n", start), text.size());
    if (text.substr(start, end - start) == word) return true;
    start = end + 1;
  }
  return false;
}

std::string Controllers(bool memory, bool pids) {
  return memory && pids ? "memory and pids" : memory ? "memory" : "pids";
}

// Whether the v2 group `parent` (wirecheck's own) hands `controller` down to
// its children, enabling it in its cgroup.subtree_control if need be. Why not: *why.
bool EnableForChildren(const std::string& parent, const std::string& controller, std::string* why) {
  if (!HasWord(ReadText(parent + "/cgroup.controllers"), controller)) {
    *why = "cgroup v2 at " + parent + " does not have the " + controller +
           " controller (its parent does not delegate it)";
    return false;
  }
  if (HasWord(ReadText(parent + "/cgroup.subtree_control"), controller)) return true;
  if (WriteText(parent + "/cgroup.subtree_control", "+" + controller)) return true;
  if (errno == EBUSY) {
    *why = "cgroup v2: " + parent +
           " has processes in it (wirecheck among them), and the kernel lets no such group enable a controller "
           "for a child group (the no-internal-processes rule); start wirecheck in a leaf group of its own, below "
           "one that delegates memory and pids";
  } else {
    *why = "cannot enable " + controller + " for child groups in " + parent + "/cgroup.subtree_control (" +
           ErrorText(errno) + ")";
  }
  return false;
}

std::string MkdirFailure(const std::string& parent, int error) {
  std::string why = "cannot make a group in " + parent + " (" + ErrorText(error) + ")";
  if (error == EACCES || error == EPERM) why += ": wirecheck needs root, or a cgroup delegated to its user";
  if (error == EROFS) why += ": the cgroupfs is mounted read-only (as in most containers)";
  return why;
}

// Writes one value into the group; "" or why not.
std::string Set(const std::string& group, const std::string& file, const std::string& value) {
  if (WriteText(group + "/" + file, value)) return "";
  return "cannot write " + value + " to " + group + "/" + file + " (" + ErrorText(errno) + ")";
}

std::string SetV2Memory(const std::string& group, const CgroupLimits& limits) {
  // The one process over the cap is killed, not every process of the group:
  // the report can then name it, and the others go on to their own end.
  std::string why = Exists(group + "/memory.oom.group") ? Set(group, "memory.oom.group", "0") : "";
  if (why.empty() && limits.memory_bytes) why = Set(group, "memory.max", std::to_string(limits.memory_bytes));
  // Absent where the kernel has no swap accounting: no swap to cap.
  if (why.empty() && limits.memory_bytes && Exists(group + "/memory.swap.max")) {
    why = Set(group, "memory.swap.max", "0");
  }
  return why;
}

std::string SetV1Memory(const std::string& group, const CgroupLimits& limits) {
  // A v1 group inherits oom_kill_disable: with it, the kernel would stop a
  // program at the cap instead of killing it, and the run would hang there.
  std::string why;
  if (KeyedValue(ReadText(group + "/memory.oom_control"), "oom_kill_disable") != 0) {
    why = Set(group, "memory.oom_control", "0");
  }
  if (why.empty() && limits.memory_bytes) {
    why = Set(group, "memory.limit_in_bytes", std::to_string(limits.memory_bytes));
  }
  // memsw is memory + swap and may not be below limit_in_bytes, so it comes
  // second; it exists only with swap accounting (swapaccount=1).
  if (why.empty() && limits.memory_bytes && Exists(group + "/memory.memsw.limit_in_bytes")) {
    why = Set(group, "memory.memsw.limit_in_bytes", std::to_string(limits.memory_bytes));
  }
  return why;
}

// SIGKILL to each member. A pid read from cgroup.procs may exit and be
// reused by a process elsewhere before the signal: each is pinned first with
// a pidfd (Linux 5.3) and signalled only if still listed after that.
void KillMembers(const std::string& group) {
  const std::vector<pid_t> listed = Members(group);
#if defined(SYS_pidfd_open) && defined(SYS_pidfd_send_signal)
  std::vector<std::pair<pid_t, int>> pinned;
  for (pid_t pid : listed) {
    const int fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
    if (fd >= 0) {
      pinned.emplace_back(pid, fd);
    } else if (errno == ENOSYS) {
      kill(pid, SIGKILL);  // an older kernel: the small race stays
    }
  }
  const std::vector<pid_t> still = Members(group);
  for (const auto& [pid, fd] : pinned) {
    if (std::find(still.begin(), still.end(), pid) != still.end()) {
      syscall(SYS_pidfd_send_signal, fd, SIGKILL, nullptr, 0);
    }
    close(fd);
  }
#else
  for (pid_t pid : listed) kill(pid, SIGKILL);
#endif
}

// rmdir, again while the kernel still counts an exiting process in it.
// 0 or the errno.
int RemoveGroup(const std::string& path, Clock::time_point deadline) {
  for (;;) {
    if (rmdir(path.c_str()) == 0 || errno == ENOENT) return 0;
    if (errno != EBUSY || Clock::now() >= deadline) return errno;
    std::this_thread::sleep_for(5ms);
  }
}

}  // namespace

std::unique_ptr<RunCgroup> RunCgroup::Create(const CgroupLimits& limits, std::string* why_not) {
  std::string mountinfo, membership;
  if (!ReadText("/proc/self/mountinfo", &mountinfo) || !ReadText("/proc/self/cgroup", &membership)) {
    *why_not = "cannot read /proc/self/mountinfo and /proc/self/cgroup (" + ErrorText(errno) + ")";
    return nullptr;
  }
  std::string memory_why = "no cgroup hierarchy has the memory controller";
  std::string pids_why = "no cgroup hierarchy has the pids controller";
  std::unique_ptr<RunCgroup> group(new RunCgroup);
  group->MakeNodes(Parents(FindCgroupPlaces(mountinfo, membership), &memory_why, &pids_why), limits, &memory_why,
                   &pids_why);
  if (group->nodes_.empty()) {
    *why_not = memory_why == pids_why ? memory_why : memory_why + "; " + pids_why;
    if (FindCgroupPlaces(mountinfo, membership).empty()) {
      *why_not = "no cgroup hierarchy is mounted where wirecheck's own group can be reached (/proc/self/mountinfo)";
    }
    return nullptr;
  }
  for (int i = 0; i < static_cast<int>(group->nodes_.size()); ++i) {
    if (group->nodes_[i].memory) group->memory_ = i;
    if (group->nodes_[i].pids) group->pids_ = i;
  }
  if (group->memory_ < 0) group->missing_ += "; no memory cap: " + memory_why;
  if (group->pids_ < 0) group->missing_ += "; no process cap: " + pids_why;
  return group;
}

std::vector<RunCgroup::Node> RunCgroup::Parents(const std::vector<CgroupPlace>& places, std::string* memory_why,
                                                std::string* pids_why) {
  std::vector<Node> parents;
  bool v1_memory = false, v1_pids = false;
  for (const CgroupPlace& place : places) {
    if (place.version != CgroupVersion::kV1) continue;
    parents.push_back({CgroupVersion::kV1, place.own_group, place.memory, place.pids});
    v1_memory = v1_memory || place.memory;
    v1_pids = v1_pids || place.pids;
  }
  // A controller bound to a v1 hierarchy is never in cgroup.controllers.
  for (const CgroupPlace& place : places) {
    if (place.version != CgroupVersion::kV2) continue;
    Node node{CgroupVersion::kV2, place.own_group, false, false};
    node.memory = !v1_memory && EnableForChildren(place.own_group, "memory", memory_why);
    node.pids = !v1_pids && EnableForChildren(place.own_group, "pids", pids_why);
    if (node.memory || node.pids) parents.push_back(node);
  }
  return parents;
}

// One directory below each parent, under one name. A name already taken (a
// wirecheck of the same pid before a reboot of the container left it) is
// passed over. A parent whose directory or limits cannot be made is left
// out, and its controllers' *why says why.
void RunCgroup::MakeNodes(const std::vector<Node>& parents, const CgroupLimits& limits, std::string* memory_why,
                          std::string* pids_why) {
  static std::atomic<unsigned> counter{0};
  const auto fail = [&](const Node& node, const std::string& why) {
    if (node.memory) *memory_why = why;
    if (node.pids) *pids_why = why;
  };
  for (int attempt = 0; attempt < 16 && nodes_.empty(); ++attempt) {
    const std::string name = "wirecheck-run-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
    bool taken = false;
    for (const Node& parent : parents) {
      Node node = parent;
      node.path = parent.path + "/" + name;
      if (mkdir(node.path.c_str(), 0755) == 0) {
        nodes_.push_back(node);
      } else if (errno == EEXIST) {
        taken = true;
      } else {
        fail(parent, MkdirFailure(parent.path, errno));
      }
    }
    if (!taken) break;
    for (const Node& node : nodes_) rmdir(node.path.c_str());
    nodes_.clear();
  }
  std::vector<Node> made;
  for (const Node& node : nodes_) {
    std::string why;
    if (node.pids && limits.max_processes) why = Set(node.path, "pids.max", std::to_string(limits.max_processes));
    if (why.empty() && node.memory) {
      why = node.version == CgroupVersion::kV2 ? SetV2Memory(node.path, limits) : SetV1Memory(node.path, limits);
    }
    if (why.empty()) {
      made.push_back(node);
    } else {
      fail(node, why);
      rmdir(node.path.c_str());
    }
  }
  nodes_ = made;
}

bool RunCgroup::Add(pid_t pid, std::string* err) {
  for (const Node& node : nodes_) {
    if (!WriteText(node.path + "/cgroup.procs", std::to_string(pid))) {
      *err = "cannot move process " + std::to_string(pid) + " into " + node.path + " (" + ErrorText(errno) + ")";
      return false;
    }
  }
  return true;
}

CgroupUsage RunCgroup::Usage() const {
  CgroupUsage usage;
  if (memory_ >= 0) {
    const Node& node = nodes_[memory_];
    if (node.version == CgroupVersion::kV2) {
      usage.memory_peak_bytes = ReadNumber(node.path + "/memory.peak");
      usage.oom_kills = KeyedValue(ReadText(node.path + "/memory.events"), "oom_kill");
    } else {
      usage.memory_peak_bytes = ReadNumber(node.path + "/memory.max_usage_in_bytes");
      usage.oom_kills = KeyedValue(ReadText(node.path + "/memory.oom_control"), "oom_kill");
    }
  }
  if (pids_ >= 0) usage.process_cap_hits = KeyedValue(ReadText(nodes_[pids_].path + "/pids.events"), "max");
  return usage;
}

std::string RunCgroup::Describe() const {
  std::string text;
  for (const CgroupVersion version : {CgroupVersion::kV1, CgroupVersion::kV2}) {
    std::string paths;
    bool memory = false, pids = false;
    for (const Node& node : nodes_) {
      if (node.version != version) continue;
      paths += (paths.empty() ? "" : " and ") + node.path;
      memory = memory || node.memory;
      pids = pids || node.pids;
    }
    if (paths.empty()) continue;
    text += std::string(text.empty() ? "" : "; ") + (version == CgroupVersion::kV1 ? "cgroup v1 (" : "cgroup v2 (") +
            (memory && pids ? "memory, pids" : Controllers(memory, pids)) + ") at " + paths;
  }
  return text + missing_;
}

std::string RunCgroup::Kinds() const {
  std::string v1, v2;
  int v1_count = 0;
  for (const Node& node : nodes_) {
    std::string& kind = node.version == CgroupVersion::kV1 ? v1 : v2;
    kind += (kind.empty() ? "" : " and ") + Controllers(node.memory, node.pids);
    if (node.version == CgroupVersion::kV1) ++v1_count;
  }
  if (!v1.empty()) v1 = "cgroup v1 " + v1 + (v1_count > 1 ? " hierarchies" : " hierarchy");
  if (!v2.empty()) v2 = "cgroup v2: " + v2;
  return v1 + (v1.empty() || v2.empty() ? "" : " and ") + v2;
}

std::vector<std::string> RunCgroup::Paths() const {
  std::vector<std::string> paths;
  for (const Node& node : nodes_) paths.push_back(node.path);
  return paths;
}

bool RunCgroup::Close(std::string* err) {
  if (nodes_.empty()) return true;
  const auto deadline = Clock::now() + kCloseBound;
  for (const Node& node : nodes_) {
    // One write kills them all, a fork racing with it included (Linux 5.14).
    if (node.version == CgroupVersion::kV2 && Exists(node.path + "/cgroup.kill")) {
      WriteText(node.path + "/cgroup.kill", "1");
    }
  }
  for (auto delay = 1ms;; delay = std::min(delay * 2, 20ms)) {
    bool empty = true;
    for (const Node& node : nodes_) {
      if (Members(node.path).empty()) continue;
      empty = false;
      KillMembers(node.path);
    }
    if (empty || Clock::now() >= deadline) break;
    std::this_thread::sleep_for(delay);
  }
  std::string left;
  for (const Node& node : nodes_) {
    const int error = RemoveGroup(node.path, deadline);
    if (error == 0) continue;
    left += (left.empty() ? "" : "; ") + node.path + " (" + ErrorText(error) + ", " +
            std::to_string(Members(node.path).size()) + " processes in it)";
  }
  nodes_.clear();
  memory_ = pids_ = -1;
  if (!left.empty() && err) *err = "cannot remove a run's cgroup: " + left;
  return left.empty();
}

std::string CgroupSupport() {
  CgroupLimits probe;  // written into an empty group, to see that they can be
  probe.memory_bytes = 1ull << 30;
  probe.max_processes = 1024;
  std::string why_not;
  const std::unique_ptr<RunCgroup> group = RunCgroup::Create(probe, &why_not);
  if (!group) return "no cgroup for a run's limits: " + why_not;
  return group->Kinds() + (geteuid() == 0 ? " (root)" : " (delegated)") + group->missing_;
}

}  // namespace wirecheck
