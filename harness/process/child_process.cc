#include "harness/process/child_process.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

namespace wirecheck {
namespace {

constexpr std::string_view kDefaultPath = "/usr/local/bin:/usr/bin:/bin";

// What the child writes to the error pipe when it fails before exec.
struct ExecFailure {
  int stage;  // 0 chdir, 1 exec, 2 dup2, 3 dropping privileges, 4 entering its host's network
  int error_number;
};

struct LimitValue {
  int resource;
  rlimit value;
};

std::string_view PathOf(const std::vector<std::string>& env) {
  for (const std::string& entry : env) {
    if (entry.starts_with("PATH=")) return std::string_view(entry).substr(5);
  }
  return kDefaultPath;
}

// The limits to set, each clamped to the inherited hard limit (raising it would fail).
std::vector<LimitValue> LimitsToApply(const ResourceLimits& limits) {
  std::vector<LimitValue> out;
  auto add = [&out](int resource, std::uint64_t soft, std::uint64_t hard) {
    if (soft == 0) return;
    rlimit current{};
    getrlimit(resource, &current);
    rlimit value{static_cast<rlim_t>(soft), static_cast<rlim_t>(hard)};
    if (current.rlim_max != RLIM_INFINITY) {
      value.rlim_max = std::min(value.rlim_max, current.rlim_max);
      value.rlim_cur = std::min(value.rlim_cur, value.rlim_max);
    }
    out.push_back({resource, value});
  };
  // CPU: SIGXCPU at the soft limit, SIGKILL one second later at the hard one.
  add(RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 1);
  add(RLIMIT_AS, limits.address_space, limits.address_space);
  add(RLIMIT_NPROC, limits.processes, limits.processes);
  add(RLIMIT_FSIZE, limits.file_size, limits.file_size);
  add(RLIMIT_NOFILE, limits.open_files, limits.open_files);
  return out;
}

void CloseIfOpen(int fd) {
  if (fd >= 0) close(fd);
}

// In the child, between fork and exec: only async-signal-safe calls.
[[noreturn]] void ExecChild(const char* program, char* const* argv, char* const* envp,
                            const char* cwd, int stdin_fd, int stdout_fd, int stderr_fd,
                            int error_fd, const std::vector<LimitValue>& limits,
                            const ProgramIdentity& identity, int network_fd) {
  auto fail = [&error_fd](int stage) {
    ExecFailure failure{stage, errno};
    ssize_t ignored = write(error_fd, &failure, sizeof failure);
    (void)ignored;
    _exit(127);
  };
  setpgid(0, 0);
  // First, while every descriptor is where the parent left it: the host's
  // network this program runs on (a run with several hosts).
  if (network_fd == -2) {
    errno = EBADF;
    fail(4);
  }
  if (network_fd >= 0 && setns(network_fd, CLONE_NEWNET) != 0) fail(4);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int sig = 1; sig < NSIG; ++sig) signal(sig, SIG_DFL);
  if (dup2(stdin_fd, 0) < 0 || dup2(stdout_fd, 1) < 0 || dup2(stderr_fd, 2) < 0) fail(2);
  if (dup2(error_fd, 3) < 0) fail(2);
  error_fd = 3;
  fcntl(error_fd, F_SETFD, FD_CLOEXEC);
  syscall(SYS_close_range, 4u, ~0u, 0u);
  if (cwd != nullptr && chdir(cwd) != 0) fail(0);
  for (const LimitValue& limit : limits) setrlimit(limit.resource, &limit.value);
  if (!DropPrivileges(identity)) fail(3);
  execve(program, argv, envp);
  fail(1);
  _exit(127);
}

FailedToStart Failure(const ProcessSpec& spec, int error_number, const std::string& reason) {
  return FailedToStart{spec.argv.empty() ? std::string() : spec.argv[0], error_number, reason};
}

std::string ExecReason(const std::string& program, int error_number) {
  std::string reason = std::strerror(error_number);
  if (error_number == EACCES && access(program.c_str(), F_OK) == 0) reason += " (not executable)";
  return reason;
}

}  // namespace

