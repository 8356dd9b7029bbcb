#pragma once
// A child of wirecheck inside the run (Sandbox::RunInside), as the capture
// and the wire are: in the run's user and network namespaces, outside its
// programs' PID namespace. Two channels to it: `control`, a socket pair the
// parent writes to (send it bytes with MSG_NOSIGNAL: a child that already
// died is then an EPIPE, not a SIGPIPE that kills wirecheck), and `status`,
// a pipe the child writes lines to.

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>

namespace wirecheck {

class Sandbox;

struct InsideChild {
  pid_t pid = -1;
  int control_fd = -1;  // the parent's end of the socket pair
  int status_fd = -1;   // the read end of the pipe
};

/// Forks `body(control, status)` into the sandbox (the child's exit status
/// is what it returns). False with *err; no descriptor is left open then.
bool StartInsideChild(Sandbox& sandbox, const std::function<int(int control_fd, int status_fd)>& body,
                      InsideChild* out, std::string* err);

/// All of `text` to fd; stops early only when the reader is gone.
void WriteAll(int fd, const std::string& text);

/// Whether fd has something to read within `timeout_ms` (0: now).
bool Readable(int fd, int timeout_ms);

/// One line from fd (without its '\n') within `timeout`; false on a timeout
/// or the end of the file.
bool ReadLine(int fd, std::chrono::steady_clock::duration timeout, std::string* line);

}  // namespace wirecheck
