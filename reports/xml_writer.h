#pragma once
// A small streaming XML writer: elements opened and closed in order (RAII
// through ScopedElement), attributes and text escaped for XML 1.0, two-space
// indentation. Enough for JUnit; no namespaces, no mixed content.

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace wirecheck::reports {

/// Text content: & < > as entities; bytes XML 1.0 forbids (C0 controls other
/// than tab, newline and carriage return; DEL; bytes that are not
/// well-formed UTF-8; U+FFFE and U+FFFF) as the visible text \xHH, since no
/// XML 1.0 document may carry them, even as character references.
std::string XmlEscapeText(std::string_view text);
/// As XmlEscapeText, plus " as &quot; and tab, newline and carriage return as
/// character references, so that a parser gives them back (attribute value
/// normalisation would turn them into spaces).
std::string XmlEscapeAttribute(std::string_view text);

class XmlWriter {
 public:
  /// Writes the XML declaration (UTF-8). Writes to `out`, which must outlive
  /// the writer; never opens files.
  explicit XmlWriter(std::ostream& out);
  /// Closes every element still open.
  ~XmlWriter();
  XmlWriter(const XmlWriter&) = delete;
  XmlWriter& operator=(const XmlWriter&) = delete;

  /// Closes the element it opened when it goes out of scope.
  class ScopedElement {
   public:
    ScopedElement(ScopedElement&& other) noexcept;
    ScopedElement& operator=(ScopedElement&&) = delete;
    ~ScopedElement();

    ScopedElement& Attribute(std::string_view name, std::string_view value);
    ScopedElement& Text(std::string_view text);

   private:
    friend class XmlWriter;
    explicit ScopedElement(XmlWriter* writer) : writer_(writer) {}
    XmlWriter* writer_;  // null once moved from
  };

  ScopedElement Element(std::string_view name);

  /// The non-RAII primitives ScopedElement is made of.
  void StartElement(std::string_view name);
  /// Only between StartElement and the element's first child or text.
  void WriteAttribute(std::string_view name, std::string_view value);
  /// Text goes inline: the element's end tag follows it on the same line.
  void WriteText(std::string_view text);
  void EndElement();

 private:
  void CloseStartTag();
  void Indent();

  struct Open {
    std::string name;
    bool has_children = false;
    bool has_text = false;
  };
  std::ostream& out_;
  std::vector<Open> open_;
  bool start_tag_open_ = false;
};

}  // namespace wirecheck::reports
