#include "harness/process/privileges.h"

#include <grp.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

namespace wirecheck {
namespace {

constexpr uid_t kNobody = 65534;

// The caller's effective capabilities, as capget() gives them.
bool HasEffective(int capability) {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  if (syscall(SYS_capget, &header, data) != 0) return false;
  return (data[capability / 32].effective & (1u << (capability % 32))) != 0;
}

}  // namespace

ProgramIdentity UnprivilegedIdentityIfRoot() {
  if (geteuid() != 0) return {};
  ProgramIdentity identity{kNobody, kNobody};
  if (const passwd* nobody = getpwnam("nobody")) {
    identity.uid = nobody->pw_uid;
    identity.gid = nobody->pw_gid;
  }
  return identity;
}

bool DropPrivileges(const ProgramIdentity& identity) {
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return false;
  if (identity.gid) {
    if (setgroups(0, nullptr) != 0 || setresgid(*identity.gid, *identity.gid, *identity.gid) != 0) return false;
  }
  if (HasEffective(CAP_SETPCAP)) {
    // uid 0 gains no capability at exec, and nothing can undo that.
    const unsigned long bits = SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP |
                               SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_KEEP_CAPS_LOCKED |
                               SECBIT_NO_CAP_AMBIENT_RAISE | SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED;
    if (prctl(PR_SET_SECUREBITS, bits, 0, 0, 0) != 0) return false;
    for (int cap = 0; cap <= CAP_LAST_CAP; ++cap) {
      if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) return false;
    }
  }
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) return false;
  if (identity.uid && setresuid(*identity.uid, *identity.uid, *identity.uid) != 0) return false;
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct none[2] = {};
  return syscall(SYS_capset, &header, none) == 0;
}

}  // namespace wirecheck
