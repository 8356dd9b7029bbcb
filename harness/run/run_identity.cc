#include "harness/run/run_identity.h"

#include <sys/stat.h>

#include <filesystem>

namespace wirecheck {

namespace {

// A folder `identity` cannot enter (no x for it).
bool ClosedTo(const struct stat& st, const ProgramIdentity& identity) {
  mode_t bit = S_IXOTH;
  if (identity.uid && st.st_uid == *identity.uid) bit = S_IXUSR;
  else if (identity.gid && st.st_gid == *identity.gid) bit = S_IXGRP;
  return (st.st_mode & bit) == 0;
}

}  // namespace

std::string UnreachableFolder(const std::string& path, const ProgramIdentity& identity) {
  namespace fs = std::filesystem;
  fs::path walked;
  for (const fs::path& part : fs::absolute(path).lexically_normal()) {
    walked /= part;
    struct stat st {};
    if (stat(walked.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return {};  // missing: the program's start says so
    if (ClosedTo(st, identity)) return walked.string();
  }
  return {};
}

RunIdentity ChooseRunIdentity(const std::vector<std::string>& folders, bool own_filesystem) {
  RunIdentity run;
  const ProgramIdentity nobody = UnprivilegedIdentityIfRoot();
  if (!nobody.uid) return run;
  run.identity = nobody;
  for (const std::string& folder : folders) {
    if (folder.empty()) continue;
    if (own_filesystem) {
      const std::string closed = std::filesystem::absolute(folder).lexically_normal().string();
      struct stat st {};
      if (stat(closed.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || !ClosedTo(st, nobody)) continue;
      run.warning = "wirecheck: warning: the programs run as nobody, who cannot enter " + closed +
                    ": a program that starts there or reads from it will fail. Make it enterable (chmod o+x " +
                    closed + ") (see docs/sandbox.md)";
      return run;
    }
    const std::string closed = UnreachableFolder(folder, nobody);
    if (closed.empty()) continue;
    run.identity = {};
    run.warning = "wirecheck: warning: the programs run as root on the host's files (no capability, but root's "
                  "files are theirs to read): " + closed + " cannot be entered by nobody, needed for " + folder +
                  ". Make it enterable (chmod o+x " + closed + ") to run them as nobody (see docs/sandbox.md)";
    return run;
  }
  return run;
}

}  // namespace wirecheck
