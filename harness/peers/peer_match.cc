#include "harness/peers/peer_match.h"

#include <algorithm>

#include "harness/model/payload_text.h"
#include "harness/model/text_match.h"

namespace wirecheck {

namespace {

using State = MatchProgress::State;

// A line without its '\n' and a '\r' before it.
std::string_view StripLineEnd(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

MatchProgress Matched(std::size_t consumed) {
  MatchProgress p;
  p.state = State::kMatched;
  p.consumed = consumed;
  return p;
}

MatchProgress Mismatch(std::size_t offset, std::string_view received) {
  MatchProgress p;
  p.state = State::kMismatch;
  p.offset = offset;
  p.received = std::string(received);
  return p;
}

}  // namespace

bool StepMatcher::Init(const StepMatch& match, std::string* err) {
  match_ = match;
  regex_.reset();
  if (match.kind != StepMatch::Kind::kRegex) return true;
  std::string why;
  regex_ = Pattern::Compile(match.text, &why);
  if (regex_ == nullptr) *err = "regex \"" + match.text + "\" does not compile: " + why;
  return regex_ != nullptr;
}

MatchProgress StepMatcher::Line(std::string_view line, std::string_view evidence, std::size_t consumed) const {
  if (match_.kind == StepMatch::Kind::kRegex) {
    if (regex_->Search(line)) return Matched(consumed);
    return Mismatch(0, evidence);
  }
  if (line == match_.text) return Matched(consumed);
  return Mismatch(FirstDifference(line, match_.text), evidence);
}

MatchProgress StepMatcher::Stream(std::string_view unread) const {
  switch (match_.kind) {
    case StepMatch::Kind::kAny:
      return unread.empty() ? MatchProgress{} : Matched(unread.size());
    case StepMatch::Kind::kBytes: {
      const std::string_view head = unread.substr(0, match_.text.size());
      const std::size_t same = FirstDifference(head, match_.text);
      if (same < head.size()) return Mismatch(same, head);
      return head.size() == match_.text.size() ? Matched(head.size()) : MatchProgress{};
    }
    case StepMatch::Kind::kLine:
    case StepMatch::Kind::kRegex: {
      const std::size_t end = unread.find('\n');
      if (end == std::string_view::npos) return {};
      const std::string_view with_end = unread.substr(0, end + 1);
      return Line(StripLineEnd(with_end), with_end, end + 1);
    }
  }
  return {};
}

MatchProgress StepMatcher::Datagram(std::string_view datagram) const {
  switch (match_.kind) {
    case StepMatch::Kind::kAny:
      return Matched(datagram.size());
    case StepMatch::Kind::kBytes:
      if (datagram == match_.text) return Matched(datagram.size());
      return Mismatch(FirstDifference(datagram, match_.text), datagram);
    case StepMatch::Kind::kLine:
    case StepMatch::Kind::kRegex:
      return Line(StripLineEnd(datagram), datagram, datagram.size());
  }
  return {};
}

std::string StepMatcher::Describe() const {
  switch (match_.kind) {
    case StepMatch::Kind::kAny: return "any datagram";
    case StepMatch::Kind::kBytes: return "bytes \"" + EscapeBytes(match_.text) + "\"";
    case StepMatch::Kind::kLine: return "line \"" + EscapeBytes(match_.text) + "\"";
    case StepMatch::Kind::kRegex: return "a line matching regex \"" + EscapeBytes(match_.text) + "\"";
  }
  return "";
}

}  // namespace wirecheck
