#pragma once
// Durations as scenarios write them: "250ms", "2s", "1.5s", "1m30s".

#include <string>
#include <string_view>

#include "harness/model/scenario.h"

namespace wirecheck {

/// Parses one or more <number><unit> parts (units ns us ms s m h; the number
/// may have a decimal fraction), summed. No sign, no spaces, at least one
/// part. On failure returns false and sets *err to a sentence such as
/// "'10' has no unit: write 10s or 10ms".
bool ParseDuration(std::string_view text, Duration* out, std::string* err);

/// The shortest exact text for a duration: "250ms", "2s", "1m30s", "0s".
std::string FormatDuration(Duration d);

}  // namespace wirecheck
