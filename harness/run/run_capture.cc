#include "harness/run/run_capture.h"

#include <fcntl.h>
#include <sched.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "capture/interface_counters.h"
#include "harness/run/inside_child.h"
#include "harness/sandbox/sandbox.h"

namespace wirecheck {
namespace {

using Clock = std::chrono::steady_clock;

// What the capture child has seen of its interface: libpcap's counts
// against the interface's own. Decides when the drain may end.
struct DeviceCount {
  std::string interface;
  DrainPolicy::Count how = DrainPolicy::Count::kNone;
  std::uint64_t before_open = 0;  // packets the interface carried before libpcap was open

  std::optional<std::uint64_t> Carried() const {
    const std::optional<capture::InterfacePackets> p = capture::ReadInterfacePackets(interface);
    if (!p) return std::nullopt;
    return how == DrainPolicy::Count::kBothWays ? p->received + p->sent : p->received;
  }

  // Every packet the interface carried since the capture opened has reached
  // libpcap (received counts the dropped ones too) and every one not
  // dropped has been read out of the ring. A packet is counted by the
  // device no later than libpcap sees it, or (a TUN device's full queue)
  // seen and never counted: hence at least, not equal.
  bool AllIn(const capture::CaptureStats& stats) const {
    const std::optional<std::uint64_t> carried = Carried();
    if (!carried || !stats.drops_known) return false;
    return stats.kernel_received + before_open >= *carried &&
           stats.packets_read + stats.kernel_dropped >= stats.kernel_received;
  }
};

// The capture child: runs inside the run's network namespace, or moves to
// `network` (the other host's) before it opens anything.
int CaptureBody(capture::LiveOptions options, DrainPolicy drain, int network, int control_fd, int status_fd) {
  options.poll_wait = std::chrono::milliseconds(0);
  signal(SIGINT, SIG_IGN);   // the parent decides; it tells us to drain
  signal(SIGTERM, SIG_DFL);
  std::string error;
  bool permission = false;
  if (network >= 0) {
    const bool entered = setns(network, CLONE_NEWNET) == 0;
    const int saved = errno;
    close(network);
    if (!entered) {
      WriteAll(status_fd, std::string("E0cannot enter the other host's network namespace: ") + std::strerror(saved) + "\n");
      return 3;
    }
  }
  auto source = capture::LiveSource::Open(options, &error, &permission);
  if (!source) {
    WriteAll(status_fd, std::string("E") + (permission ? "1" : "0") + error + "\n");
    return 3;
  }
  DeviceCount count{options.interface, drain.count};
  if (count.how != DrainPolicy::Count::kNone) {
    // After setns (the other host's capture) /proc/self/net is that host's.
    const std::optional<std::uint64_t> carried = count.Carried();
    if (carried) count.before_open = *carried;
    else count.how = DrainPolicy::Count::kNone;  // no /proc/net/dev: fall back to the idle rule
  }
  // Missed: what the run's own `lo` carried before the capture opened (no
  // client had started). A wire0 carries the kernel's own packets then
  // (IPv6 router solicitation, MLD), none of the programs': not missed.
  const std::uint64_t missed = count.how == DrainPolicy::Count::kReceived ? count.before_open : 0;
  WriteAll(status_fd, "R\n");
  capture::RawPacket packet;
  std::optional<Clock::time_point> stop_at;
  auto last_packet = Clock::now();
  std::string failure;
  for (;;) {
    const capture::ReadStatus s = source->Next(&packet);  // poll_wait 0: never waits
    const auto now = Clock::now();
    if (s == capture::ReadStatus::kPacket) {
      last_packet = now;
      continue;
    }
    if (s == capture::ReadStatus::kError) {
      failure = source->error();
      break;
    }
    if (s == capture::ReadStatus::kEnd) break;
    if (!stop_at && Readable(control_fd, 0)) stop_at = now;
    if (stop_at) {
      const bool counted = count.how != DrainPolicy::Count::kNone && count.AllIn(source->stats());
      if (counted || now - std::max(*stop_at, last_packet) >= drain.idle || now - *stop_at >= drain.bound) {
        source->Stop();
        while (source->Next(&packet) == capture::ReadStatus::kPacket) {
        }
        if (source->Next(&packet) == capture::ReadStatus::kError) failure = source->error();
        break;
      }
    }
    // Sleep until packets or the parent's word come; while draining, wake
    // every millisecond to look at the counts again (they wake no one).
    pollfd fds[2] = {{source->selectable_fd(), POLLIN, 0}, {control_fd, POLLIN, 0}};
    poll(fds, stop_at ? 1 : 2, stop_at ? 1 : -1);
  }
  // The file is complete (Stop() closed it): report, then close libpcap,
  // which the parent does not wait for.
  const capture::CaptureStats stats = source->stats();
  std::ostringstream line;
  line << "S " << stats.packets_read << ' ' << stats.kernel_dropped << ' ' << stats.interface_dropped << ' '
       << (stats.drops_known ? 1 : 0) << ' ' << missed << ' ' << failure << '\n';
  WriteAll(status_fd, line.str());
  close(status_fd);
  source.reset();
  return 0;
}

}  // namespace

std::unique_ptr<RunCapture> RunCapture::Start(Sandbox& sandbox, const capture::LiveOptions& options,
                                              DrainPolicy drain, std::string* err, int network) {
  InsideChild child;
  const auto body = [&](int control_fd, int status_fd) {
    return CaptureBody(options, drain, network, control_fd, status_fd);
  };
  if (!StartInsideChild(sandbox, body, &child, err)) return nullptr;
  return std::unique_ptr<RunCapture>(new RunCapture(sandbox, child.pid, child.control_fd, child.status_fd));
}

bool RunCapture::WaitOpen(std::string* err, bool* permission) {
  if (!open_) {
    std::string line;
    open_ = ReadLine(status_fd_, std::chrono::seconds(10), &line) && line == "R";
    if (!*open_) {
      if (!line.empty() && line[0] == 'E') {
        open_permission_ = line.size() > 1 && line[1] == '1';
        open_error_ = line.substr(2);
      } else {
        open_error_ = "the capture did not start";
      }
    }
  }
  if (!*open_) {
    *err = open_error_;
    *permission = open_permission_;
  }
  return *open_;
}

void RunCapture::Drain() {
  if (drain_sent_ || finished_) return;
  drain_sent_ = true;
  const ssize_t sent = send(control_fd_, "D", 1, MSG_NOSIGNAL);  // fails only if the child is gone
  (void)sent;
}

bool RunCapture::Finish(RunCaptureStats* stats) {
  if (finished_) return false;
  std::string ignored;
  bool permission = false;
  WaitOpen(&ignored, &permission);
  Drain();
  finished_ = true;
  std::string line;
  const bool got = *open_ && ReadLine(status_fd_, std::chrono::seconds(5), &line) && line.rfind("S ", 0) == 0;
  if (got) {
    std::istringstream in(line.substr(2));
    int known = 0;
    in >> stats->packets >> stats->kernel_dropped >> stats->interface_dropped >> known >> stats->missed;
    stats->drops_known = known != 0;
    std::getline(in >> std::ws, stats->error);
    sandbox_.ReleaseInside(pid_);
  } else {
    stats->error = "the capture did not report its end";
    sandbox_.FinishInside(pid_, std::chrono::milliseconds(200));
  }
  close(control_fd_);
  close(status_fd_);
  return got && stats->error.empty();  // a capture that could not be written is no evidence
}

RunCapture::~RunCapture() {
  if (finished_) return;
  sandbox_.FinishInside(pid_, std::chrono::milliseconds(200));
  close(control_fd_);
  close(status_fd_);
}

}  // namespace wirecheck
