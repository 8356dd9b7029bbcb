#include "reports/xml_writer.h"

#include <cassert>
#include <cstdint>

namespace wirecheck::reports {

namespace {

void AppendHexEscape(unsigned char byte, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  *out += "\\x";
  out->push_back(kHex[byte >> 4]);
  out->push_back(kHex[byte & 0xf]);
}

/// The length of the well-formed UTF-8 sequence of a code point XML 1.0
/// allows starting at text[i], or 0 if there is none.
std::size_t ValidSequenceLength(std::string_view text, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  std::size_t length = 0;
  std::uint32_t cp = 0;
  if (b0 < 0x80) return 1;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    length = 2;
    cp = b0 & 0x1fu;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    length = 3;
    cp = b0 & 0x0fu;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    length = 4;
    cp = b0 & 0x07u;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3fu);
  }
  const bool overlong = (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
  const bool surrogate = cp >= 0xd800 && cp <= 0xdfff;
  const bool noncharacter = cp == 0xfffe || cp == 0xffff;
  if (overlong || surrogate || noncharacter || cp > 0x10ffff) return 0;
  return length;
}

std::string Escape(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    switch (c) {
      case '&': out += "&amp;"; ++i; continue;
      case '<': out += "&lt;"; ++i; continue;
      case '>': out += "&gt;"; ++i; continue;
      case '"': out += attribute ? "&quot;" : "\""; ++i; continue;
      case '\t': out += attribute ? "&#9;" : "\t"; ++i; continue;
      case '\n': out += attribute ? "&#10;" : "\n"; ++i; continue;
      case '\r': out += "&#13;"; ++i; continue;  // a raw CR would become LF
      default: break;
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      AppendHexEscape(byte, &out);
      ++i;
      continue;
    }
    const std::size_t length = ValidSequenceLength(text, i);
    if (length == 0) {
      AppendHexEscape(byte, &out);
      ++i;
      continue;
    }
    out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

}  // namespace

std::string XmlEscapeText(std::string_view text) { return Escape(text, false); }
std::string XmlEscapeAttribute(std::string_view text) { return Escape(text, true); }

XmlWriter::XmlWriter(std::ostream& out) : out_(out) {
  out_ << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
}

XmlWriter::~XmlWriter() {
  while (!open_.empty()) EndElement();
}

XmlWriter::ScopedElement::ScopedElement(ScopedElement&& other) noexcept
    : writer_(other.writer_) {
  other.writer_ = nullptr;
}

XmlWriter::ScopedElement::~ScopedElement() {
  if (writer_ != nullptr) writer_->EndElement();
}

XmlWriter::ScopedElement& XmlWriter::ScopedElement::Attribute(std::string_view name,
                                                             std::string_view value) {
  writer_->WriteAttribute(name, value);
  return *this;
}

XmlWriter::ScopedElement& XmlWriter::ScopedElement::Text(std::string_view text) {
  writer_->WriteText(text);
  return *this;
}

XmlWriter::ScopedElement XmlWriter::Element(std::string_view name) {
  StartElement(name);
  return ScopedElement(this);
}

void XmlWriter::StartElement(std::string_view name) {
  if (!open_.empty()) {
    assert(!open_.back().has_text && "no mixed content");
    CloseStartTag();
    if (!open_.back().has_children) out_ << '\n';
    open_.back().has_children = true;
  }
  Indent();
  out_ << '<' << name;
  open_.push_back(Open{std::string(name)});
  start_tag_open_ = true;
}

void XmlWriter::WriteAttribute(std::string_view name, std::string_view value) {
  assert(start_tag_open_ && "attributes only right after StartElement");
  out_ << ' ' << name << "=\"" << XmlEscapeAttribute(value) << '"';
}

void XmlWriter::WriteText(std::string_view text) {
  assert(!open_.empty() && !open_.back().has_children && "no mixed content");
  CloseStartTag();
  open_.back().has_text = true;
  out_ << XmlEscapeText(text);
}

void XmlWriter::EndElement() {
  assert(!open_.empty());
  const Open element = std::move(open_.back());
  open_.pop_back();
  if (start_tag_open_) {
    out_ << "/>\n";
    start_tag_open_ = false;
    return;
  }
  if (element.has_children) Indent();
  out_ << "</" << element.name << ">\n";
}

void XmlWriter::CloseStartTag() {
  if (!start_tag_open_) return;
  out_ << '>';
  start_tag_open_ = false;
}

void XmlWriter::Indent() {
  for (std::size_t i = 0; i < open_.size(); ++i) out_ << "  ";
}

}  // namespace wirecheck::reports
