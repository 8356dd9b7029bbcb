#include "harness/sandbox/namespaces.h"

#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "harness/sandbox/frame_channel.h"
#include "harness/sandbox/run_filesystem.h"
#include "harness/sandbox/sandbox_init.h"

namespace wirecheck {
namespace {

bool WriteFile(const std::string& path, const std::string& text) {
  int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  int saved = errno;
  close(fd);
  errno = saved;
  return ok;
}

bool WriteProcFile(pid_t pid, const char* name, const std::string& text) {
  return WriteFile("/proc/" + std::to_string(pid) + "/" + name, text);
}

// Maps the caller's ids to root inside. Root with `run_as` maps the run's
// root to those unprivileged host ids; root without it gets the identity map
// of every id (files keep their owner, and root its rights); anyone else
// gets the one-id map an unprivileged user may write.
bool WriteIdMaps(pid_t pid, const ProgramIdentity& run_as, std::string* step) {
  if (geteuid() == 0 && run_as.uid && run_as.gid) {
    *step = "writing uid_map";
    if (!WriteProcFile(pid, "uid_map", "0 " + std::to_string(*run_as.uid) + " 1\n")) return false;
    *step = "writing gid_map";
    return WriteProcFile(pid, "gid_map", "0 " + std::to_string(*run_as.gid) + " 1\n");
  }
  if (geteuid() == 0 && WriteProcFile(pid, "uid_map", "0 0 4294967295\n") &&
      WriteProcFile(pid, "gid_map", "0 0 4294967295\n")) {
    return true;
  }
  *step = "writing uid_map";
  if (!WriteProcFile(pid, "uid_map", "0 " + std::to_string(geteuid()) + " 1\n")) return false;
  *step = "writing setgroups";
  if (!WriteProcFile(pid, "setgroups", "deny")) return false;
  *step = "writing gid_map";
  return WriteProcFile(pid, "gid_map", "0 " + std::to_string(getegid()) + " 1\n");
}


bool AppArmorRestrictsUserNamespaces() {
  std::ifstream in("/proc/sys/kernel/apparmor_restrict_unprivileged_userns");
  int value = 0;
  return static_cast<bool>(in >> value) && value != 0;
}

// The keeper: between fork and init. Reports on sync: "user" once it is in
// the new user namespace, then "ok <init pid> <ports from> <to>", or
// "fail <errno> <step>" ("fsfail" when the run's filesystem could not be
// built). With a view, the run gets its own mount namespace and filesystem
// (run_filesystem.h): the keeper opens the folders while it still has the
// caller's rights on the host's files, init builds the root from them.
[[noreturn]] void RunKeeper(pid_t parent, int sync_fd, int channel_fd, bool become_run_root,
                            const FilesystemView* view) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(1);
  CloseDescriptorsExcept({sync_fd, channel_fd});
  FrameChannel sync(sync_fd);
  std::string err;
  auto fail = [&](const std::string& step, const char* verdict = "fail") {
    sync.Send(std::string(verdict) + " " + std::to_string(errno) + " " + step, -1, &err);
    _exit(1);
  };
  if (unshare(CLONE_NEWUSER) != 0) fail("unshare(CLONE_NEWUSER)");
  sync.Send("user", -1, &err);
  if (!sync.Receive(&err)) _exit(1);  // wirecheck wrote the id maps (or gave up)
  RunFilesystem filesystem;
  if (view != nullptr) {
    if (unshare(CLONE_NEWNS) != 0) fail("unshare(CLONE_NEWNS)");
    // Nothing mounted here reaches the host, nor the host's later mounts the run.
    if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) fail("making the run's mounts private");
    FilesystemFailure failure;
    if (!filesystem.Open(*view, &failure)) {
      errno = failure.error_number;
      fail(failure.step, "fsfail");
    }
    if (chdir("/") != 0) fail("chdir(/)");  // hold nothing of the old root once it is detached
  }
  // Root's run mapped to an unprivileged user: the keeper is still the host's
  // root (unmapped inside) until it becomes the run's root, that user.
  if (become_run_root && (setgroups(0, nullptr) != 0 || setresgid(0, 0, 0) != 0 || setresuid(0, 0, 0) != 0)) {
    fail("becoming the run's user");
  }
  if (unshare(CLONE_NEWNET | CLONE_NEWPID) != 0) fail("unshare(CLONE_NEWNET|CLONE_NEWPID)");
  if (!BringLoopbackUp()) fail("bringing up lo");
  // Programs run without capabilities (privileges.h); in their own network
  // every port may be bound, as root could (a lecture's server on port 80).
  // (/proc/sys/net is the caller's network namespace: the new one.)
  WriteFile("/proc/sys/net/ipv4/ip_unprivileged_port_start", "0");
  int from = 0, to = 0;  // the new namespace's own range, not the host's
  std::ifstream("/proc/sys/net/ipv4/ip_local_port_range") >> from >> to;
  int built[2];  // init -> keeper: empty at EOF once the filesystem is built, else "<errno> <step>"
  if (pipe2(built, O_CLOEXEC) != 0) fail("pipe");
  pid_t init = fork();
  if (init < 0) fail("fork");
  if (init == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    // getppid() is 0 for PID 1: the keeper is outside its namespace. Had
    // the keeper died already, wirecheck did too and the channel says so.
    close(sync_fd);
    close(built[0]);
    FilesystemFailure failure;
    if (view != nullptr && !filesystem.Build(&failure)) {
      const std::string text = std::to_string(failure.error_number) + " " + failure.step;
      if (write(built[1], text.data(), text.size()) < 0) _exit(1);
      _exit(1);
    }
    close(built[1]);
    RunSandboxInit(channel_fd, false, ProgramIdentity{});
  }
  filesystem.Close();
  close(channel_fd);
  close(built[1]);
  std::string report;
  char buffer[512];
  for (ssize_t n; (n = read(built[0], buffer, sizeof buffer)) != 0;) {
    if (n > 0) report.append(buffer, static_cast<std::size_t>(n));
    else if (errno != EINTR) break;
  }
  close(built[0]);
  if (!report.empty()) {
    sync.Send("fsfail " + report, -1, &err);
    _exit(1);
  }
  sync.Send("ok " + std::to_string(init) + " " + std::to_string(from) + " " + std::to_string(to), -1, &err);
  close(sync_fd);
  int status = 0;
  while (waitpid(init, &status, 0) < 0 && errno == EINTR) {
  }
  _exit(0);
}

