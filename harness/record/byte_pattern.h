#pragma once
// Patterns for bytes that differ from run to run: what a recorded scenario
// asserts where an exact value would not hold (a client's line, a port in a
// program's output). RE2 syntax, bytes as Latin-1 (scenarios/README.md,
// "Regular expressions").

#include <string>
#include <string_view>
#include <vector>

namespace wirecheck {

/// RE2 text matching exactly `bytes`: metacharacters escaped, \n \r \t, any
/// other control or non-ASCII byte as \xHH.
std::string QuoteRegex(std::string_view bytes);

/// A pattern anchored at both ends that every sample matches: their common
/// prefix and suffix as they are, and between them a class of the bytes the
/// middles hold, repeated ("+", or "*" when a middle is empty). Letters and
/// digits go in as whole ranges (a-z, A-Z, 0-9), so that
/// {"hello sockets\n", "second client\n"} gives "^[ a-z]+\n$". A middle with
/// more than kMaxOtherBytes distinct other bytes gives "(?s:.)". Needs at least
/// one sample; one sample (or equal ones) gives its QuoteRegex, anchored.
std::string CommonPattern(const std::vector<std::string_view>& samples);

inline constexpr std::size_t kMaxOtherBytes = 12;

}  // namespace wirecheck
