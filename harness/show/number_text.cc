#include "harness/show/number_text.h"

#include <fmt/format.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

namespace wirecheck {

namespace {

__extension__ typedef unsigned __int128 Uint128;  // GCC and Clang on 64-bit targets

// "00" .. "99": two digits per division.
constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

int DigitCount(std::uint64_t n) {
  int digits = 1;
  for (; n >= 10000; n /= 10000) digits += 4;
  if (n >= 1000) return digits + 3;
  if (n >= 100) return digits + 2;
  return n >= 10 ? digits + 1 : digits;
}

/// `n` as exactly `width` digits (leading zeros) ending at `end`.
void PutDigitsBackwards(char* end, std::uint64_t n, int width) {
  while (width >= 2) {
    end -= 2;
    std::memcpy(end, kDigitPairs + 2 * (n % 100), 2);
    n /= 100;
    width -= 2;
  }
  if (width) *--end = static_cast<char>('0' + n % 10);
}

}  // namespace

char* PutUnsignedDigits(char* out, std::uint64_t n) {
  const int digits = DigitCount(n);
  PutDigitsBackwards(out + digits, n, digits);
  return out + digits;
}

void AppendUnsigned(std::uint64_t n, std::string* out) {
  char buffer[kMaxUnsignedDigits];
  out->append(buffer, PutUnsigned(buffer, n));
}

void AppendFixed6(double d, std::string* out) {
  // Exact: d is m * 2^e with m < 2^53, so d * 10^6 = m * 10^6 * 2^e, and
  // m * 10^6 < 2^73 fits in 128 bits. A value past 2^42 s (a century is
  // 2^32 s), NaN or an infinity goes to fmt itself.
  const double magnitude = std::fabs(d);
  if (!(magnitude < 0x1p42)) {
    fmt::format_to(std::back_inserter(*out), "{:.6f}", d);
    return;
  }
  const auto bits = std::bit_cast<std::uint64_t>(magnitude);
  const int biased = static_cast<int>(bits >> 52);
  std::uint64_t mantissa = bits & ((std::uint64_t{1} << 52) - 1);
  int exponent = biased - 1075;  // d = mantissa * 2^exponent
  if (biased == 0) {
    exponent = -1074;  // subnormal
  } else {
    mantissa |= std::uint64_t{1} << 52;
  }
  // exponent <= 42 - 52 < 0 here: a right shift by -exponent, rounded.
  const Uint128 scaled = static_cast<Uint128>(mantissa) * 1000000u;
  const int shift = -exponent;
  std::uint64_t micros = 0;
  if (shift < 128) {
    const Uint128 quotient = scaled >> shift;
    const Uint128 remainder = scaled - (quotient << shift);
    const Uint128 half = static_cast<Uint128>(1) << (shift - 1);
    micros = static_cast<std::uint64_t>(quotient);
    if (remainder > half || (remainder == half && (micros & 1))) ++micros;
  }  // else: below 2^-75, rounds to 0
  char buffer[1 + kMaxUnsignedDigits + 1];
  char* p = buffer;
  if (std::signbit(d)) *p++ = '-';
  const std::uint64_t whole = micros / 1000000;
  p = PutUnsigned(p, whole);
  *p++ = '.';
  PutDigitsBackwards(p + 6, micros % 1000000, 6);
  out->append(buffer, p + 6);
}

char* PutJsonNumber(char* out, double d) {
  if (!std::isfinite(d)) {
    std::memcpy(out, "null", 4);
    return out + 4;
  }
  // The function nlohmann's serializer itself calls for a double.
  return nlohmann::detail::to_chars(out, out + kMaxJsonNumber, d);
}

void AppendJsonNumber(double d, std::string* out) {
  char buffer[kMaxJsonNumber];
  out->append(buffer, PutJsonNumber(buffer, d));
}

}  // namespace wirecheck
