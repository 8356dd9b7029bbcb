#include "capture/zeek_history.h"

namespace wirecheck::capture {
namespace {

char InDirectionCase(bool is_orig, char code) {
  if (is_orig || code < 'A' || code > 'Z') return code;
  return static_cast<char>(code - 'A' + 'a');
}

}  // namespace

bool ScaledRepeat::Count() {
  if (++count_ != threshold_) return false;
  const std::uint32_t next = threshold_ * 10;
  // Past 10^9 the threshold would wrap: Zeek then restarts the count and keeps
  // the threshold, and so do we.
  if (next <= threshold_) {
    count_ = 0;
  } else {
    threshold_ = next;
  }
  return true;
}

bool ZeekHistory::CheckOnce(bool is_orig, std::uint32_t bit, char code) {
  const std::uint32_t mask = is_orig ? bit : bit << 16;
  if ((seen_ & mask) != 0) return true;
  seen_ |= mask;
  Add(is_orig, code);
  return false;
}

void ZeekHistory::Add(bool is_orig, char code) {
  letters_.push_back(InDirectionCase(is_orig, code));
}

}  // namespace wirecheck::capture
