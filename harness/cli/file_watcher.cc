#include "harness/cli/file_watcher.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "harness/process/interrupt.h"

namespace wirecheck {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::uint32_t kFolderEvents =
    IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB | IN_DELETE_SELF;

bool Hidden(const std::string& name) { return !name.empty() && name.front() == '.'; }

}  // namespace

FileWatcher::~FileWatcher() {
  if (fd_ >= 0) close(fd_);
}

bool FileWatcher::Open(std::string* err) {
  fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) *err = std::string("cannot watch files (inotify): ") + std::strerror(errno);
  return fd_ >= 0;
}

bool FileWatcher::WatchFolder(const std::string& folder, bool recursive, std::string* err) {
  const int wd = inotify_add_watch(fd_, folder.c_str(), kFolderEvents);
  if (wd < 0) {
    *err = "cannot watch " + folder + ": " + std::strerror(errno) +
           (errno == ENOSPC ? " (raise fs.inotify.max_user_watches)" : "");
    return false;
  }
  Folder& f = folders_[wd];
  f.path = folder;
  f.recursive = f.recursive || recursive;
  if (!recursive) return true;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(folder, ec)) {
    const std::string name = e.path().filename().string();
    if (Hidden(name) || !e.is_directory(ec) || e.is_symlink(ec)) continue;
    if (!WatchFolder(e.path().string(), true, err)) return false;
  }
  return true;
}

bool FileWatcher::Watch(const std::string& path, std::string* err) {
  std::error_code ec;
  const fs::path p = fs::absolute(path, ec).lexically_normal();
  if (fs::is_directory(p, ec)) return WatchFolder(p.string(), true, err);
  const fs::path folder = p.has_parent_path() ? p.parent_path() : fs::path(".");
  if (!WatchFolder(folder.string(), false, err)) return false;
  // The watch descriptor inotify gave the folder (a folder watched twice keeps one).
  for (auto& [wd, f] : folders_) {
    if (f.path == folder.string()) f.files.insert(p.filename().string());
  }
  return true;
}

bool FileWatcher::ReadEvents(std::set<std::string>* changed) {
  alignas(inotify_event) char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = read(fd_, buffer, sizeof buffer);
    if (n < 0) return errno == EAGAIN || errno == EINTR;
    if (n == 0) return false;
    for (ssize_t at = 0; at < n;) {
      const auto* e = reinterpret_cast<const inotify_event*>(buffer + at);
      at += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
      const auto it = folders_.find(e->wd);
      if (it == folders_.end()) continue;
      const Folder folder = it->second;  // a copy: WatchFolder below may grow the map
      const std::string name = e->len > 0 ? std::string(e->name) : std::string();
      if (Hidden(name)) continue;
      if (!folder.recursive && folder.files.count(name) == 0) continue;
      const std::string path = name.empty() ? folder.path : folder.path + "/" + name;
      if (folder.recursive && (e->mask & IN_ISDIR) && (e->mask & (IN_CREATE | IN_MOVED_TO))) {
        std::string ignored;
        WatchFolder(path, true, &ignored);  // a folder made since: watched from now on
      }
      changed->insert(path);
    }
  }
}

std::vector<std::string> FileWatcher::WaitForChange(std::chrono::milliseconds settle,
                                                    std::chrono::milliseconds give_up) {
  std::set<std::string> changed;
  Clock::time_point quiet_until = Clock::time_point::max();
  const Clock::time_point stop =
      give_up == std::chrono::milliseconds::max() ? Clock::time_point::max() : Clock::now() + give_up;
  for (;;) {
    if (InterruptSignal() != 0) return {};
    const Clock::time_point until = changed.empty() ? stop : quiet_until;
    if (until <= Clock::now()) return {changed.begin(), changed.end()};
    int timeout = -1;
    if (until != Clock::time_point::max()) {
      timeout = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count()) + 1;
    }
    pollfd fds[2] = {{fd_, POLLIN, 0}, {InterruptFd(), POLLIN, 0}};
    const int ready = poll(fds, InterruptFd() >= 0 ? 2 : 1, timeout);
    if (ready < 0 && errno != EINTR) return {};
    if (ready > 0 && (fds[0].revents & POLLIN)) {
      if (!ReadEvents(&changed)) return {};
      if (!changed.empty()) quiet_until = Clock::now() + settle;
    }
  }
}

}  // namespace wirecheck
