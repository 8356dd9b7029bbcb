#pragma once
// The live capture of one run: libpcap on the run's `lo` (or, with a wire
// between hosts, on a host's `wire0`), opened inside the run's network
// namespace (Sandbox::RunInside), or the other host's, and writing one pcap
// file.
//
// Start() forks the capture and returns at once: opening it costs an RCU
// grace period in the kernel (~15 ms), which overlaps with starting the
// server. WaitOpen() must return true before anything that sends a packet
// (a client) starts; a packet `lo` carried before the capture opened is
// counted in `missed`, never silently lost.
//
// Finish() lets it drain. Where the run has a namespace of its own, every
// packet on its `lo` is the run's: the capture ends as soon as libpcap has
// received as many packets as `lo` carried (/proc/net/dev) and all of them
// are in the file — no idle wait. A host's `wire0` is counted the same way,
// what it received and what it sent (the packet socket sees both); the
// runner first waits until the wire holds no packet (RunWire::WaitEmpty),
// so once the programs have ended every packet still to cross a `wire0` is
// already in its counts. On the host's loopback the capture ends once it
// has been idle for DrainPolicy::idle. All are bounded. The child reports
// the counts as soon as the file is complete and closes libpcap after that,
// unwaited (closing a packet socket costs two more grace periods).

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "capture/live_source.h"

namespace wirecheck {

class Sandbox;

struct RunCaptureStats {
  std::uint64_t packets = 0;
  std::uint64_t kernel_dropped = 0;
  std::uint64_t interface_dropped = 0;
  bool drops_known = false;
  std::uint64_t missed = 0;  // packets the run's own `lo` carried before the capture opened
  std::string error;  // the capture stopped with an error (packets before it are in the file)
};

struct DrainPolicy {
  /// Which of the interface's counts (/proc/net/dev) the drain waits for.
  enum class Count {
    kNone,       // the host's loopback carries others' packets too: the idle rule alone
    kReceived,   // the run's own `lo`: every packet sent there is received, once each
    kBothWays,   // a host's wire0: received and sent (the wire must hold nothing by then)
  };
  Count count = Count::kNone;
  /// Without counting (or should the counts never meet): no packet for this
  /// long means the last segment has come.
  std::chrono::milliseconds idle{60};
  std::chrono::milliseconds bound{2000};  // drain no longer than this
};

class RunCapture {
 public:
  /// Forks the capture; null with *err when it cannot. `network` >= 0: the
  /// child first enters that network namespace (the other host's,
  /// Sandbox::OpenHostNetwork; the caller keeps the descriptor) and captures
  /// there: a packet socket stays bound to the namespace it was opened in.
  static std::unique_ptr<RunCapture> Start(Sandbox& sandbox, const capture::LiveOptions& options,
                                           DrainPolicy drain, std::string* err, int network = -1);
  /// Waits until the capture is open. False with *err when libpcap cannot
  /// capture (*permission: no CAP_NET_RAW) or it did not open in time.
  /// Idempotent.
  bool WaitOpen(std::string* err, bool* permission);
  ~RunCapture();
  RunCapture(const RunCapture&) = delete;
  RunCapture& operator=(const RunCapture&) = delete;

  /// Tells the child the programs are done, without waiting: two captures
  /// then drain at once. Finish() does it too. Idempotent.
  void Drain();
  /// Drains and closes the capture (the pcap file is complete afterwards).
  /// False with stats->error set when the capture child did not report, or
  /// reported that it could not read or write every packet (a full disk).
  bool Finish(RunCaptureStats* stats);

 private:
  RunCapture(Sandbox& sandbox, pid_t pid, int control_fd, int status_fd)
      : sandbox_(sandbox), pid_(pid), control_fd_(control_fd), status_fd_(status_fd) {}
  Sandbox& sandbox_;
  pid_t pid_;
  int control_fd_;  // write end: one byte means "the programs are done, drain"
  int status_fd_;   // read end: "R\n" when open, "E..." on failure, "S ..." at the end
  bool finished_ = false;
  bool drain_sent_ = false;
  std::optional<bool> open_;  // WaitOpen()'s answer, once known
  std::string open_error_;
  bool open_permission_ = false;
};

}  // namespace wirecheck
