#pragma once
// What a run's programs are doing, from outside (run_tasks.h): how many of
// their processes are alive, and whether they are idle — no thread runs or
// waits to run, so none will act again before an outside event (a packet, a
// signal, a timer) wakes it. The seam the readiness wait and the settle wait
// read; tests give a fake.

#include <sys/types.h>

#include <cstddef>
#include <optional>

namespace wirecheck {

struct ActivityLook {
  /// Processes of the run's programs still alive (init itself not counted).
  std::size_t processes = 0;
  /// Every thread of the programs and of init waits for an event.
  bool idle = false;
};

class RunActivity {
 public:
  virtual ~RunActivity() = default;
  /// nullopt when it cannot be told (/proc unreadable, init gone).
  virtual std::optional<ActivityLook> Look() = 0;
  /// Look()'s idle, false when it cannot be told.
  bool Idle() {
    const auto look = Look();
    return look && look->idle;
  }
};

/// The threads under the run's init (Sandbox::init_pid()), from /proc.
class ProcessTreeActivity : public RunActivity {
 public:
  explicit ProcessTreeActivity(pid_t init) : init_(init) {}
  std::optional<ActivityLook> Look() override;

 private:
  pid_t init_;
};

}  // namespace wirecheck
