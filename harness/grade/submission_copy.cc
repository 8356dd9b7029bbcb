#include "harness/grade/submission_copy.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "harness/model/size_text.h"

namespace wirecheck {

namespace {

namespace fs = std::filesystem;

class Copier {
 public:
  Copier(const ProgramIdentity& owner, const CopyBounds& bounds, std::string* err)
      : owner_(owner), bounds_(bounds), err_(err) {}

  bool CopyTree(const fs::path& from, const fs::path& to) {
    if (!MakeFolder(to)) return false;
    std::error_code ec;
    fs::directory_iterator it(from, fs::directory_options::none, ec);
    if (ec) return Fail("cannot read " + from.string() + ": " + ec.message());
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) return Fail("cannot read " + from.string() + ": " + ec.message());
      if (++entries_ > bounds_.entries) {
        return Fail("the submission has more than " + std::to_string(bounds_.entries) + " files and folders");
      }
      const fs::path target = to / it->path().filename();
      const fs::file_status status = it->symlink_status(ec);  // never follows a link
      if (ec) return Fail("cannot read " + it->path().string() + ": " + ec.message());
      bool ok = true;
      if (fs::is_symlink(status)) {
        ok = CopyLink(it->path(), target);
      } else if (fs::is_directory(status)) {
        ok = CopyTree(it->path(), target);
      } else if (fs::is_regular_file(status)) {
        ok = CopyFile(it->path(), target);
      }  // devices, FIFOs and sockets: left out
      if (!ok) return false;
    }
    return true;
  }

 private:
  bool Fail(std::string message) {
    *err_ = std::move(message);
    return false;
  }

  bool Own(const fs::path& path) {
    if (!owner_.uid) return true;
    if (lchown(path.c_str(), *owner_.uid, owner_.gid.value_or(static_cast<gid_t>(-1))) == 0) return true;
    return Fail("cannot give " + path.string() + " to the build's user: " + std::strerror(errno));
  }

  bool MakeFolder(const fs::path& path) {
    if (mkdir(path.c_str(), 0755) != 0) return Fail("cannot make " + path.string() + ": " + std::strerror(errno));
    return Own(path);
  }

  bool CopyLink(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    const fs::path target = fs::read_symlink(from, ec);
    if (ec) return Fail("cannot read the link " + from.string() + ": " + ec.message());
    if (symlink(target.c_str(), to.c_str()) != 0) {
      return Fail("cannot make the link " + to.string() + ": " + std::strerror(errno));
    }
    return Own(to);
  }

  // O_NOFOLLOW: the entry was a regular file when listed; if it has become
  // a link since, the copy fails rather than read what it points to.
  bool CopyFile(const fs::path& from, const fs::path& to) {
    const int in = open(from.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (in < 0) return Fail("cannot read " + from.string() + ": " + std::strerror(errno));
    struct stat st {};
    fstat(in, &st);
    const mode_t mode = (st.st_mode & 0111) != 0 ? 0755 : 0644;
    const int out = open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (out < 0) {
      close(in);
      return Fail("cannot make " + to.string() + ": " + std::strerror(errno));
    }
    bool ok = true;
    char buffer[64 * 1024];
    for (;;) {
      const ssize_t n = read(in, buffer, sizeof buffer);
      if (n == 0) break;
      if (n < 0) {
        ok = Fail("cannot read " + from.string() + ": " + std::strerror(errno));
        break;
      }
      bytes_ += static_cast<std::uint64_t>(n);
      if (bytes_ > bounds_.bytes) {
        ok = Fail("the submission is larger than " + FormatByteSize(bounds_.bytes));
        break;
      }
      if (write(out, buffer, static_cast<std::size_t>(n)) != n) {
        ok = Fail("cannot write " + to.string() + ": " + std::strerror(errno));
        break;
      }
    }
    close(in);
    if (close(out) != 0 && ok) ok = Fail("cannot write " + to.string() + ": " + std::strerror(errno));
    return ok && Own(to);
  }

  const ProgramIdentity& owner_;
  const CopyBounds& bounds_;
  std::string* err_;
  std::uint64_t bytes_ = 0;
  std::uint64_t entries_ = 0;
};

}  // namespace

bool CopySubmission(const std::string& from, const std::string& to, const ProgramIdentity& owner,
                    const CopyBounds& bounds, std::string* err) {
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(from, ec))) {
    *err = from + " is not a folder";
    return false;
  }
  return Copier(owner, bounds, err).CopyTree(from, to);
}

}  // namespace wirecheck
