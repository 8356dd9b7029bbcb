#include "harness/model/pattern.h"

#include <re2/re2.h>

#include <cstdint>
#include <map>
#include <mutex>

namespace wirecheck {
namespace {

// What an author used to ECMAScript (or Perl) most often writes that RE2
// refuses: RE2 reports `\1` as a bad escape and `(?=` as a bad operator.
constexpr std::string_view kNotInRe2 =
    " (backreferences and lookaround are not supported: a scenario's regex is RE2 syntax)";

RE2::Options Options() {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingLatin1);  // a byte is a character
  o.set_dot_nl(false);                           // `.` is not '\n', as in ECMAScript
  o.set_longest_match(false);                    // leftmost-first, as in ECMAScript
  o.set_never_capture(true);                     // only whether it matches is asked
  o.set_max_mem(static_cast<int64_t>(kPatternMaxMemory));
  o.set_log_errors(false);                       // errors are returned, never logged
  return o;
}

bool IsBackreference(const std::string& arg) {
  return arg.size() == 2 && arg[0] == '\\' && arg[1] >= '1' && arg[1] <= '9';
}

std::string ErrorText(const RE2& re) {
  std::string text = re.error();
  if ((re.error_code() == RE2::ErrorBadEscape && IsBackreference(re.error_arg())) ||
      re.error_code() == RE2::ErrorBadPerlOp) {
    text += kNotInRe2;
  }
  return text;
}

}  // namespace

Pattern::Pattern(std::unique_ptr<const re2::RE2> re) : re_(std::move(re)) {}

Pattern::~Pattern() = default;

std::unique_ptr<const Pattern> Pattern::Compile(std::string_view pattern, std::string* err) {
  auto re = std::make_unique<const RE2>(re2::StringPiece(pattern.data(), pattern.size()), Options());
  if (!re->ok()) {
    *err = ErrorText(*re);
    return nullptr;
  }
  return std::unique_ptr<const Pattern>(new Pattern(std::move(re)));
}

bool Pattern::Search(std::string_view bytes) const {
  return re_->Match(re2::StringPiece(bytes.data(), bytes.size()), 0, bytes.size(), RE2::UNANCHORED, nullptr, 0);
}

const Pattern* CompiledPattern(const std::string& pattern) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<const Pattern>> compiled;  // kept for the process
  std::lock_guard lock(mu);
  auto it = compiled.find(pattern);
  if (it == compiled.end()) {
    std::string err;
    it = compiled.emplace(pattern, Pattern::Compile(pattern, &err)).first;
  }
  return it->second.get();
}

}  // namespace wirecheck
