#pragma once
// A small well-formedness check of XML 1.0, for the JUnit writer's tests:
// one root element, matching tags, quoted attributes (no duplicates), known
// entities and character references, and only the characters XML 1.0
// allows (decoded from well-formed UTF-8). Enough for what XmlWriter
// writes: no DTD, no CDATA, no processing instructions but the declaration.
// Returns "" if well-formed, else what is wrong and where.

#include <cctype>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace wirecheck::reports::testing {

class XmlCheck {
 public:
  explicit XmlCheck(std::string_view text) : s_(text) {}

  std::string Run() {
    if (s_.substr(0, 5) == "<?xml") {
      const auto end = s_.find("?>");
      if (end == std::string_view::npos) return Fail("unterminated declaration");
      i_ = end + 2;
    }
    SkipSpace();
    if (!Element()) return error_;
    SkipSpace();
    if (i_ != s_.size()) return Fail("content after the root element");
    return "";
  }

 private:
  static bool IsXmlChar(std::uint32_t c) {
    return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 && c <= 0xd7ff) ||
           (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
  }
  static bool IsNameChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == ':';
  }

  std::string Fail(const std::string& what) {
    error_ = what + " at byte " + std::to_string(i_);
    return error_;
  }

  void SkipSpace() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r')) ++i_;
  }

  std::string Name() {
    const std::size_t start = i_;
    while (i_ < s_.size() && IsNameChar(s_[i_])) ++i_;
    return std::string(s_.substr(start, i_ - start));
  }

  /// One character of text or attribute value: checks UTF-8 and Char.
  bool Char() {
    const auto b0 = static_cast<unsigned char>(s_[i_]);
    std::size_t n = b0 < 0x80 ? 1 : (b0 >> 5) == 6 ? 2 : (b0 >> 4) == 14 ? 3 : (b0 >> 3) == 30 ? 4 : 0;
    if (n == 0 || i_ + n > s_.size()) return Fail("bad UTF-8").empty();
    std::uint32_t cp = n == 1 ? b0 : b0 & (0x7fu >> n);
    for (std::size_t k = 1; k < n; ++k) {
      const auto b = static_cast<unsigned char>(s_[i_ + k]);
      if ((b & 0xc0) != 0x80) return Fail("bad UTF-8").empty();
      cp = (cp << 6) | (b & 0x3fu);
    }
    if (!IsXmlChar(cp)) return Fail("character XML 1.0 forbids: " + std::to_string(cp)).empty();
    i_ += n;
    return true;
  }

  bool Reference() {
    const auto end = s_.find(';', i_);
    if (end == std::string_view::npos) return Fail("unterminated reference").empty();
    const std::string_view ref = s_.substr(i_ + 1, end - i_ - 1);
    static const std::set<std::string_view> kEntities = {"amp", "lt", "gt", "quot", "apos"};
    if (!kEntities.count(ref)) {
      if (ref.size() < 2 || ref[0] != '#') return Fail("unknown entity").empty();
      const bool hex = ref[1] == 'x';
      const std::uint32_t cp = static_cast<std::uint32_t>(std::stoul(std::string(ref.substr(hex ? 2 : 1)), nullptr, hex ? 16 : 10));
      if (!IsXmlChar(cp)) return Fail("character reference to a forbidden character").empty();
    }
    i_ = end + 1;
    return true;
  }

  bool Element() {
    if (i_ >= s_.size() || s_[i_] != '<') return Fail("expected '<'").empty();
    ++i_;
    const std::string name = Name();
    if (name.empty()) return Fail("element without a name").empty();
    std::set<std::string> attributes;
    for (;;) {
      SkipSpace();
      if (i_ >= s_.size()) return Fail("unterminated start tag").empty();
      if (s_.substr(i_, 2) == "/>") {
        i_ += 2;
        return true;
      }
      if (s_[i_] == '>') {
        ++i_;
        break;
      }
      const std::string attribute = Name();
      if (attribute.empty()) return Fail("bad attribute").empty();
      if (!attributes.insert(attribute).second) return Fail("duplicate attribute " + attribute).empty();
      if (i_ + 1 >= s_.size() || s_[i_] != '=' || s_[i_ + 1] != '"') return Fail("unquoted attribute").empty();
      i_ += 2;
      while (i_ < s_.size() && s_[i_] != '"') {
        if (s_[i_] == '<') return Fail("'<' in an attribute").empty();
        if (s_[i_] == '&' ? !Reference() : !Char()) return false;
      }
      if (i_ >= s_.size()) return Fail("unterminated attribute").empty();
      ++i_;
    }
    for (;;) {
      if (i_ >= s_.size()) return Fail("unterminated element " + name).empty();
      if (s_.substr(i_, 2) == "</") {
        i_ += 2;
        if (Name() != name) return Fail("end tag does not match " + name).empty();
        SkipSpace();
        if (i_ >= s_.size() || s_[i_] != '>') return Fail("bad end tag").empty();
        ++i_;
        return true;
      }
      if (s_[i_] == '<') {
        if (!Element()) return false;
      } else if (s_[i_] == '&') {
        if (!Reference()) return false;
      } else if (s_[i_] == '>' && i_ >= 2 && s_.substr(i_ - 2, 3) == "]]>") {
        return Fail("']]>' in text").empty();
      } else if (!Char()) {
        return false;
      }
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::string error_;
};

inline std::string XmlWellFormedError(std::string_view text) { return XmlCheck(text).Run(); }

}  // namespace wirecheck::reports::testing
