#include "harness/run/doctor.h"

#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "capture/live_source.h"
#include "harness/run/run_identity.h"
#include "harness/run/run_plan.h"
#include "harness/sandbox/sandbox.h"

namespace wirecheck {
namespace {

using Kind = DoctorFinding::Kind;

// 0 opened, 1 no permission, 2 another failure: a capture of lo here.
int TryCapture(std::string* error) {
  capture::LiveOptions options;
  options.interface = "lo";
  bool permission = false;
  auto source = capture::LiveSource::Open(options, error, &permission);
  if (source) return 0;
  return permission ? 1 : 2;
}

std::string FirstWordOf(const std::string& path) {
  std::ifstream in(path);
  std::string word;
  in >> word;
  return word;
}

// "Seccomp:\t2" of /proc/self/status: 0 none, 1 strict, 2 a filter.
std::string SeccompMode() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Seccomp:", 0) == 0) return line.substr(line.find_first_not_of(" \t", 8));
  }
  return {};
}

void Add(DoctorReport* report, Kind kind, std::string what, std::string detail) {
  report->findings.push_back({kind, std::move(what), std::move(detail)});
}

}  // namespace

DoctorReport Diagnose() {
  DoctorReport report;
  std::string warning, err;
  SandboxOptions options;
  options.allow_host_fallback = false;
  options.run_as = UnprivilegedIdentityIfRoot();
  // A run's own filesystem, tried as a run makes it (nothing of the host shown but its system folders).
  options.filesystem.emplace();
  std::unique_ptr<Sandbox> sandbox = Sandbox::Create(options, &warning, &err);
  std::string filesystem_error;
  if (!sandbox && err.rfind("cannot build the run's filesystem", 0) == 0) {
    filesystem_error = err;
    options.filesystem.reset();
    sandbox = Sandbox::Create(options, &warning, &err);
  }
  if (sandbox) {
    Add(&report, Kind::kOk, "user namespaces", "a run gets its own user, network and PID namespaces");
    Add(&report, filesystem_error.empty() ? Kind::kOk : Kind::kMissing, "own filesystem",
        filesystem_error.empty()
            ? "a run gets its own mount namespace: the host's system folders and the run's own folders, "
              "read-only, a private /tmp and {tmp}; nothing else of the host"
            : filesystem_error);
    std::string inside_error;
    const pid_t child = sandbox->RunInside([] {
      std::string error;
      return TryCapture(&error);
    }, &inside_error);
    const int status = child > 0 ? sandbox->WaitInside(child) : -1;
    const bool captured = status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    Add(&report, captured ? Kind::kOk : Kind::kMissing, "capture inside a run",
        captured ? "libpcap opens the run's own lo without privileges"
                 : "libpcap cannot open the run's lo" + (inside_error.empty() ? "" : ": " + inside_error));
    report.runs_isolated = captured && filesystem_error.empty();
    sandbox->Close();
  } else {
    Add(&report, Kind::kMissing, "user namespaces", err);
  }
  std::string host_error;
  const int host = TryCapture(&host_error);
  Add(&report, host == 0 ? Kind::kOk : Kind::kMissing, "capture on the host's loopback (--no-sandbox)",
      host == 0 ? "allowed (root or CAP_NET_RAW)"
                : "not allowed: " + host_error + (host == 1 ? " (needs root or CAP_NET_RAW)" : ""));
  const Directories dirs = FindDirectories(Directories{});
  if (geteuid() == 0) {
    const RunIdentity identity = ChooseRunIdentity({dirs.build, dirs.scenarios}, true);
    Add(&report, identity.identity.uid ? Kind::kOk : Kind::kMissing, "programs' identity",
        identity.identity.uid ? "wirecheck runs as root; a run's programs are nobody on the host's files"
                              : identity.warning);
  } else {
    Add(&report, Kind::kInfo, "programs' identity", "your own user (uid " + std::to_string(geteuid()) + ")");
  }
  const std::string apparmor = FirstWordOf("/proc/sys/kernel/apparmor_restrict_unprivileged_userns");
  Add(&report, Kind::kInfo, "AppArmor userns restriction",
      apparmor.empty() ? "not present" : apparmor == "0" ? "present, off" : "on (see docs/sandbox.md, Ubuntu 23.10 and later)");
  const std::string seccomp = SeccompMode();
  Add(&report, Kind::kInfo, "seccomp",
      seccomp == "0" ? "no filter" : seccomp == "2" ? "a filter is set (a container's profile may refuse namespaces)"
                                                    : "mode " + seccomp);
  // Tried by making (and removing) a group with both caps, as a run does.
  const std::string cgroup = CgroupSupport();
  const bool caps = cgroup.rfind("no cgroup", 0) != 0;
  Add(&report, caps ? Kind::kOk : Kind::kMissing, "run_limits (a cgroup per run)",
      caps ? cgroup + ": memory and processes are capped for all of a run's programs together"
           : cgroup + "; only the per-program limits hold (memory per process)");
  // Where a run without --build and --scenarios looks (FindDirectories).
  Add(&report, Kind::kInfo, "run folders",
      "{build} " + dirs.build + ", {scenarios} " + (dirs.scenarios.empty() ? "not found" : dirs.scenarios));
  return report;
}

void PrintDoctor(const DoctorReport& report, std::ostream& out) {
  out << "wirecheck doctor: what this machine lets a run isolate\n";
  for (const DoctorFinding& f : report.findings) {
    const char* tag = f.kind == Kind::kOk ? "[ OK ]" : f.kind == Kind::kMissing ? "[ NO ]" : "[ -- ]";
    out << "  " << tag << ' ' << f.what << ": " << f.detail << '\n';
  }
  out << (report.runs_isolated
              ? "runs are isolated: their own network and processes, no privilege (docs/sandbox.md says what is "
                "not contained yet)\n"
              : "runs are NOT isolated here: wirecheck falls back to the host's loopback (see above and "
                "docs/sandbox.md)\n");
}

}  // namespace wirecheck
