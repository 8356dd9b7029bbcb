#include "harness/model/network_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <utility>

namespace wirecheck {

namespace {

// A non-negative decimal number at the start of text; *used its length.
bool ParseNumber(std::string_view text, double* value, std::size_t* used) {
  std::size_t i = 0;
  bool digits = false;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, digits = true;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, digits = true;
  }
  if (!digits) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + i, *value);
  *used = i;
  return ec == std::errc() && end == text.data() + i && std::isfinite(*value);
}

constexpr std::pair<std::string_view, double> kRateUnits[] = {
    {"bit/s", 1.0 / 8}, {"kbit/s", 1e3 / 8}, {"Mbit/s", 1e6 / 8}, {"Gbit/s", 1e9 / 8},
    {"B/s", 1},         {"KB/s", 1e3},       {"MB/s", 1e6},       {"GB/s", 1e9},
    {"KiB/s", 1024},    {"MiB/s", 1048576},  {"GiB/s", 1073741824},
};
constexpr double kMostBytesPerSecond = 100e9 / 8;

}  // namespace

bool ParsePercent(std::string_view text, double* probability, std::string* err) {
  double value = 0;
  std::size_t used = 0;
  if (!ParseNumber(text, &value, &used) || used + 1 != text.size() || text.back() != '%') {
    *err = "expected a percentage such as 30% or 0.5%, got '" + std::string(text) + "'";
    return false;
  }
  if (value > 100) {
    *err = "'" + std::string(text) + "' is more than 100%";
    return false;
  }
  *probability = value / 100;
  return true;
}

bool ParseRate(std::string_view text, std::uint64_t* bytes_per_second, std::string* err) {
  double value = 0;
  std::size_t used = 0;
  const std::string expected = "expected a rate such as 1Mbit/s, 500kbit/s or 64KiB/s, got '" + std::string(text) + "'";
  if (!ParseNumber(text, &value, &used)) {
    *err = expected;
    return false;
  }
  const std::string_view unit = text.substr(used);
  for (const auto& [name, factor] : kRateUnits) {
    if (unit != name) continue;
    const double bytes = value * factor;
    if (bytes < 1 || bytes > kMostBytesPerSecond) {
      *err = "'" + std::string(text) + "' is out of range (1B/s to 100Gbit/s)";
      return false;
    }
    *bytes_per_second = static_cast<std::uint64_t>(std::llround(bytes));
    return true;
  }
  *err = expected;
  return false;
}

std::string FormatPercent(double probability) {
  char text[32];
  std::snprintf(text, sizeof text, "%g%%", probability * 100);
  return text;
}

}  // namespace wirecheck
