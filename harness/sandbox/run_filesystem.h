#pragma once
// A run's own filesystem: a mount namespace with a fresh root, as bubblewrap
// and nsjail make one. On it, at their own paths:
//  - the host's system folders (/usr, /etc, /opt and the /bin, /lib, ...
//    links or folders), read-only: compilers, language runtimes, libraries;
//  - the run's folders ({build}, {scenarios}, {submission}, {here}),
//    read-only;
//  - {tmp}, /tmp and /dev/shm: private size-bounded tmpfs, gone with the run;
//  - a minimal /dev (null, zero, full, random, urandom, the fd links) and
//    the run's own /proc (its PID namespace's processes only).
// Nothing else of the host is there: not $HOME, not the host's /tmp, /run
// or /var (so no filesystem Unix socket of the host: D-Bus, Docker, ...),
// not the grader's reports, other submissions or the capture.
//
// Built in two steps, because of who may do what:
//  - Open(), by the keeper in the new user + mount namespace before it
//    becomes the run's user: each folder is resolved (realpath) and opened
//    with the caller's own rights on the host, so a folder under a 0700
//    parent of root's is still reachable although the programs (nobody)
//    could not walk to it.
//  - Build(), by init (PID 1 of the run's PID namespace: a fresh /proc needs
//    one): mounts from those descriptors onto a tmpfs, pivot_root into it,
//    detach the old root, and make the root and /dev read-only.
// The mounts are made by a process that holds capabilities only in the
// run's user namespace; every mount inherited from the host is locked there
// (the kernel refuses to unmount or un-read-only it), and the programs hold
// no capability at all (privileges.h).

#include <cstdint>
#include <string>
#include <vector>

namespace wirecheck {

struct FilesystemView {
  /// Host folders the programs see read-only at their own path. Missing
  /// ones are skipped (the program's start then says what is missing).
  std::vector<std::string> read_only;
  /// Host folders the programs may also write (nosuid, nodev): a build's
  /// copy of a submission. Never a folder the host shares (IsSharedFolder).
  std::vector<std::string> writable;
  /// An absolute path where a private tmpfs is mounted ({tmp}); empty: none.
  std::string scratch;
  std::uint64_t tmp_bytes = 128ull << 20;  // each of /tmp and `scratch`
  std::uint64_t shm_bytes = 32ull << 20;   // /dev/shm
};

/// Folders the whole host shares (/, /tmp, /home, /run, /var, ...): never
/// shown whole to a run, whose programs would then reach other users' files
/// and sockets (an X11 socket in /tmp/.X11-unix). `path`: canonical.
bool IsSharedFolder(const std::string& path);

/// Why a step failed: "bind-mounting /work/build", and its errno.
struct FilesystemFailure {
  std::string step;
  int error_number = 0;
};

class RunFilesystem {
 public:
  RunFilesystem() = default;
  ~RunFilesystem() { Close(); }
  RunFilesystem(const RunFilesystem&) = delete;
  RunFilesystem& operator=(const RunFilesystem&) = delete;

  /// Step 1 (see above). Call in the new mount namespace: descriptors from
  /// another namespace cannot be bind-mounted. False with *failure.
  bool Open(const FilesystemView& view, FilesystemFailure* failure);
  /// Step 2, in init; closes the descriptors. False with *failure: the
  /// process is then in an unusable half-built filesystem and must exit.
  bool Build(FilesystemFailure* failure);
  void Close();

 private:
  struct Entry {
    std::string path;    // canonical, absolute
    int fd = -1;         // O_PATH of the host folder; -1 for a link
    std::string target;  // a link's text (the host's /bin -> usr/bin)
    bool writable = false;
  };
  std::vector<Entry> system_;
  std::vector<Entry> folders_;  // parents before children, none inside another
  std::string scratch_;
  std::uint64_t tmp_bytes_ = 0;
  std::uint64_t shm_bytes_ = 0;
};

}  // namespace wirecheck
