#pragma once
// `wirecheck run --watch`: which files to wait on, with Linux inotify. A
// file is watched through its folder, because editors save by writing a new
// file and renaming it over the old one (the old file's watch would see
// nothing after the first save); only events that name it count. A folder
// is watched with every folder below it, new ones as they appear; names
// starting with '.' (editors' swap files, .git) are left out.

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace wirecheck {

class FileWatcher {
 public:
  FileWatcher() = default;
  ~FileWatcher();
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;

  /// False with *err when inotify cannot be used (limits, no kernel support).
  bool Open(std::string* err);
  /// A file (through its folder) or a folder and everything below it.
  bool Watch(const std::string& path, std::string* err);

  /// Blocks until something watched changes, then until `settle` passes
  /// without another change (a save is often several events); the paths
  /// that changed, sorted. Empty when SIGINT/SIGTERM arrived
  /// (interrupt.h), the descriptor failed, or nothing changed for `give_up`.
  std::vector<std::string> WaitForChange(std::chrono::milliseconds settle,
                                         std::chrono::milliseconds give_up = std::chrono::milliseconds::max());

 private:
  bool WatchFolder(const std::string& folder, bool recursive, std::string* err);
  /// Reads the pending events; adds the paths that count to `changed`.
  bool ReadEvents(std::set<std::string>* changed);

  int fd_ = -1;
  struct Folder {
    std::string path;
    bool recursive = false;
    std::set<std::string> files;  // watched by name; empty for a recursive folder: every name counts
  };
  std::map<int, Folder> folders_;  // by watch descriptor
};

}  // namespace wirecheck
