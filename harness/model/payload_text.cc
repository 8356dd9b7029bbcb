#include "harness/model/payload_text.h"

#include <cstdio>

namespace wirecheck {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The character after a backslash, for the simple escapes; 0 if not one.
bool SimpleEscape(char c, char* byte) {
  switch (c) {
    case 'n': *byte = '\n'; return true;
    case 'r': *byte = '\r'; return true;
    case 't': *byte = '\t'; return true;
    case '0': *byte = '\0'; return true;
    case '\\': *byte = '\\'; return true;
    case '"': *byte = '"'; return true;
    case '\'': *byte = '\''; return true;
    default: return false;
  }
}

}  // namespace

bool ParseEscapedText(std::string_view text, std::string* bytes, std::string* err) {
  bytes->clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      bytes->push_back(text[i]);
      continue;
    }
    if (i + 1 == text.size()) {
      *err = "a backslash at the end of the text: write \\\\ for a backslash";
      return false;
    }
    char byte = 0;
    const char c = text[++i];
    if (SimpleEscape(c, &byte)) {
      bytes->push_back(byte);
    } else if (c == 'x') {
      const int hi = i + 1 < text.size() ? HexValue(text[i + 1]) : -1;
      const int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        *err = "\\x needs two hex digits, as in \\x0a";
        return false;
      }
      bytes->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      *err = std::string("unknown escape \\") + c +
             " (escapes: \\n \\r \\t \\0 \\\\ \\\" \\' \\xHH)";
      return false;
    }
  }
  return true;
}

bool ParseHexBytes(std::string_view hex, std::string* bytes, std::string* err) {
  bytes->clear();
  int pending = -1;
  for (char c : hex) {
    if (c == ' ' || c == '\t' || c == '\n' || c == ':') {
      if (pending >= 0) {
        *err = "hex digits come in pairs: a lone digit before a separator";
        return false;
      }
      continue;
    }
    const int v = HexValue(c);
    if (v < 0) {
      *err = std::string("not a hex digit: '") + c + "'";
      return false;
    }
    if (pending < 0) {
      pending = v;
    } else {
      bytes->push_back(static_cast<char>(pending * 16 + v));
      pending = -1;
    }
  }
  if (pending >= 0) {
    *err = "an odd number of hex digits";
    return false;
  }
  return true;
}

std::string EscapeBytes(std::string_view bytes) {
  std::string out;
  for (char c : bytes) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\0': out += "\\0"; break;
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      default:
        if (c >= 0x20 && c < 0x7f) {
          out += c;
        } else {
          char buf[5];
          std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
          out += buf;
        }
    }
  }
  return out;
}

}  // namespace wirecheck
