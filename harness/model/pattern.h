#pragma once
// The regular expressions of a scenario (text matches, scripted peers'
// `expect`, history patterns), searched in bytes a program under test
// chose. RE2 syntax, not ECMAScript: RE2 runs in time linear in the bytes
// and within a fixed memory budget, without recursion, so no line and no
// pattern can crash or stall the harness. RE2 itself stays behind this file.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace wirecheck {

/// RE2's memory budget for one pattern (its compiled program and its
/// search caches); a search that would need more falls back to a slower
/// linear search, never to more memory. RE2's own default.
inline constexpr std::size_t kPatternMaxMemory = std::size_t{8} << 20;

/// A compiled pattern. Immutable, so one may be shared by threads and peers.
class Pattern {
 public:
  /// The pattern compiled, or nullptr with *err: RE2's message, with a note
  /// when the pattern uses what RE2 syntax lacks (backreferences, lookaround).
  static std::unique_ptr<const Pattern> Compile(std::string_view pattern, std::string* err);

  ~Pattern();
  Pattern(const Pattern&) = delete;
  Pattern& operator=(const Pattern&) = delete;

  /// True when the pattern matches somewhere in `bytes` (not anchored: the
  /// pattern says ^ or $). Each byte is one character (Latin-1), so any
  /// byte, NUL and 0x80-0xff included, is matched as itself; `.` is any
  /// byte but '\n'; ^ and $ are the start and end of all the bytes.
  bool Search(std::string_view bytes) const;

 private:
  explicit Pattern(std::unique_ptr<const re2::RE2> re);
  std::unique_ptr<const re2::RE2> re_;
};

/// `pattern` compiled once per process and kept (the same pattern is
/// searched in every connection of a run: 1,000 in the load example);
/// nullptr when it does not compile (the loader has checked it). Thread-safe.
const Pattern* CompiledPattern(const std::string& pattern);

}  // namespace wirecheck
