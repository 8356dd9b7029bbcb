#include "harness/run/atomic_file.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace wirecheck {

namespace fs = std::filesystem;

AtomicFile::~AtomicFile() {
  if (temporary_.empty()) return;
  out_.close();
  unlink(temporary_.c_str());
}

bool AtomicFile::Open(const std::string& path, std::string* err) {
  path_ = path;
  const fs::path destination(path);
  std::error_code ignored;
  if (destination.has_parent_path()) fs::create_directories(destination.parent_path(), ignored);
  std::string pattern =
      (destination.parent_path() / ("." + destination.filename().string() + ".wirecheck-XXXXXX")).string();
  const int fd = mkstemp(pattern.data());
  if (fd < 0) {
    *err = "cannot write " + path + ": " + std::strerror(errno);
    return false;
  }
  const mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  close(fd);
  temporary_ = pattern;
  out_.open(temporary_, std::ios::binary | std::ios::trunc);
  if (!out_) {
    *err = "cannot write " + path;
    return false;
  }
  return true;
}

bool AtomicFile::Commit(std::string* err) {
  out_.flush();
  out_.close();
  if (out_.fail()) {
    *err = "cannot write " + path_ + " (the disk is full?)";
    return false;
  }
  if (std::rename(temporary_.c_str(), path_.c_str()) != 0) {
    *err = "cannot write " + path_ + ": " + std::strerror(errno);
    return false;
  }
  temporary_.clear();
  return true;
}

}  // namespace wirecheck
