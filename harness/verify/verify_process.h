#pragma once
// The process expectations (`expect` of the server and of each client
// group): exit status, no crash, no flood of output (on unless turned off:
// at most limits.output bytes on each of stdout and stderr), stdout,
// stderr, within. One check per key and program group, passing when every
// program of the group meets it.
// And, for a server program with `stop: terminate`, that the process
// wirecheck started still ran when wirecheck stopped it
// (`server.runs_until_stopped`). On a capture taken elsewhere (no RunFacts)
// they are not applicable.

#include <vector>

#include "harness/verify/verify_check.h"

namespace wirecheck {

void CheckProcesses(const VerifyContext& ctx, std::vector<PendingCheck>* out);

}  // namespace wirecheck
