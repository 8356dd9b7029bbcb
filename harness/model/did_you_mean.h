#pragma once
// "did you mean" suggestions for misspelt keys and values.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace wirecheck {

/// Edit distance counting insertions, deletions, substitutions and swaps of
/// two neighbours (optimal string alignment), ignoring case and treating
/// '-' and '_' as the same character.
std::size_t EditDistance(std::string_view a, std::string_view b);

/// The candidate closest to word, if close enough to be a likely typo: at
/// most 1 edit for words of up to 5 characters, 2 up to 8, 3 beyond. Ties go
/// to the earlier candidate.
std::optional<std::string> DidYouMean(std::string_view word, std::span<const std::string_view> candidates);

/// " (did you mean 'x'?)" or "".
std::string DidYouMeanSuffix(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace wirecheck
