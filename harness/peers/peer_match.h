#pragma once
// What a scripted peer's `expect` and `recvfrom` steps compare: the next
// bytes of a TCP stream, or one datagram, against a StepMatch. Pure.

#include <memory>
#include <string>
#include <string_view>

#include "harness/model/pattern.h"
#include "harness/model/scenario.h"

namespace wirecheck {

struct MatchProgress {
  enum class State { kNeedMore, kMatched, kMismatch };
  State state = State::kNeedMore;
  std::size_t consumed = 0;   // kMatched: the stream bytes used (a line with its '\n')
  std::size_t offset = 0;     // kMismatch: the first byte that differs from the expected text
  std::string received;       // kMismatch: the bytes compared (a whole line with its '\n')
};

class StepMatcher {
 public:
  /// False with *err when a regex does not compile (the loader has checked it).
  bool Init(const StepMatch& match, std::string* err);

  /// The start of a stream's unread bytes: kBytes fails at the first byte
  /// that differs; kLine and kRegex wait for the '\n'.
  MatchProgress Stream(std::string_view unread) const;
  /// One whole datagram; a line may end in "\n" or "\r\n", or not at all.
  MatchProgress Datagram(std::string_view datagram) const;

  /// `line "HELLO"`, `bytes "hel\n"`, `regex "^H"`, `any datagram`.
  std::string Describe() const;
  const StepMatch& match() const { return match_; }

 private:
  MatchProgress Line(std::string_view line, std::string_view evidence, std::size_t consumed) const;

  StepMatch match_;
  std::shared_ptr<const Pattern> regex_;  // kRegex: shared by the copies of a plan's matchers
};


}  // namespace wirecheck
