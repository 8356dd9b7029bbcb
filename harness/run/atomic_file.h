#pragma once
// A file that appears whole or not at all: written under a temporary name
// beside its destination and renamed over it at Commit(). rename() replaces
// whatever the name held, a symbolic link included, without following it,
// so a link planted at a report's path (by a program under test, say) is
// replaced, never written through; a failed or interrupted write leaves the
// destination as it was, never half a report. The temporary file is
// removed if the object dies uncommitted.

#include <fstream>
#include <string>

namespace wirecheck {

class AtomicFile {
 public:
  AtomicFile() = default;
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  /// Makes the destination's folder if missing and the temporary file in
  /// it (mode 0666 less the umask, as a plain create would). False with
  /// *err ("cannot write PATH: reason").
  bool Open(const std::string& path, std::string* err);
  std::ostream& stream() { return out_; }
  /// Flushes, closes and renames over the destination. False with *err
  /// (the destination unchanged) when a write or the rename failed.
  bool Commit(std::string* err);

 private:
  std::string path_;
  std::string temporary_;
  std::ofstream out_;
};

}  // namespace wirecheck
