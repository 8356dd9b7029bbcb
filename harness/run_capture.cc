#include "harness/run_capture.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "harness/sandbox.h"

namespace wirecheck {
namespace {

using Clock = std::chrono::steady_clock;

void WriteAll(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

bool Readable(int fd, int timeout_ms) {
  pollfd p{fd, POLLIN, 0};
  return poll(&p, 1, timeout_ms) > 0;
}

// Reads one line from fd within timeout; false on timeout or end of file.
bool ReadLine(int fd, Clock::duration timeout, std::string* line) {
  const auto until = Clock::now() + timeout;
  line->clear();
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
    if (left <= 0 || !Readable(fd, static_cast<int>(left))) return false;
    char c = 0;
    const ssize_t n = read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    if (c == '\n') return true;
    *line += c;
  }
}

// The capture child: runs inside the run's network namespace.
int CaptureBody(const capture::LiveOptions& options, DrainPolicy drain, int control_fd, int status_fd) {
  signal(SIGINT, SIG_IGN);   // the parent decides; it tells us to drain
  signal(SIGTERM, SIG_DFL);
  std::string error;
  bool permission = false;
  auto source = capture::LiveSource::Open(options, &error, &permission);
  if (!source) {
    WriteAll(status_fd, std::string("E") + (permission ? "1" : "0") + error + "\n");
    return 3;
  }
  WriteAll(status_fd, "R\n");
  capture::RawPacket packet;
  std::optional<Clock::time_point> stop_at;
  auto last_packet = Clock::now();
  std::string failure;
  for (;;) {
    const capture::ReadStatus s = source->Next(&packet);
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
    if (stop_at && (now - std::max(*stop_at, last_packet) >= drain.idle || now - *stop_at >= drain.bound)) {
      source->Stop();
      while (source->Next(&packet) == capture::ReadStatus::kPacket) {
      }
      break;
    }
  }
  const capture::CaptureStats stats = source->stats();
  source.reset();  // closes the pcap file
  std::ostringstream line;
  line << "S " << stats.packets_read << ' ' << stats.kernel_dropped << ' ' << stats.interface_dropped << ' '
       << (stats.drops_known ? 1 : 0) << ' ' << failure << '\n';
  WriteAll(status_fd, line.str());
  return 0;
}

}  // namespace

std::unique_ptr<RunCapture> RunCapture::Start(Sandbox& sandbox, const capture::LiveOptions& options,
                                              DrainPolicy drain, std::string* err, bool* permission) {
  int control[2], status[2];
  if (pipe2(control, O_CLOEXEC) != 0) {
    *err = std::string("cannot make a pipe: ") + std::strerror(errno);
    return nullptr;
  }
  if (pipe2(status, O_CLOEXEC) != 0) {
    *err = std::string("cannot make a pipe: ") + std::strerror(errno);
    close(control[0]);
    close(control[1]);
    return nullptr;
  }
  std::fflush(nullptr);
  const pid_t pid = sandbox.RunInside(
      [&] {
        close(control[1]);
        close(status[0]);
        return CaptureBody(options, drain, control[0], status[1]);
      },
      err);
  close(control[0]);
  close(status[1]);
  if (pid < 0) {
    close(control[1]);
    close(status[0]);
    return nullptr;
  }
  std::unique_ptr<RunCapture> run(new RunCapture(sandbox, pid, control[1], status[0]));
  std::string line;
  if (!ReadLine(status[0], std::chrono::seconds(10), &line) || line.empty() || line[0] != 'R') {
    if (!line.empty() && line[0] == 'E') {
      *permission = line.size() > 1 && line[1] == '1';
      *err = line.substr(2);
    } else {
      *err = "the capture of lo inside the run's network namespace did not start";
    }
    return nullptr;  // the destructor stops the child
  }
  return run;
}

bool RunCapture::Finish(RunCaptureStats* stats) {
  if (finished_) return false;
  finished_ = true;
  WriteAll(control_fd_, "D");
  std::string line;
  const bool got = ReadLine(status_fd_, std::chrono::seconds(5), &line) && line.rfind("S ", 0) == 0;
  if (got) {
    std::istringstream in(line.substr(2));
    int known = 0;
    in >> stats->packets >> stats->kernel_dropped >> stats->interface_dropped >> known;
    stats->drops_known = known != 0;
    std::getline(in >> std::ws, stats->error);
    sandbox_.WaitInside(pid_);
  } else {
    stats->error = "the capture did not report its end";
    sandbox_.FinishInside(pid_, std::chrono::milliseconds(200));
  }
  close(control_fd_);
  close(status_fd_);
  return got;
}

RunCapture::~RunCapture() {
  if (finished_) return;
  sandbox_.FinishInside(pid_, std::chrono::milliseconds(200));
  close(control_fd_);
  close(status_fd_);
}

}  // namespace wirecheck
