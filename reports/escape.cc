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

void AppendHex(unsigned char byte, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  *out += "\\x";
  out->push_back(kHex[byte >> 4]);
  out->push_back(kHex[byte & 0xf]);
}

// The length of the well-formed UTF-8 sequence of a printable code point
// (not C1, not a surrogate, not overlong) at text[i]; 0 when there is none.
std::size_t PrintableUtf8Length(std::string_view text, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = at(i);
  std::size_t length = 0;
  char32_t code = 0;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2, code = lead & 0x1f;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3, code = lead & 0x0f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4, code = lead & 0x07;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((at(i + k) & 0xc0) != 0x80) return 0;
    code = (code << 6) | (at(i + k) & 0x3f);
  }
  const char32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < smallest[length] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
  if (code < 0xa0) return 0;   // C1 controls: U+0080..U+009F
  return length;
}

}  // namespace

std::string EscapeControls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte < 0x7f) {
      out.push_back(text[i++]);
    } else if (const std::size_t n = byte >= 0x80 ? PrintableUtf8Length(text, i) : 0; n > 0) {
      out.append(text.substr(i, n));
      i += n;
    } else {
      AppendHex(byte, &out);
      ++i;
    }
  }
  return out;
}

std::string EscapeControlsByLine(std::string_view text) {
  std::string out;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    out += EscapeControls(text.substr(start, end - start));
    if (end < text.size()) out += '\n';
    start = end + 1;
  }
  return out;
}

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
