#include "harness/model/size_text.h"

#include <cctype>
#include <limits>
#include <utility>

namespace wirecheck {

namespace {

struct Unit {
  std::string_view name;
  std::uint64_t bytes;
};

constexpr Unit kUnits[] = {
    {"", 1},           {"B", 1},           {"KiB", 1ull << 10}, {"MiB", 1ull << 20},
    {"GiB", 1ull << 30}, {"KB", 1'000},    {"MB", 1'000'000},   {"GB", 1'000'000'000},
};

}  // namespace

bool ParseByteSize(std::string_view text, std::uint64_t* out, std::string* err) {
  const std::string quoted = "'" + std::string(text) + "'";
  std::size_t i = 0;
  std::uint64_t number = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    const std::uint64_t digit = static_cast<std::uint64_t>(text[i] - '0');
    if (number > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
      *err = "size " + quoted + " is too large";
      return false;
    }
    number = number * 10 + digit;
    ++i;
  }
  if (i == 0) {
    *err = (!text.empty() && text[0] == '-') ? "a size cannot be negative: " + quoted
                                             : "not a size: " + quoted + " (write e.g. 4096, 64KiB, 512MiB, 2GiB)";
    return false;
  }
  const std::string_view unit = text.substr(i);
  for (const Unit& u : kUnits) {
    if (unit != u.name) continue;
    if (number > std::numeric_limits<std::uint64_t>::max() / u.bytes) {
      *err = "size " + quoted + " is too large";
      return false;
    }
    *out = number * u.bytes;
    return true;
  }
  *err = "unknown unit in size " + quoted + " (units: B, KiB, MiB, GiB, KB, MB, GB)";
  return false;
}

std::string FormatByteSize(std::uint64_t bytes) {
  for (const auto& [name, unit] : {std::pair<const char*, std::uint64_t>{"GiB", 1ull << 30},
                                   {"MiB", 1ull << 20}, {"KiB", 1ull << 10}}) {
    if (bytes != 0 && bytes % unit == 0) return std::to_string(bytes / unit) + name;
  }
  return std::to_string(bytes);
}

}  // namespace wirecheck
