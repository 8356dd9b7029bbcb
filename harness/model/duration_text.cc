#include "harness/model/duration_text.h"

#include <cctype>
#include <cstdint>
#include <limits>

namespace wirecheck {

namespace {

struct Unit {
  std::string_view name;
  std::int64_t nanoseconds;
};

// Longest names first, so "ms" is not read as "m" followed by "s".
constexpr Unit kUnits[] = {
    {"ns", 1}, {"us", 1'000}, {"ms", 1'000'000}, {"s", 1'000'000'000},
    {"m", 60'000'000'000}, {"h", 3'600'000'000'000},
};

const Unit* MatchUnit(std::string_view rest) {
  const Unit* best = nullptr;
  for (const Unit& u : kUnits) {
    if (rest.substr(0, u.name.size()) == u.name && (!best || u.name.size() > best->name.size())) best = &u;
  }
  return best;
}

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

bool ParseDuration(std::string_view text, Duration* out, std::string* err) {
  const std::string quoted = "'" + std::string(text) + "'";
  if (text.empty()) {
    *err = "an empty duration: write e.g. 250ms or 2s";
    return false;
  }
  if (text[0] == '-') {
    *err = "a duration cannot be negative: " + quoted;
    return false;
  }
  long double total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t start = i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    std::size_t digits = i - start;
    if (i < text.size() && text[i] == '.') {
      ++i;
      while (i < text.size() && IsDigit(text[i])) ++i, ++digits;
    }
    if (digits == 0) {
      *err = "not a duration: " + quoted + " (write e.g. 250ms, 2s, 1m30s)";
      return false;
    }
    const std::string number(text.substr(start, i - start));
    if (i == text.size()) {
      *err = quoted + " has no unit: write " + number + "s or " + number + "ms";
      return false;
    }
    const Unit* unit = MatchUnit(text.substr(i));
    if (!unit) {
      *err = "unknown unit in duration " + quoted + " (units: ns, us, ms, s, m, h)";
      return false;
    }
    i += unit->name.size();
    total += std::stold(number) * static_cast<long double>(unit->nanoseconds);
  }
  if (total > static_cast<long double>(std::numeric_limits<std::int64_t>::max() / 2)) {
    *err = "duration " + quoted + " is too long";
    return false;
  }
  *out = Duration(static_cast<std::int64_t>(total + 0.5L));
  return true;
}

std::string FormatDuration(Duration d) {
  std::int64_t ns = d.count();
  if (ns == 0) return "0s";
  constexpr std::int64_t kSecond = 1'000'000'000;
  if (ns % kSecond != 0) {
    // The largest sub-second unit that keeps the value whole: "1500ms".
    for (std::int64_t unit : {std::int64_t{1'000'000}, std::int64_t{1'000}}) {
      if (ns % unit == 0) return std::to_string(ns / unit) + (unit == 1'000 ? "us" : "ms");
    }
    return std::to_string(ns) + "ns";
  }
  std::string text;
  for (const auto& [name, unit] : {std::pair<const char*, std::int64_t>{"h", 3600 * kSecond},
                                   {"m", 60 * kSecond}, {"s", kSecond}}) {
    if (ns >= unit) text += std::to_string(ns / unit) + name;
    ns %= unit;
  }
  return text;
}

}  // namespace wirecheck
