#pragma once
// Bytes as one line of ASCII text for reports: the payload a packet carried,
// the output a process wrote, the bytes that differed.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace wirecheck::reports {

/// Printable ASCII kept; \n \r \t \\ \" named; every other byte \xHH (lower
/// case). The result is ASCII, one line, and reads back to the same bytes
/// with the scenario syntax (harness/payload_text.h).
std::string EscapeBytes(std::string_view bytes);

/// The first max_bytes of `bytes`, escaped; when fewer bytes are shown than
/// the whole holds, "…(+K bytes)" follows, K the bytes not shown.
/// `total_length` is the length of the whole of which `bytes` may be only a
/// head (a packet's payload is kept cut); it counts as bytes.size() if smaller.
std::string EscapedPreview(std::string_view bytes, std::size_t max_bytes,
                           std::uint64_t total_length);
std::string EscapedPreview(std::string_view bytes, std::size_t max_bytes);

/// Text bound for a terminal, from a scenario file or a program: printable
/// ASCII and well-formed UTF-8 kept (so titles in any language read as
/// written); every control byte (C0, DEL, C1 as UTF-8) and every byte of
/// invalid UTF-8 as \xHH, so no escape sequence reaches the terminal.
std::string EscapeControls(std::string_view text);

/// EscapeControls line by line, the newlines kept: text of several lines (a
/// compiler's output, a program's) for a terminal or a <pre>.
std::string EscapeControlsByLine(std::string_view text);

}  // namespace wirecheck::reports
