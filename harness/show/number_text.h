#pragma once
// Numbers as text for the rows of `wirecheck show`, written by hand straight
// into the output: fmt::format and nlohmann's dump() cost more per row than
// the row's analysis did (README, "Performance"). Each gives the same bytes
// as the formatter it replaces (number_text_test.cc compares them).

#include <cstdint>
#include <string>

namespace wirecheck {

/// Longest text PutUnsigned writes (18446744073709551615).
inline constexpr int kMaxUnsignedDigits = 20;

/// `n` in decimal at `out` (room for kMaxUnsignedDigits); returns the end.
/// Inline for one digit: most counts of a row are 0 or small.
char* PutUnsignedDigits(char* out, std::uint64_t n);
inline char* PutUnsigned(char* out, std::uint64_t n) {
  if (n >= 10) return PutUnsignedDigits(out, n);
  *out = static_cast<char>('0' + n);
  return out + 1;
}

void AppendUnsigned(std::uint64_t n, std::string* out);

/// `d` with six decimals, as fmt's "{:.6f}" (and printf's "%.6f"): the exact
/// binary value rounded to the nearest, ties to even.
void AppendFixed6(double d, std::string* out);

/// `d` as nlohmann::json(d).dump() writes it: the shortest text that reads
/// back the same, ".0" on whole numbers, exponents outside 1e-5..1e15, and
/// null for NaN and infinities.
void AppendJsonNumber(double d, std::string* out);
/// Room PutJsonNumber needs (its longest text is 24 bytes).
inline constexpr int kMaxJsonNumber = 32;
/// AppendJsonNumber's text at `out` (room for kMaxJsonNumber); returns the end.
char* PutJsonNumber(char* out, double d);

}  // namespace wirecheck
