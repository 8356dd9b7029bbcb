#pragma once
// Which places of programs on a scenario's hosts a run can make (pure), so
// `wirecheck check` refuses what `wirecheck run` would: the loader reports
// each problem at its place in the file, the runner refuses a scenario made
// without the loader with the same words. A run has one wire between the
// server's host and one other; its capture is the server's side of the
// wire.

#include <string>
#include <vector>

#include "harness/model/scenario.h"

namespace wirecheck {

/// A client group placed where a run cannot put it, and why.
struct HostLayoutProblem {
  SourceLocation where;   // the group's `host:`, else the group
  std::string message;    // "client group 'local' runs on the server's host, while ..."
};

/// Every client group a run cannot place, in file order:
/// - a group on the server's host (no `host:`, or the server's) beside a
///   group on the other host: its packets would cross `lo`, which is not
///   captured;
/// - a scripted client (`script:`) on the other host: the scripted peers'
///   sockets are made in the server's network.
/// A `host:` naming no host of network.hosts is the loader's own error
/// (CheckHosts), not a problem here.
std::vector<HostLayoutProblem> HostLayoutProblems(const Scenario& scenario);

}  // namespace wirecheck
