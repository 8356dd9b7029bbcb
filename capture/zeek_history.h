#pragma once
// The conn.log `history` string as Zeek builds it: letters upper case for the
// originator and lower case for the responder, most of them recorded once per
// direction (a bit per letter and direction), some repeated at 1, 10, 100...
// occurrences. Shared by ZeekTcp and ZeekUdp. Rules: docs/zeek-compatibility.md.

#include <cstdint>
#include <string>
#include <utility>

#include "capture/state_packer.h"

namespace wirecheck::capture {

/// The once-per-direction bits (Zeek's TCP_Endpoint::HistoryMasks; the
/// responder's are these shifted left by 16).
namespace history_bit {
inline constexpr std::uint32_t kSyn = 0x1;
inline constexpr std::uint32_t kFin = 0x2;
inline constexpr std::uint32_t kRst = 0x4;
inline constexpr std::uint32_t kFinRst = 0x8;
inline constexpr std::uint32_t kData = 0x10;
inline constexpr std::uint32_t kAck = 0x20;
inline constexpr std::uint32_t kMultiFlag = 0x40;
}  // namespace history_bit

/// Counts occurrences of one event and says when the count reaches the next
/// power of ten (1, 10, 100, ...), which is when Zeek repeats the letter.
class ScaledRepeat {
 public:
  /// Counts one more occurrence; true when this one earns a letter.
  bool Count();
  void PackTo(StatePacker& out) const {
    out.Unsigned(count_);
    out.Unsigned(threshold_);
  }
  void UnpackFrom(StateUnpacker& in) {
    count_ = in.Narrow<std::uint32_t>();
    threshold_ = in.Narrow<std::uint32_t>();
  }

 private:
  std::uint32_t count_ = 0;
  std::uint32_t threshold_ = 1;
};

class ZeekHistory {
 public:
  /// Records `code` for this direction unless its bit was already set (bits
  /// are positional: they do not move when the roles flip, as in Zeek).
  /// Returns true when the bit was already set.
  bool CheckOnce(bool is_orig, std::uint32_t bit, char code);
  /// Appends `code` in the direction's case, unconditionally.
  void Add(bool is_orig, char code);
  /// Appends a letter with no direction, e.g. '^'.
  void AddRaw(char code) { letters_.push_back(code); }
  /// Replaces the letters, keeping the once-per-direction bits (Zeek's
  /// Session::ReplaceHistory changes only the string).
  void Replace(std::string letters) { letters_ = std::move(letters); }

  const std::string& letters() const { return letters_; }
  void PackTo(StatePacker& out) const {
    out.Bytes(letters_);
    out.Unsigned(seen_);
  }
  void UnpackFrom(StateUnpacker& in) {
    letters_ = in.String();
    seen_ = in.Narrow<std::uint32_t>();
  }

 private:
  std::string letters_;
  std::uint32_t seen_ = 0;
};

}  // namespace wirecheck::capture
