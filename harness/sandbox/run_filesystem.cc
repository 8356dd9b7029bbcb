#include "harness/sandbox/run_filesystem.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace wirecheck {
namespace {

// Where the new root is assembled: a tmpfs mounted over the old root's /tmp,
// in the run's mount namespace only (bubblewrap does the same). Sources are
// reached through descriptors opened before, so hiding /tmp hides nothing
// a run needs.
constexpr char kBase[] = "/tmp";

// Shown read-only where they exist; links (Debian's merged /usr: /bin ->
// usr/bin) are made again as the same links.
constexpr const char* kSystemFolders[] = {"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/opt"};
constexpr const char* kSharedFolders[] = {"/",    "/tmp", "/var/tmp", "/dev/shm", "/run",  "/var/run", "/home",
                                          "/var", "/proc", "/sys",    "/dev",     "/mnt", "/media"};
constexpr const char* kDevices[] = {"null", "zero", "full", "random", "urandom"};

// <linux/mount.h> clashes with glibc's <sys/mount.h> before glibc 2.37.
struct MountAttr {
  std::uint64_t attr_set = 0, attr_clr = 0, propagation = 0, userns_fd = 0;
};
constexpr std::uint64_t kAttrReadOnly = 0x1, kAttrNoSuid = 0x2, kAttrNoDev = 0x4;
constexpr unsigned kAtRecursive = 0x8000;

std::string FdPath(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

bool Within(const std::string& path, const std::string& folder) {
  return path == folder ||
         (path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 && path[folder.size()] == '/');
}

// mkdir -p of an absolute path below kBase; EEXIST is fine.
bool MakeFolders(const std::string& path) {
  for (std::size_t slash = std::strlen(kBase) + 1; slash != std::string::npos;) {
    slash = path.find('/', slash + 1);
    const std::string prefix = path.substr(0, slash);
    if (mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST) return false;
  }
  return true;
}

// Adds flags to every mount of the tree at path (mount_setattr, Linux 5.12),
// or, on an older kernel, to its top mount by a remount that keeps the flags
// the kernel locked on it (it refuses a remount that would clear them).
bool AddMountFlags(const std::string& path, std::uint64_t attrs) {
#ifdef SYS_mount_setattr
  MountAttr attr;
  attr.attr_set = attrs;
  if (syscall(SYS_mount_setattr, AT_FDCWD, path.c_str(), kAtRecursive, &attr, sizeof attr) == 0) return true;
  if (errno != ENOSYS) return false;
#endif
  struct statvfs st {};
  if (statvfs(path.c_str(), &st) != 0) return false;
  unsigned long flags = MS_REMOUNT | MS_BIND;
  if ((attrs & kAttrReadOnly) || (st.f_flag & ST_RDONLY)) flags |= MS_RDONLY;
  if ((attrs & kAttrNoSuid) || (st.f_flag & ST_NOSUID)) flags |= MS_NOSUID;
  if ((attrs & kAttrNoDev) || (st.f_flag & ST_NODEV)) flags |= MS_NODEV;
  if (st.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
  if (st.f_flag & ST_NOATIME) flags |= MS_NOATIME;
  if (st.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
  if (st.f_flag & ST_RELATIME) flags |= MS_RELATIME;
  return mount(nullptr, path.c_str(), nullptr, flags, nullptr) == 0;
}

bool BindReadOnly(int fd, const std::string& at) {
  return MakeFolders(at) && mount(FdPath(fd).c_str(), at.c_str(), nullptr, MS_BIND | MS_REC, nullptr) == 0 &&
         AddMountFlags(at, kAttrReadOnly | kAttrNoSuid | kAttrNoDev);
}

bool BindWritable(int fd, const std::string& at) {
  return MakeFolders(at) && mount(FdPath(fd).c_str(), at.c_str(), nullptr, MS_BIND, nullptr) == 0 &&
         AddMountFlags(at, kAttrNoSuid | kAttrNoDev);
}

bool MountTmpfs(const std::string& at, std::uint64_t bytes, const char* mode, unsigned long flags) {
  const std::string options = "mode=" + std::string(mode) + ",size=" + std::to_string(bytes);
  return MakeFolders(at) && mount("tmpfs", at.c_str(), "tmpfs", flags, options.c_str()) == 0;
}

// /dev: the harmless devices, bound from the host's (no device node can be
// made in a user namespace), the /proc/self/fd links, and /dev/shm.
bool MakeDev(const std::string& dev, std::uint64_t shm_bytes, std::string* step) {
  *step = "mounting /dev";
  if (!MountTmpfs(dev, 64 * 1024, "0755", MS_NOSUID | MS_NOEXEC)) return false;
  for (const char* name : kDevices) {
    *step = std::string("binding /dev/") + name;
    const std::string at = dev + "/" + name;
    const int fd = open(at.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
    if (fd < 0) return false;
    close(fd);
    const std::string host = std::string("/dev/") + name;
    if (mount(host.c_str(), at.c_str(), nullptr, MS_BIND, nullptr) != 0) return false;
  }
  *step = "linking /dev/fd";
  const std::pair<const char*, const char*> links[] = {
      {"fd", "/proc/self/fd"}, {"stdin", "/proc/self/fd/0"}, {"stdout", "/proc/self/fd/1"}, {"stderr", "/proc/self/fd/2"}};
  for (const auto& [name, target] : links) {
    if (symlink(target, (dev + "/" + name).c_str()) != 0) return false;
  }
  *step = "mounting /dev/shm";
  return MountTmpfs(dev + "/shm", shm_bytes, "1777", MS_NOSUID | MS_NODEV);
}

}  // namespace

bool IsSharedFolder(const std::string& path) {
  return std::find(std::begin(kSharedFolders), std::end(kSharedFolders), path) != std::end(kSharedFolders);
}

bool RunFilesystem::Open(const FilesystemView& view, FilesystemFailure* failure) {
  Close();
  auto fail = [&](std::string step) {
    *failure = {std::move(step), errno};
    Close();
    return false;
  };
  for (const char* folder : kSystemFolders) {
    struct stat st {};
    if (lstat(folder, &st) != 0) continue;
    if (S_ISLNK(st.st_mode)) {
      char text[PATH_MAX];
      const ssize_t n = readlink(folder, text, sizeof text);
      if (n > 0 && n < static_cast<ssize_t>(sizeof text)) system_.push_back({folder, -1, std::string(text, n)});
      continue;
    }
    if (!S_ISDIR(st.st_mode)) continue;
    const int fd = open(folder, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return fail(std::string("opening ") + folder);
    system_.push_back({folder, fd, {}});
  }
  std::vector<std::pair<std::string, bool>> paths;  // canonical, writable
  for (const auto* list : {&view.read_only, &view.writable}) {
    for (const std::string& given : *list) {
      if (given.empty()) continue;
      char* real = realpath(given.c_str(), nullptr);
      if (real == nullptr) {
        if (errno == ENOENT || errno == ENOTDIR) continue;
        return fail("resolving " + given);
      }
      paths.emplace_back(real, list == &view.writable);
      std::free(real);
    }
  }
  std::sort(paths.begin(), paths.end());  // a folder before the folders inside it
  for (const auto& [path, writable] : paths) {
    if (IsSharedFolder(path)) {
      errno = EINVAL;
      return fail("showing " + path + " to the run (a folder the whole host shares; give the run one of its own)");
    }
    auto covers = [&](const Entry& e) { return e.fd >= 0 && !e.writable && Within(path, e.path); };
    if (!writable && (std::any_of(system_.begin(), system_.end(), covers) ||
                      std::any_of(folders_.begin(), folders_.end(), covers))) {
      continue;  // visible already, read-only
    }
    const int fd = open(path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOTDIR) continue;
      return fail("opening " + path);
    }
    folders_.push_back({path, fd, {}, writable});
  }
  scratch_ = view.scratch;
  if (!scratch_.empty()) {
    if (char* real = realpath(scratch_.c_str(), nullptr)) {
      scratch_ = real;
      std::free(real);
    }
    if (scratch_.front() != '/' || scratch_ == "/") {
      errno = EINVAL;
      return fail("mounting {tmp} at " + view.scratch + " (not an absolute folder)");
    }
  }
  tmp_bytes_ = view.tmp_bytes;
  shm_bytes_ = view.shm_bytes;
  return true;
}

bool RunFilesystem::Build(FilesystemFailure* failure) {
  std::string step;
  auto fail = [&]() {
    *failure = {step, errno};
    Close();
    return false;
  };
  const std::string base = kBase;
  step = "mounting the run's root (a tmpfs over /tmp)";
  if (mount("tmpfs", kBase, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m") != 0) return fail();
  for (const Entry& e : system_) {
    step = (e.fd < 0 ? "linking " : "bind-mounting ") + e.path;
    if (e.fd < 0 ? symlink(e.target.c_str(), (base + e.path).c_str()) != 0 : !BindReadOnly(e.fd, base + e.path)) {
      return fail();
    }
  }
  step = "mounting a private /tmp";
  if (!MountTmpfs(base + "/tmp", tmp_bytes_, "1777", MS_NOSUID | MS_NODEV)) return fail();
  if (!MakeDev(base + "/dev", shm_bytes_, &step)) return fail();
  // The run's own /proc: its PID namespace's processes only. The kernel
  // refuses it where the host's /proc is partly hidden (Docker masks some
  // paths); then the host's is shown read-only, whose other processes a
  // program may list but not ptrace or signal (no capability, another user).
  step = "mounting /proc";
  const std::string proc = base + "/proc";
  if (!MakeFolders(proc)) return fail();
  if (mount("proc", proc.c_str(), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0 &&
      (mount("/proc", proc.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0 ||
       !AddMountFlags(proc, kAttrReadOnly | kAttrNoSuid | kAttrNoDev))) {
    return fail();
  }
  for (const Entry& e : folders_) {
    step = "bind-mounting " + e.path;
    if (!(e.writable ? BindWritable(e.fd, base + e.path) : BindReadOnly(e.fd, base + e.path))) return fail();
  }
  if (!scratch_.empty()) {
    step = "mounting {tmp} at " + scratch_;
    if (!MountTmpfs(base + scratch_, tmp_bytes_, "0700", MS_NOSUID | MS_NODEV)) return fail();
  }
  step = "making /run and /var/tmp";
  if (!MakeFolders(base + "/run") || !MakeFolders(base + "/var") ||
      (symlink("/tmp", (base + "/var/tmp").c_str()) != 0 && errno != EEXIST)) {
    return fail();
  }
  Close();
  // pivot_root(".", "."): the old root ends up under the new one, and the
  // detach takes it (and every host mount in it) out of the namespace.
  step = "pivot_root";
  if (chdir(kBase) != 0 || syscall(SYS_pivot_root, ".", ".") != 0) return fail();
  step = "detaching the host's root";
  if (umount2(".", MNT_DETACH) != 0 || chdir("/") != 0) return fail();
  step = "making / read-only";
  if (mount(nullptr, "/", nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, nullptr) != 0) return fail();
  step = "making /dev read-only";
  if (mount(nullptr, "/dev", nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NOEXEC, nullptr) != 0) {
    return fail();
  }
  return true;
}

void RunFilesystem::Close() {
  for (std::vector<Entry>* entries : {&system_, &folders_}) {
    for (const Entry& e : *entries) {
      if (e.fd >= 0) close(e.fd);
    }
    entries->clear();
  }
}

}  // namespace wirecheck
