#pragma once
// The pieces every HTML page of wirecheck shares: escaping, the page's
// head (one inline style sheet, a Content-Security-Policy that forbids every
// request) and its end. Pages are self-contained: no script, no external
// asset, nothing fetched, so one opens from disk anywhere and prints.

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

namespace wirecheck::reports {

/// `text` for an HTML text node or a quoted attribute value: & < > " '
/// as entities. Control bytes and invalid UTF-8 become \xHH first
/// (EscapeControls), so whatever a program wrote cannot break the page.
std::string HtmlEscape(std::string_view text);

/// Text of several lines (a program's output, a compiler's) for a <pre>:
/// HtmlEscape line by line, the newlines kept.
std::string HtmlEscapeLines(std::string_view text);

/// Raw bytes (a payload, a program's output) as one escaped line of ASCII
/// (EscapedPreview), then HtmlEscape'd: the first `max_bytes`, with
/// "…(+K bytes)" when `total_length` is larger.
std::string HtmlBytes(std::string_view bytes, std::size_t max_bytes, std::uint64_t total_length);

/// A name usable as an id or a file name: ASCII letters, digits, '-', '_'
/// and '.' kept, every other byte '-'; never empty ("x"), never starting
/// with '.'.
std::string HtmlIdPart(std::string_view text);

/// "<!DOCTYPE html>…<body>": the document head with `title`, the style
/// sheet and the policy that no resource may be fetched.
void WriteHtmlPageStart(std::ostream& out, std::string_view title);
/// "</body></html>", with the line naming wirecheck and its version.
void WriteHtmlPageEnd(std::ostream& out);

}  // namespace wirecheck::reports
