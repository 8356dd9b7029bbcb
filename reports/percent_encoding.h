#pragma once
// Names in URLs. A submission's name is its folder's name, chosen by a
// student: it may hold a space, '#', '?', '%' or a quote, each of which
// would change what a relative link points at.

#include <string>
#include <string_view>

namespace wirecheck::reports {

/// `text` as one segment of a URL path (RFC 3986): the unreserved characters
/// A-Z a-z 0-9 - . _ ~ kept, every other byte %XX (upper-case hex), UTF-8
/// byte by byte. "a b&c" -> "a%20b%26c". The result is ASCII and holds no
/// '/', so it stays one segment.
std::string PercentEncode(std::string_view text);

}  // namespace wirecheck::reports
