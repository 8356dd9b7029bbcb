#include "harness/model/did_you_mean.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace wirecheck {

namespace {

char Fold(char c) {
  if (c == '-') return '_';
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

std::size_t MaxDistance(std::size_t length) {
  if (length <= 5) return 1;
  if (length <= 8) return 2;
  return 3;
}

}  // namespace

std::size_t EditDistance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  // Three rows: the one before the previous is needed for swaps.
  std::vector<std::size_t> before(m + 1), previous(m + 1), current(m + 1);
  for (std::size_t j = 0; j <= m; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const bool same = Fold(a[i - 1]) == Fold(b[j - 1]);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && Fold(a[i - 1]) == Fold(b[j - 2]) && Fold(a[i - 2]) == Fold(b[j - 1])) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[m];
}

std::optional<std::string> DidYouMean(std::string_view word, std::span<const std::string_view> candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = MaxDistance(word.size()) + 1;
  for (std::string_view candidate : candidates) {
    // The distance is at least the difference in length: a word far longer
    // than every candidate (a 2 KB "placeholder") costs no edit distance.
    const std::size_t apart = word.size() > candidate.size() ? word.size() - candidate.size()
                                                             : candidate.size() - word.size();
    if (apart >= best_distance) continue;
    const std::size_t d = EditDistance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(candidate);
    }
  }
  return best;
}

std::string DidYouMeanSuffix(std::string_view word, std::span<const std::string_view> candidates) {
  const auto suggestion = DidYouMean(word, candidates);
  return suggestion ? " (did you mean '" + *suggestion + "'?)" : "";
}

}  // namespace wirecheck
