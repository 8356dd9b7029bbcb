#include "harness/run/run_identity.h"

#include <sys/stat.h>

#include <filesystem>

namespace wirecheck {

std::string UnreachableFolder(const std::string& path, const ProgramIdentity& identity) {
  namespace fs = std::filesystem;
  fs::path walked;
  for (const fs::path& part : fs::absolute(path).lexically_normal()) {
    walked /= part;
    struct stat st {};
    if (stat(walked.c_str(), &st) != 0) return {};  // missing: the program's start says so
    if (!S_ISDIR(st.st_mode)) return {};
    mode_t bit = S_IXOTH;
    if (identity.uid && st.st_uid == *identity.uid) bit = S_IXUSR;
    else if (identity.gid && st.st_gid == *identity.gid) bit = S_IXGRP;
    if ((st.st_mode & bit) == 0) return walked.string();
  }
  return {};
}

RunIdentity ChooseRunIdentity(const std::vector<std::string>& folders) {
  RunIdentity run;
  const ProgramIdentity nobody = UnprivilegedIdentityIfRoot();
  if (!nobody.uid) return run;
  for (const std::string& folder : folders) {
    if (folder.empty()) continue;
    const std::string closed = UnreachableFolder(folder, nobody);
    if (closed.empty()) continue;
    run.warning = "wirecheck: warning: the programs run as root on the host's files (no capability, but root's "
                  "files are theirs to read): " + closed + " cannot be entered by nobody, needed for " + folder +
                  ". Make it enterable (chmod o+x " + closed + ") to run them as nobody (see docs/sandbox.md)";
    return run;
  }
  run.identity = nobody;
  return run;
}

}  // namespace wirecheck
