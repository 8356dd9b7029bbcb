#pragma once
// `wirecheck doctor`: what this machine lets a run isolate, found by trying
// (a sandbox is made, a capture opened in it), not guessed: user namespaces,
// capture inside a run and on the host's loopback, the programs' identity,
// and the machine's settings that decide them (AppArmor's userns
// restriction, a seccomp filter, cgroup v2).

#include <ostream>
#include <string>
#include <vector>

namespace wirecheck {

struct DoctorFinding {
  enum class Kind { kOk, kMissing, kInfo };
  Kind kind = Kind::kInfo;
  std::string what;    // "user namespaces"
  std::string detail;  // what was found, and the way out when it is missing
};

struct DoctorReport {
  std::vector<DoctorFinding> findings;
  bool runs_isolated = false;  // namespaces and a capture inside them both work
};

/// Tries each property. Forks and makes a throw-away sandbox; no program runs.
DoctorReport Diagnose();

/// One line per finding ("[ OK ] user namespaces: ..."), then the verdict.
void PrintDoctor(const DoctorReport& report, std::ostream& out);

}  // namespace wirecheck