std::string ResolveProgram(const std::string& argv0, const std::vector<std::string>& env,
                           int* error_number) {
  *error_number = 0;
  if (argv0.find('/') != std::string::npos) return argv0;
  std::string_view path = PathOf(env);
  bool saw_denied = false;
  while (true) {
    std::size_t colon = path.find(':');
    std::string dir(path.substr(0, colon));
    std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + argv0;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    if (errno == EACCES) saw_denied = true;
    if (colon == std::string_view::npos) break;
    path.remove_prefix(colon + 1);
  }
  *error_number = saw_denied ? EACCES : ENOENT;
  return std::string();
}

std::variant<SpawnedChild, FailedToStart> SpawnChild(const ProcessSpec& spec, const ProgramIdentity& identity) {
  if (spec.argv.empty() || spec.argv[0].empty()) return Failure(spec, 0, "empty command");
  int error_number = 0;
  std::string program = ResolveProgram(spec.argv[0], spec.env, &error_number);
  if (program.empty()) {
    std::string reason = error_number == ENOENT ? "command not found in PATH"
                                                : ExecReason(program, error_number);
    return Failure(spec, error_number, reason);
  }
  // Everything the child needs, built before fork: the child may not allocate.
  std::vector<char*> argv;
  for (const std::string& arg : spec.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const std::string& entry : spec.env) envp.push_back(const_cast<char*>(entry.c_str()));
  envp.push_back(nullptr);
  std::vector<LimitValue> limits = LimitsToApply(spec.limits);

  int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1}, status[2] = {-1, -1};
  bool ok = pipe2(out, O_CLOEXEC) == 0 && pipe2(err, O_CLOEXEC) == 0 &&
            pipe2(status, O_CLOEXEC) == 0;
  if (ok && spec.stdin_bytes) {
    ok = pipe2(in, O_CLOEXEC) == 0;
  } else if (ok) {
    in[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
    ok = in[0] >= 0;
  }
  pid_t pid = ok ? fork() : -1;
  if (pid == 0) {
    ExecChild(program.c_str(), argv.data(), envp.data(),
              spec.cwd.empty() ? nullptr : spec.cwd.c_str(), in[0], out[1], err[1], status[1],
              limits, identity, spec.network_fd);
  }
  int saved_errno = errno;
  for (int fd : {in[0], out[1], err[1], status[1]}) CloseIfOpen(fd);
  if (pid < 0) {
    for (int fd : {in[1], out[0], err[0], status[0]}) CloseIfOpen(fd);
    return Failure(spec, saved_errno, std::string("cannot start a process: ") +
                                          std::strerror(saved_errno));
  }
  ExecFailure failure{};
  ssize_t n;
  do {
    n = read(status[0], &failure, sizeof failure);
  } while (n < 0 && errno == EINTR);
  close(status[0]);
  if (n == static_cast<ssize_t>(sizeof failure)) {
    // The child exits 127 at once; the caller's reaper collects it.
    for (int fd : {in[1], out[0], err[0]}) CloseIfOpen(fd);
    if (failure.stage == 3) {
      return Failure(spec, failure.error_number,
                     std::string("cannot drop privileges before exec: ") + std::strerror(failure.error_number));
    }
    if (failure.stage == 4) {
      return Failure(spec, failure.error_number,
                     std::string("cannot enter its host's network: ") + std::strerror(failure.error_number));
    }
    if (failure.stage == 0) {
      return Failure(spec, failure.error_number,
                     "cannot enter directory " + spec.cwd + ": " +
                         std::strerror(failure.error_number));
    }
    return Failure(spec, failure.error_number, ExecReason(program, failure.error_number));
  }
  for (int fd : {in[1], out[0], err[0]}) {
    if (fd >= 0) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  }
  return SpawnedChild{pid, in[1], out[0], err[0]};
}

}  // namespace wirecheck
