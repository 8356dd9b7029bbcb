#include "reports/escape.h"

#include <algorithm>

namespace wirecheck::reports {

namespace {

void AppendEscaped(char c, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '\n': *out += "\\n"; return;
    case '\r': *out += "\\r"; return;
    case '\t': *out += "\\t"; return;
    case '\\': *out += "\\\\"; return;
    case '"': *out += "\\\""; return;
    default: break;
  }
  if (c >= 0x20 && c < 0x7f) {
    out->push_back(c);
    return;
  }
  const auto byte = static_cast<unsigned char>(c);
  *out += "\\x";
  out->push_back(kHex[byte >> 4]);
  out->push_back(kHex[byte & 0xf]);
}

}  // namespace

std::string EscapeBytes(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (char c : bytes) AppendEscaped(c, &out);
  return out;
}

std::string EscapedPreview(std::string_view bytes, std::size_t max_bytes,
                           std::uint64_t total_length) {
  const std::size_t shown = std::min(bytes.size(), max_bytes);
  const std::uint64_t total = std::max<std::uint64_t>(total_length, bytes.size());
  std::string out = EscapeBytes(bytes.substr(0, shown));
  if (total > shown) {
    out += "\u2026(+" + std::to_string(total - shown) + (total - shown == 1 ? " byte)" : " bytes)");
  }
  return out;
}

std::string EscapedPreview(std::string_view bytes, std::size_t max_bytes) {
  return EscapedPreview(bytes, max_bytes, bytes.size());
}

}  // namespace wirecheck::reports
