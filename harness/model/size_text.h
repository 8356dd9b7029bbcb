#pragma once
// Byte sizes as scenarios write them: 4096, "64KiB", "512MiB", "2GiB", "1MB".

#include <cstdint>
#include <string>
#include <string_view>

namespace wirecheck {

/// A whole number of bytes with an optional unit: B, KiB MiB GiB (1024-based)
/// or KB MB GB (1000-based). On failure returns false and sets *err.
bool ParseByteSize(std::string_view text, std::uint64_t* out, std::string* err);

/// The shortest exact text for a size: "256MiB", "1GiB", "1000".
std::string FormatByteSize(std::uint64_t bytes);

}  // namespace wirecheck
