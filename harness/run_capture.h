#pragma once
// The live capture of one run: libpcap on the run's `lo`, opened inside its
// network namespace (Sandbox::RunInside) and writing the run's pcap file.
// Start() returns once the capture is open, so nothing the programs send
// is missed; Finish() lets it drain: it ends once the capture has been idle
// for a short period measured from the last packet (bounded), then reports
// the counts, kernel drops included.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "capture/live_source.h"

namespace wirecheck {

class Sandbox;

struct RunCaptureStats {
  std::uint64_t packets = 0;
  std::uint64_t kernel_dropped = 0;
  std::uint64_t interface_dropped = 0;
  bool drops_known = false;
  std::string error;  // the capture stopped with an error (packets before it are in the file)
};

struct DrainPolicy {
  std::chrono::milliseconds idle{60};     // no packet for this long: the last segment has come
  std::chrono::milliseconds bound{2000};  // drain no longer than this
};

class RunCapture {
 public:
  /// Null with *err when libpcap cannot capture (*permission: no CAP_NET_RAW)
  /// or the capture did not open in time.
  static std::unique_ptr<RunCapture> Start(Sandbox& sandbox, const capture::LiveOptions& options,
                                           DrainPolicy drain, std::string* err, bool* permission);
  ~RunCapture();
  RunCapture(const RunCapture&) = delete;
  RunCapture& operator=(const RunCapture&) = delete;

  /// Drains and closes the capture (the pcap file is complete afterwards).
  /// False with stats->error set when the capture child did not report.
  bool Finish(RunCaptureStats* stats);

 private:
  RunCapture(Sandbox& sandbox, pid_t pid, int control_fd, int status_fd)
      : sandbox_(sandbox), pid_(pid), control_fd_(control_fd), status_fd_(status_fd) {}
  Sandbox& sandbox_;
  pid_t pid_;
  int control_fd_;  // write end: one byte means "the programs are done, drain"
  int status_fd_;   // read end: "R\n" when open, "E..." on failure, "S ..." at the end
  bool finished_ = false;
};

}  // namespace wirecheck
