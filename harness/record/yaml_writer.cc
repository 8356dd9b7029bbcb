#include "harness/record/yaml_writer.h"

#include <cstdio>

#include "harness/model/payload_text.h"

namespace wirecheck {
namespace {

bool Printable(unsigned char c) { return c >= 0x20 && c < 0x7f; }

std::string SingleQuoted(std::string_view text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// YAML's double-quoted style: its own escapes, so any text survives.
std::string DoubleQuoted(std::string_view text) {
  std::string out = "\"";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '"') out += "\\\"";
    else if (ch == '\\') out += "\\\\";
    else if (ch == '\n') out += "\\n";
    else if (ch == '\t') out += "\\t";
    else if (ch == '\r') out += "\\r";
    else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += ch;  // UTF-8 passes as it is
    }
  }
  return out + "\"";
}

// Text YAML reads back as this same string when written plain: no
// indicator at the start, no ": " or " #" inside, no space at either end,
// and printable (UTF-8 letters allowed).
bool PlainSafe(std::string_view s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ' || s.back() == ':') return false;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(s.front()) != std::string_view::npos) return false;
  if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos) return false;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return false;
  }
  return true;
}

// How a scalar is written: a quoted one stays a string; a plain one stays
// plain when that reads back the same.
std::string ScalarText(const YamlTree& t) {
  if (t.quoted) {
    bool printable = true;
    for (const char c : t.scalar) printable = printable && (Printable(static_cast<unsigned char>(c)) || (c & 0x80));
    return printable ? SingleQuoted(t.scalar) : DoubleQuoted(t.scalar);
  }
  return PlainSafe(t.scalar) ? t.scalar : DoubleQuoted(t.scalar);
}

std::string KeyText(const std::string& key) { return PlainSafe(key) ? key : DoubleQuoted(key); }

bool IsLeaf(const YamlTree& t) { return t.kind == YamlTree::Kind::kScalar || t.kind == YamlTree::Kind::kNull; }

std::string InlineText(const YamlTree& t) {
  switch (t.kind) {
    case YamlTree::Kind::kNull: return "null";
    case YamlTree::Kind::kScalar: return ScalarText(t);
    case YamlTree::Kind::kMap: {
      if (t.map.empty()) return "{}";
      std::string out = "{ ";
      for (std::size_t i = 0; i < t.map.size(); ++i) {
        out += (i ? ", " : "") + KeyText(t.map[i].key) + ": " + InlineText(t.map[i].value);
      }
      return out + " }";
    }
    case YamlTree::Kind::kList: {
      std::string out = "[";
      for (std::size_t i = 0; i < t.list.size(); ++i) out += (i ? ", " : "") + InlineText(t.list[i]);
      return out + "]";
    }
  }
  return {};
}

bool Inline(const YamlTree& t) {
  if (IsLeaf(t) || t.flow) return true;
  return t.kind == YamlTree::Kind::kMap ? t.map.empty() : t.list.empty();
}

void Comments(const YamlTree& t, const std::string& indent, std::ostream& out) {
  for (const std::string& line : t.comments) out << indent << (line.empty() ? "#" : "# " + line) << '\n';
}

void WriteBlock(const YamlTree& t, int depth, std::ostream& out);

// A list item: "- value", or "- key: value" with the mapping's other keys
// under it.
void WriteItem(const YamlTree& item, int depth, std::ostream& out) {
  const std::string indent(2 * depth, ' ');
  Comments(item, indent, out);
  if (Inline(item)) {
    out << indent << "- " << InlineText(item) << '\n';
    return;
  }
  if (item.kind == YamlTree::Kind::kList) {
    out << indent << "-\n";
    WriteBlock(item, depth + 1, out);
    return;
  }
  for (std::size_t i = 0; i < item.map.size(); ++i) {
    const auto& [key, value] = item.map[i];
    const std::string lead = i == 0 ? indent + "- " : indent + "  ";
    if (i > 0) Comments(value, indent + "  ", out);
    if (Inline(value)) {
      out << lead << KeyText(key) << ": " << InlineText(value) << '\n';
    } else {
      out << lead << KeyText(key) << ":\n";
      WriteBlock(value, depth + 2, out);
    }
  }
}

void WriteBlock(const YamlTree& t, int depth, std::ostream& out) {
  const std::string indent(2 * depth, ' ');
  if (t.kind == YamlTree::Kind::kList) {
    for (const YamlTree& item : t.list) WriteItem(item, depth, out);
    return;
  }
  for (const auto& [key, value] : t.map) {
    Comments(value, indent, out);
    if (Inline(value)) {
      out << indent << KeyText(key) << ": " << InlineText(value) << '\n';
    } else {
      out << indent << KeyText(key) << ":\n";
      WriteBlock(value, depth + 1, out);
    }
  }
}

}  // namespace

YamlTree PayloadValue(std::string_view bytes) {
  std::size_t unprintable = 0;
  for (const char c : bytes) {
    const auto u = static_cast<unsigned char>(c);
    if (!Printable(u) && c != '\n' && c != '\r' && c != '\t') ++unprintable;
  }
  if (bytes.size() >= 16 && unprintable * 2 > bytes.size()) {
    std::string hex;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%02x", static_cast<unsigned char>(bytes[i]));
      hex += (i ? " " : "") + std::string(buf);
    }
    YamlTree map = YamlTree::Map();
    map.flow = true;
    map.map.push_back({"hex", YamlTree::Scalar(hex, true)});
    return map;
  }
  return YamlTree::Scalar(EscapeBytes(bytes), true);
}

YamlTree PatternValue(std::string_view pattern) { return YamlTree::Scalar(std::string(pattern), true); }

YamlTree WordValue(std::string_view word) { return YamlTree::Scalar(std::string(word), false); }

void WriteYaml(const YamlTree& document, std::ostream& out) {
  Comments(document, "", out);
  if (Inline(document)) {
    out << InlineText(document) << '\n';
    return;
  }
  WriteBlock(document, 0, out);
}

}  // namespace wirecheck
