#include "harness/verify/hints.h"

#include <signal.h>

#include <algorithm>
#include <cctype>

namespace wirecheck::hints {
namespace {

bool EqualIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool AllZero(std::string_view bytes) {
  return !bytes.empty() && std::all_of(bytes.begin(), bytes.end(), [](char c) { return c == '\0'; });
}

}  // namespace

std::string_view ForTextMismatch(const TextMatchResult& result, std::string_view observed) {
  const std::string_view expected = result.expected_text;
  if (!expected.empty() && EqualIgnoringCase(expected, observed)) return kCaseDiffers;
  if (result.length == LengthDifference::kExtra) {
    const std::string_view extra = observed.substr(std::min(expected.size(), observed.size()));
    return AllZero(extra) || extra.size() >= 256 ? kPadded : kExtraBytes;
  }
  if (result.length == LengthDifference::kShort) {
    if (expected.size() == observed.size() + 1 && expected.back() == '\n') return kMissingNewline;
    return kShort;
  }
  // A buffer sent whole: the expected bytes, then zeros in place of the rest.
  if (result.difference && observed.size() > expected.size() &&
      result.difference->offset < observed.size() && observed[result.difference->offset] == '\0') {
    return kPadded;
  }
  return kBytesDiffer;
}

std::string_view ForSignal(const Signaled& signaled) {
  if (signaled.memory_cap > 0) return kMemoryCap;
  switch (signaled.signal) {
    case SIGSEGV:
    case SIGBUS: return kSegfault;
    case SIGPIPE: return kBrokenPipe;
    default: return kCrash;
  }
}

}  // namespace wirecheck::hints