bool ReadSync(FrameChannel* sync, std::string* message) {
  std::string err;
  while (true) {
    if (std::optional<std::string> frame = sync->NextFrame()) {
      *message = *frame;
      return true;
    }
    if (!sync->Receive(&err)) return false;
  }
}

void KillAndReap(pid_t pid) {
  kill(pid, SIGKILL);
  while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace

bool BringLoopbackUp() {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  ifreq request{};
  std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
  bool ok = ioctl(fd, SIOCGIFFLAGS, &request) == 0;
  request.ifr_flags = static_cast<short>(request.ifr_flags | IFF_UP | IFF_RUNNING);
  ok = ok && ioctl(fd, SIOCSIFFLAGS, &request) == 0;
  int saved = errno;
  close(fd);
  errno = saved;
  return ok;
}

bool StartNamespacedInit(const ProgramIdentity& run_as, const FilesystemView* view, InitProcess* out,
                         NamespaceFailure* failure) {
  int channel[2], sync_pair[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, channel) != 0) {
    *failure = {NamespaceFailure::Kind::kOther, "socketpair", errno};
    return false;
  }
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sync_pair) != 0) {
    *failure = {NamespaceFailure::Kind::kOther, "socketpair", errno};
    close(channel[0]);
    close(channel[1]);
    return false;
  }
  pid_t parent = getpid();
  pid_t keeper = fork();
  if (keeper == 0) {
    close(channel[0]);
    close(sync_pair[0]);
    RunKeeper(parent, sync_pair[1], channel[1], geteuid() == 0 && run_as.uid && run_as.gid, view);
  }
  int fork_errno = errno;
  close(channel[1]);
  close(sync_pair[1]);
  FrameChannel sync(sync_pair[0]);
  std::string message, err;
  auto give_up = [&](NamespaceFailure::Kind kind, std::string step, int error_number) {
    *failure = {kind, std::move(step), error_number};
    close(sync_pair[0]);
    close(channel[0]);
    if (keeper > 0) KillAndReap(keeper);
    return false;
  };
  if (keeper < 0) return give_up(NamespaceFailure::Kind::kOther, "fork", fork_errno);
  if (ReadSync(&sync, &message) && message == "user") {
    std::string step;
    if (!WriteIdMaps(keeper, run_as, &step)) {
      return give_up(NamespaceFailure::Kind::kNotPermitted, step, errno);
    }
    sync.Send("maps", -1, &err);
    if (!ReadSync(&sync, &message)) message = "fail 0 keeper-died";
  }
  std::istringstream words(message);
  std::string verdict;
  words >> verdict;
  if (verdict == "ok") {
    long init = 0, from = 0, to = 0;
    words >> init >> from >> to;
    close(sync_pair[0]);
    *out = InitProcess{keeper, static_cast<pid_t>(init), channel[0], Isolation::kNamespaces};
    if (from > 0 && from <= to) {
      out->local_ports_from = static_cast<int>(from);
      out->local_ports_to = static_cast<int>(to);
    }
    return true;
  }
  int error_number = 0;
  std::string step;
  words >> error_number;
  std::getline(words >> std::ws, step);
  if (verdict == "fsfail") return give_up(NamespaceFailure::Kind::kFilesystem, step, error_number);
  NamespaceFailure::Kind kind = NamespaceFailure::Kind::kOther;
  if (error_number == EPERM || error_number == EACCES || error_number == ENOSPC ||
      error_number == EINVAL || error_number == ENOSYS) {
    kind = NamespaceFailure::Kind::kNotPermitted;
  }
  if (step != "unshare(CLONE_NEWUSER)" && error_number == EPERM &&
      AppArmorRestrictsUserNamespaces()) {
    kind = NamespaceFailure::Kind::kAppArmor;
  }
  return give_up(kind, step, error_number);
}

