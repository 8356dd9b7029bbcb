#pragma once
// A submission copied to a folder of its own before anything of it runs:
// the build writes there, never into the teacher's copy, and every
// submission starts from the same state on every grading (determinism,
// --resume). The folder holds a student's files, so the copy trusts none:
// symbolic links are copied as links and never followed (a link to
// /etc/shadow stays a link, resolved later inside the sandbox with the
// programs' rights), devices, FIFOs and sockets are left out, and a
// submission larger than the bounds is refused rather than filling the disk.

#include <cstdint>
#include <string>

#include "harness/process/privileges.h"

namespace wirecheck {

struct CopyBounds {
  std::uint64_t bytes = 256ull << 20;  // of all regular files together
  std::uint64_t entries = 20000;       // files, folders and links
};

/// Copies the tree at `from` to `to` (made here; its parent must exist).
/// The copy belongs to `owner` when one is set (root's builds run as
/// nobody, who must write there). False with *err in plain words for the
/// student ("the submission is larger than 256 MiB").
bool CopySubmission(const std::string& from, const std::string& to, const ProgramIdentity& owner,
                    const CopyBounds& bounds, std::string* err);

}  // namespace wirecheck
