#include "harness/run/inside_child.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "harness/sandbox/sandbox.h"

namespace wirecheck {

bool StartInsideChild(Sandbox& sandbox, const std::function<int(int control_fd, int status_fd)>& body,
                      InsideChild* out, std::string* err) {
  int control[2], status[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, control) != 0) {
    *err = std::string("cannot make a socket pair: ") + std::strerror(errno);
    return false;
  }
  if (pipe2(status, O_CLOEXEC) != 0) {
    *err = std::string("cannot make a pipe: ") + std::strerror(errno);
    close(control[0]);
    close(control[1]);
    return false;
  }
  std::fflush(nullptr);  // nothing buffered is written twice
  const pid_t pid = sandbox.RunInside(
      [&] {
        close(control[1]);
        close(status[0]);
        return body(control[0], status[1]);
      },
      err);
  close(control[0]);
  close(status[1]);
  if (pid < 0) {
    close(control[1]);
    close(status[0]);
    return false;
  }
  *out = {pid, control[1], status[0]};
  return true;
}

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

bool ReadLine(int fd, std::chrono::steady_clock::duration timeout, std::string* line) {
  using Clock = std::chrono::steady_clock;
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

}  // namespace wirecheck
