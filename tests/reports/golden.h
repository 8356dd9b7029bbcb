#pragma once
// Golden-file comparison for the report writers. Times the harness measures
// (durations, start times) are masked before comparing, so the files hold
// MASKED where a real run would differ (as a JSON string in JSON, so that
// every golden file still parses). WIRECHECK_UPDATE_GOLDEN=1
// rewrites the files instead of comparing.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

namespace wirecheck::reports::testing {

inline std::string FixturePath(const std::string& name) {
  return std::string(WIRECHECK_SOURCE_DIR) + "/tests/fixtures/reports/" + name;
}

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// Replaces the characters after each `prefix` for which `keep_masking`
/// holds with `mask`.
template <typename Pred>
std::string MaskAfter(const std::string& text, const std::string& prefix, Pred keep_masking,
                      const std::string& mask = "MASKED") {
  std::string out;
  std::size_t from = 0;
  for (std::size_t at; (at = text.find(prefix, from)) != std::string::npos;) {
    std::size_t end = at + prefix.size();
    while (end < text.size() && keep_masking(text[end])) ++end;
    out += text.substr(from, at + prefix.size() - from) + mask;
    from = end;
  }
  return out + text.substr(from);
}

/// Console "(1234 ms total)", JSON "duration_s": 1.2 and "started": "...",
/// JUnit time="1.234" and timestamp="...".
inline std::string MaskTimes(std::string text) {
  const auto number = [](char c) { return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == '-'; };
  const auto quoted = [](char c) { return c != '"'; };
  // "(1234 ms total)": mask the digits before " ms total)".
  for (std::size_t at = 0; (at = text.find(" ms total)", at)) != std::string::npos; at += 10) {
    std::size_t digits = at;
    while (digits > 0 && text[digits - 1] >= '0' && text[digits - 1] <= '9') --digits;
    text.replace(digits, at - digits, "MASKED");
    at = digits + 6;
  }
  text = MaskAfter(text, "\"duration_s\": ", number, "\"MASKED\"");
  text = MaskAfter(text, "\"started\": \"", quoted);
  text = MaskAfter(text, " time=\"", quoted);
  text = MaskAfter(text, " timestamp=\"", quoted);
  return text;
}

/// An HTML page with its style sheet (html_text.cc's, shared by every page)
/// as MASKED: a page's golden file holds what that page writes, so that
/// restyling does not rewrite every golden file.
inline std::string MaskStyleSheet(const std::string& page) {
  return MaskAfter(page, "<style>", [](char c) { return c != '<'; });
}

inline void ExpectMatchesGolden(const std::string& actual, const std::string& name) {
  const std::string path = FixturePath(name);
  const std::string masked = MaskTimes(actual);
  if (const char* update = std::getenv("WIRECHECK_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(path, std::ios::binary) << masked;
    return;
  }
  const std::string expected = ReadText(path);
  ASSERT_FALSE(expected.empty()) << "no golden file " << path
                                 << " (WIRECHECK_UPDATE_GOLDEN=1 writes it)";
  EXPECT_EQ(masked, expected) << "differs from " << path;
}

}  // namespace wirecheck::reports::testing
