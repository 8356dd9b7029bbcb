#pragma once
// A TextMatch (scenario.h) applied to bytes: a process's output, a TCP side's
// reassembled stream, a datagram. Says which condition failed and, for
// `exact` and `lines`, where the bytes part: the offset of the first
// differing byte with the expected and observed bytes. Pure; no I/O.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "harness/model/scenario.h"
#include "reports/report.h"

namespace wirecheck {

enum class MatchVerdict {
  kMatch,
  kMismatch,
  /// The bytes seen are only a head of the whole (a capture gap, an output
  /// cap) and neither prove nor disprove the match.
  kUndecided,
};

/// How the observed bytes differ in length from the expected ones, when
/// one is a prefix of the other.
enum class LengthDifference { kNone, kShort, kExtra };

struct TextMatchResult {
  MatchVerdict verdict = MatchVerdict::kMatch;
  std::string condition;    // the condition that decided: "exact", "contains", "regex", "lines"
  std::string explanation;  // one line, plain words; empty on a match
  /// exact and lines: where the bytes part (`where` left for the caller).
  std::optional<reports::ByteDifference> difference;
  LengthDifference length = LengthDifference::kNone;
  std::string expected_text;  // exact / lines: the whole expected bytes, for hints
};

/// `text` is everything observed when `complete`, else only a head of it.
TextMatchResult MatchText(const TextMatch& match, std::string_view text, bool complete = true);

/// How many bytes of a payload or an output a message shows.
inline constexpr std::size_t kPreviewBytes = 40;

/// "\"HELLO\\n\"" or, with several conditions, "exact \"..\", contains \"..\"".
std::string DescribeTextMatch(const TextMatch& match);

/// Index of the first byte where a and b differ; min(size) when one is a
/// prefix of the other.
std::size_t FirstDifference(std::string_view a, std::string_view b);

}  // namespace wirecheck
