#pragma once
// The report as one JSON document (docs/reports.md lists every field).
// Field names are stable: a field is added, never renamed or retyped,
// without raising "format_version". Absent facts are left out, not null.
// Bytes appear only as escaped previews (reports/escape.h), so the document
// is always valid UTF-8 of ASCII where bytes are concerned.

#include <cstddef>
#include <ostream>

#include <nlohmann/json.hpp>

#include "reports/report.h"

namespace wirecheck::reports {

inline constexpr int kJsonFormatVersion = 1;

struct JsonOptions {
  std::size_t preview_bytes = 256;  // of payloads, outputs, differing bytes
  int indent = 2;                   // -1: one line
};

nlohmann::ordered_json CheckToJson(const Check& check, const JsonOptions& options);
nlohmann::ordered_json RunToJson(const Run& run, const JsonOptions& options);
nlohmann::ordered_json ReportToJson(const Report& report, const JsonOptions& options);

/// The document and a final newline. Text that is not valid UTF-8 (a
/// message quoting a file name, say) is written with U+FFFD in its place.
void WriteJson(std::ostream& out, const Report& report, const JsonOptions& options);

}  // namespace wirecheck::reports
