#include "harness/model/text_match.h"

#include <algorithm>
#include <vector>

#include "harness/model/pattern.h"
#include "reports/escape.h"

namespace wirecheck {
namespace {

constexpr std::size_t kDifferenceContext = 256;  // bytes kept past the first difference

std::string Quoted(std::string_view bytes, std::size_t max = kPreviewBytes) {
  return "\"" + reports::EscapedPreview(bytes, max) + "\"";
}

std::string ByteText(std::string_view text, std::size_t offset) {
  return offset < text.size() ? Quoted(text.substr(offset, 1)) : "the end";
}

reports::ByteDifference Difference(std::string_view expected, std::string_view actual,
                                   std::size_t offset) {
  const std::size_t keep = offset + kDifferenceContext;
  return reports::ByteDifference{"",
                                 offset,
                                 std::string(expected.substr(0, keep)),
                                 expected.size(),
                                 std::string(actual.substr(0, keep)),
                                 actual.size()};
}

TextMatchResult Mismatch(std::string condition, std::string explanation) {
  TextMatchResult r;
  r.verdict = MatchVerdict::kMismatch;
  r.condition = std::move(condition);
  r.explanation = std::move(explanation);
  return r;
}

TextMatchResult Undecided(std::string condition, std::string explanation) {
  TextMatchResult r = Mismatch(std::move(condition), std::move(explanation));
  r.verdict = MatchVerdict::kUndecided;
  return r;
}

std::string HeadNote(std::string_view text) {
  return "only the first " + std::to_string(text.size()) + " bytes could be observed";
}

// Compares whole byte sequences; `condition` names the key for messages.
TextMatchResult MatchBytes(std::string_view condition, std::string_view expected,
                           std::string_view text, bool complete) {
  if (complete && text == expected) return {};
  const std::size_t offset = FirstDifference(text, expected);
  TextMatchResult r;
  if (offset < text.size() && offset < expected.size()) {
    r = Mismatch(std::string(condition), "differs at byte " + std::to_string(offset) + ": expected " +
                                             ByteText(expected, offset) + ", got " +
                                             ByteText(text, offset));
  } else if (text.size() > expected.size()) {
    r = Mismatch(std::string(condition),
                 std::to_string(text.size() - expected.size()) + " extra bytes after the expected " +
                     std::to_string(expected.size()) + ": " +
                     Quoted(text.substr(expected.size())));
    r.length = LengthDifference::kExtra;
  } else if (!complete) {
    return Undecided(std::string(condition), HeadNote(text) + ", and they match so far");
  } else {
    r = Mismatch(std::string(condition), "ended after " + std::to_string(text.size()) +
                                             " bytes; expected " + std::to_string(expected.size()) +
                                             ", the rest missing: " +
                                             Quoted(expected.substr(text.size())));
    r.length = LengthDifference::kShort;
  }
  r.difference = Difference(expected, text, offset);
  r.expected_text = std::string(expected);
  return r;
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string joined;
  for (const std::string& line : lines) joined += line + "\n";
  return joined;
}

TextMatchResult MatchLines(const std::vector<std::string>& expected, std::string_view text,
                           bool complete) {
  std::vector<std::string_view> got = SplitLines(text);
  // Of a head, the last piece may be a line cut short: compare only whole lines.
  if (!complete && !text.empty() && text.back() != '\n') got.pop_back();
  std::size_t i = 0;
  while (i < got.size() && i < expected.size() && got[i] == expected[i]) ++i;
  if (complete && i == got.size() && i == expected.size()) return {};
  const std::string line = "line " + std::to_string(i + 1);
  TextMatchResult r;
  if (i < got.size() && i < expected.size()) {
    r = Mismatch("lines", line + " differs: expected " + Quoted(expected[i]) + ", got " +
                              Quoted(got[i]));
  } else if (i < got.size()) {
    r = Mismatch("lines", std::to_string(got.size() - expected.size()) + " extra lines after the expected " +
                              std::to_string(expected.size()) + ", from " + line + ": " +
                              Quoted(got[i]));
    r.length = LengthDifference::kExtra;
  } else if (!complete) {
    return Undecided("lines", HeadNote(text) + ", and their lines match so far");
  } else {
    r = Mismatch("lines", "only " + std::to_string(got.size()) + " of the expected " +
                              std::to_string(expected.size()) + " lines; " + line + " missing: " +
                              Quoted(expected[i]));
    r.length = LengthDifference::kShort;
  }
  const std::string joined = JoinLines(expected);
  r.difference = Difference(joined, text, FirstDifference(text, joined));
  r.expected_text = joined;
  return r;
}

// A search in linear time over every byte kept, however many (RE2).
TextMatchResult MatchRegex(const std::string& pattern, std::string_view text, bool complete) {
  const Pattern* compiled = CompiledPattern(pattern);
  if (compiled == nullptr) return Undecided("regex", "the regular expression does not compile");
  if (!complete) return Undecided("regex", HeadNote(text));
  return compiled->Search(text) ? TextMatchResult{}
                                : Mismatch("regex", "does not match /" + reports::EscapeBytes(pattern) + "/");
}

}  // namespace

std::size_t FirstDifference(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  return static_cast<std::size_t>(std::mismatch(a.begin(), a.begin() + n, b.begin()).first - a.begin());
}

TextMatchResult MatchText(const TextMatch& match, std::string_view text, bool complete) {
  std::vector<TextMatchResult> results;
  if (match.exact) results.push_back(MatchBytes("exact", *match.exact, text, complete));
  if (match.lines) results.push_back(MatchLines(*match.lines, text, complete));
  for (const std::string& needle : match.contains) {
    if (text.find(needle) != std::string_view::npos) continue;
    results.push_back(complete ? Mismatch("contains", "does not contain " + Quoted(needle))
                               : Undecided("contains", HeadNote(text) + ", without " + Quoted(needle)));
  }
  if (match.regex) results.push_back(MatchRegex(*match.regex, text, complete));
  for (MatchVerdict v : {MatchVerdict::kMismatch, MatchVerdict::kUndecided}) {
    for (TextMatchResult& r : results) {
      if (r.verdict == v) return std::move(r);
    }
  }
  return {};
}

std::string DescribeTextMatch(const TextMatch& match) {
  std::vector<std::string> parts;
  if (match.exact) parts.push_back(Quoted(*match.exact));
  if (match.lines) {
    parts.push_back(std::to_string(match.lines->size()) + " lines " + Quoted(JoinLines(*match.lines)));
  }
  for (const std::string& needle : match.contains) parts.push_back("containing " + Quoted(needle));
  if (match.regex) parts.push_back("matching /" + reports::EscapeBytes(*match.regex) + "/");
  if (parts.empty()) return "anything";
  std::string text = parts[0];
  for (std::size_t i = 1; i < parts.size(); ++i) text += ", " + parts[i];
  return text;
}

}  // namespace wirecheck
