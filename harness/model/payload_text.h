#pragma once
// Payload bytes as scenarios write them: text with C escapes, or hex.

#include <string>
#include <string_view>

namespace wirecheck {

/// Text with the escapes \n \r \t \0 \\ \" \' \xHH (exactly two hex digits).
/// Any other backslash sequence, or a backslash at the end, is an error.
/// *bytes may hold any byte, NUL included.
bool ParseEscapedText(std::string_view text, std::string* bytes, std::string* err);

/// Hex digit pairs, optionally separated by spaces, tabs, newlines or ':'
/// ("de ad be ef", "deadbeef", "de:ad"). An odd digit count or a non-hex
/// character is an error.
bool ParseHexBytes(std::string_view hex, std::string* bytes, std::string* err);

/// The bytes as ParseEscapedText would read them back: printable ASCII kept,
/// the named escapes for \n \r \t \0 \\ \", \xHH for the rest.
std::string EscapeBytes(std::string_view bytes);

}  // namespace wirecheck
