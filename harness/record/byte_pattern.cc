#include "harness/record/byte_pattern.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace wirecheck {
namespace {

std::string Hex(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02x", c);
  return buf;
}

// One byte inside a character class.
std::string InClass(unsigned char c) {
  if (c == '\n') return "\\n";
  if (c == '\r') return "\\r";
  if (c == '\t') return "\\t";
  if (c < 0x20 || c >= 0x7f) return Hex(c);
  if (c == ']' || c == '\\' || c == '^' || c == '-' || c == '[') return std::string("\\") + static_cast<char>(c);
  return std::string(1, static_cast<char>(c));
}

std::size_t CommonPrefix(const std::vector<std::string_view>& s) {
  std::size_t n = s.front().size();
  for (std::string_view x : s) {
    std::size_t i = 0;
    while (i < n && i < x.size() && x[i] == s.front()[i]) ++i;
    n = i;
  }
  return n;
}

// The common suffix of the samples after their first `prefix` bytes.
std::size_t CommonSuffix(const std::vector<std::string_view>& s, std::size_t prefix) {
  std::size_t n = s.front().size() - prefix;
  for (std::string_view x : s) {
    const std::size_t room = x.size() - prefix;
    std::size_t i = 0;
    while (i < n && i < room && x[x.size() - 1 - i] == s.front()[s.front().size() - 1 - i]) ++i;
    n = i;
  }
  return n;
}

}  // namespace

std::string QuoteRegex(std::string_view bytes) {
  std::string out;
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20 || c >= 0x7f) out += Hex(c);
    else if (std::string_view("\\.^$|?*+()[]{}").find(ch) != std::string_view::npos) (out += '\\') += ch;
    else out += ch;
  }
  return out;
}

std::string CommonPattern(const std::vector<std::string_view>& samples) {
  if (samples.empty()) return {};
  const std::size_t prefix = CommonPrefix(samples);
  const std::size_t suffix = CommonSuffix(samples, prefix);
  std::array<bool, 256> used{};
  bool any_empty = false, all_empty = true;
  for (std::string_view s : samples) {
    const std::string_view middle = s.substr(prefix, s.size() - prefix - suffix);
    any_empty = any_empty || middle.empty();
    all_empty = all_empty && middle.empty();
    for (const char c : middle) used[static_cast<unsigned char>(c)] = true;
  }
  const std::string_view first = samples.front();
  std::string out = "^" + QuoteRegex(first.substr(0, prefix));
  if (!all_empty) {
    std::string cls;
    const auto range = [&](char from, char to) {
      bool any = false;
      for (int c = from; c <= to; ++c) {
        any = any || used[c];
        used[c] = false;
      }
      if (any) cls += std::string(1, from) + "-" + std::string(1, to);
    };
    std::string others;
    std::size_t other_count = 0;
    for (int c = 0; c < 256; ++c) {
      const bool letter_or_digit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (used[c] && !letter_or_digit) {
        others += InClass(static_cast<unsigned char>(c));
        ++other_count;
      }
    }
    range('a', 'z');
    range('A', 'Z');
    range('0', '9');
    const std::string repeat = any_empty ? "*" : "+";
    out += other_count > kMaxOtherBytes ? "(?s:.)" + repeat : "[" + others + cls + "]" + repeat;
  }
  out += QuoteRegex(first.substr(first.size() - suffix)) + "$";
  return out;
}

}  // namespace wirecheck