bool StartHostInit(const ProgramIdentity& run_as, InitProcess* out, std::string* err) {
  int channel[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, channel) != 0) {
    *err = std::string("cannot create the sandbox channel: ") + std::strerror(errno);
    return false;
  }
  pid_t parent = getpid();
  pid_t init = fork();
  if (init == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);
    close(channel[0]);
    RunSandboxInit(channel[1], true, run_as);
  }
  int saved = errno;
  close(channel[1]);
  if (init < 0) {
    close(channel[0]);
    *err = std::string("cannot start the sandbox process: ") + std::strerror(saved);
    return false;
  }
  *out = InitProcess{init, init, channel[0], Isolation::kHostLoopback};
  return true;
}

std::string NamespaceFailureText(const NamespaceFailure& failure) {
  std::string cause = failure.step + ": " + std::strerror(failure.error_number);
  if (failure.kind == NamespaceFailure::Kind::kFilesystem) return "cannot build the run's filesystem (" + cause + ")";
  if (failure.kind == NamespaceFailure::Kind::kAppArmor) {
    return "AppArmor gives wirecheck's user namespaces no capabilities "
           "(kernel.apparmor_restrict_unprivileged_userns=1, the default since Ubuntu 23.10; " +
           cause + ")";
  }
  return "cannot create a user namespace (" + cause + ")";
}

std::string NamespaceAdvice(const NamespaceFailure& failure) {
  if (failure.kind == NamespaceFailure::Kind::kAppArmor) {
    return "To isolate runs, allow user namespaces for wirecheck with an AppArmor profile: "
           "write /etc/apparmor.d/wirecheck containing\n"
           "  abi <abi/4.0>,\n  include <tunables/global>\n"
           "  profile wirecheck /usr/local/bin/wirecheck flags=(unconfined) {\n    userns,\n  }\n"
           "(with the path of your wirecheck binary) and run "
           "`sudo apparmor_parser -r /etc/apparmor.d/wirecheck` (see docs/sandbox.md)";
  }
  return "To isolate runs, allow unprivileged user namespaces (sysctl "
         "user.max_user_namespaces > 0, and kernel.unprivileged_userns_clone=1 where it "
         "exists; in a container, a seccomp profile that allows unshare/clone, e.g. "
         "`docker run --security-opt seccomp=unconfined`) (see docs/sandbox.md)";
}

std::string FallbackWarning(const NamespaceFailure& failure) {
  return "wirecheck: warning: " + NamespaceFailureText(failure) +
         "; running on the host's loopback without isolation: runs cannot use the same port "
         "at the same time, the programs under test can reach the network, and a process "
         "that escapes wirecheck's process tracking can outlive the run. " +
         NamespaceAdvice(failure);
}

}  // namespace wirecheck
