#pragma once
// The threads of a run, as the host's /proc shows them: init and every
// process that descends from it (orphans included: init is PID 1 of the
// run's namespace, or a child subreaper on the host fallback), each thread
// with its scheduler state. Read from outside, never by entering the run:
// /proc/<pid>/stat and /proc/<pid>/task/<tid>/stat are readable by anyone.
// The parsing is pure and tested from fixture lines.

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wirecheck {

/// One line of /proc/<pid>/stat (or .../task/<tid>/stat): the fields read.
struct TaskStat {
  pid_t pid = 0;
  pid_t ppid = 0;
  char state = '?';  // R S D T t Z X I W P ...
};

/// Parses a stat line; the command name may hold spaces and parentheses
/// (the last ')' ends it). nullopt when the line does not parse.
std::optional<TaskStat> ParseTaskStat(std::string_view line);

/// Whether a thread in `state` may do something without an outside event:
/// 'R' (running or runnable), 'D' (an uninterruptible wait, which ends by
/// itself), 'W' (waking). Sleeping, stopped, traced, zombie and dead threads
/// wait for an event (a packet, a signal, a timer).
bool MayRunByItself(char state);

struct RunTasks {
  /// Processes below root that have not ended (zombies are not counted).
  std::size_t live_descendants = 0;
  /// The state of every thread of root and of the processes below it.
  std::vector<char> thread_states;
};

/// The tasks of `root` and of every process descending from it. False with
/// *err when /proc cannot be read or `root` is gone.
bool ReadRunTasks(pid_t root, RunTasks* tasks, std::string* err);

}  // namespace wirecheck
