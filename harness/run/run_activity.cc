#include "harness/run/run_activity.h"

#include <algorithm>
#include <string>

#include "harness/sandbox/run_tasks.h"

namespace wirecheck {

std::optional<ActivityLook> ProcessTreeActivity::Look() {
  RunTasks tasks;
  std::string err;
  if (!ReadRunTasks(init_, &tasks, &err)) return std::nullopt;
  ActivityLook look;
  look.processes = tasks.live_descendants;
  look.idle = std::none_of(tasks.thread_states.begin(), tasks.thread_states.end(), MayRunByItself);
  return look;
}

}  // namespace wirecheck
