// StepMatcher: what `expect` and `recvfrom` accept, and the evidence of a mismatch.

#include "harness/peers/peer_match.h"

#include <gtest/gtest.h>

namespace wirecheck {
namespace {

using State = MatchProgress::State;

StepMatcher Matcher(StepMatch::Kind kind, std::string text) {
  StepMatcher m;
  std::string err;
  EXPECT_TRUE(m.Init(StepMatch{kind, std::move(text)}, &err)) << err;
  return m;
}

TEST(PeerMatchTest, BytesWaitForAllOfThemAndLeaveTheRest) {
  const StepMatcher m = Matcher(StepMatch::Kind::kBytes, "HELLO\n");
  EXPECT_EQ(m.Stream("").state, State::kNeedMore);
  EXPECT_EQ(m.Stream("HEL").state, State::kNeedMore);
  const MatchProgress p = m.Stream("HELLO\nMORE");
  EXPECT_EQ(p.state, State::kMatched);
  EXPECT_EQ(p.consumed, 6u);
}

TEST(PeerMatchTest, BytesFailAtTheFirstDifferentByteWithoutWaiting) {
  const MatchProgress p = Matcher(StepMatch::Kind::kBytes, "HELLO\n").Stream("HEx");
  EXPECT_EQ(p.state, State::kMismatch);
  EXPECT_EQ(p.offset, 2u);
  EXPECT_EQ(p.received, "HEx");
}

TEST(PeerMatchTest, LineIgnoresItsLineEndAndWaitsForIt) {
  const StepMatcher m = Matcher(StepMatch::Kind::kLine, "HELLO");
  EXPECT_EQ(m.Stream("HELLO").state, State::kNeedMore);
  EXPECT_EQ(m.Stream("HELLO\nx").consumed, 6u);
  EXPECT_EQ(m.Stream("HELLO\r\n").consumed, 7u);
  const MatchProgress p = m.Stream("HEL\nLO\n");
  EXPECT_EQ(p.state, State::kMismatch);
  EXPECT_EQ(p.offset, 3u);
  EXPECT_EQ(p.received, "HEL\n");
}

TEST(PeerMatchTest, RegexIsSearchedInTheNextLine) {
  const StepMatcher m = Matcher(StepMatch::Kind::kRegex, "^HEL+O [0-9]+$");
  EXPECT_EQ(m.Stream("HELLO 42\n").state, State::kMatched);
  EXPECT_EQ(m.Stream("HELLO 42\r\n").state, State::kMatched);
  EXPECT_EQ(m.Stream("HELLO x\n").state, State::kMismatch);
  EXPECT_EQ(Matcher(StepMatch::Kind::kRegex, "LL").Stream("HELLO\n").state, State::kMatched);
}

TEST(PeerMatchTest, ARegexDecidesALongLine) {
  const StepMatcher m = Matcher(StepMatch::Kind::kRegex, "^[A-Z ]+$");
  std::string line(60 * 1024, 'A');  // a peer holds up to 64 KiB for a line
  EXPECT_EQ(m.Stream(line).state, State::kNeedMore);
  line += "\r\nNEXT";
  const MatchProgress p = m.Stream(line);
  EXPECT_EQ(p.state, State::kMatched);
  EXPECT_EQ(p.consumed, 60u * 1024 + 2);
  line[100] = 'a';
  EXPECT_EQ(m.Stream(line).state, State::kMismatch);
  EXPECT_EQ(Matcher(StepMatch::Kind::kRegex, "(a*)*b").Stream(std::string(60'000, 'a') + "\n").state,
            State::kMismatch);
}

TEST(PeerMatchTest, ABadRegexIsAnError) {
  StepMatcher m;
  std::string err;
  EXPECT_FALSE(m.Init(StepMatch{StepMatch::Kind::kRegex, "(unclosed"}, &err));
  EXPECT_NE(err.find("regex \"(unclosed\" does not compile"), std::string::npos) << err;
}

TEST(PeerMatchTest, DatagramsAreComparedWhole) {
  EXPECT_EQ(Matcher(StepMatch::Kind::kBytes, "PONG").Datagram("PONG").state, State::kMatched);
  EXPECT_EQ(Matcher(StepMatch::Kind::kBytes, "PONG").Datagram("PONG\n").state, State::kMismatch);
  EXPECT_EQ(Matcher(StepMatch::Kind::kBytes, "PONG").Datagram("PON").offset, 3u);
  EXPECT_EQ(Matcher(StepMatch::Kind::kLine, "PONG").Datagram("PONG\r\n").state, State::kMatched);
  EXPECT_EQ(Matcher(StepMatch::Kind::kLine, "PONG").Datagram("PONG").state, State::kMatched);
  EXPECT_EQ(Matcher(StepMatch::Kind::kAny, "").Datagram("").state, State::kMatched);
}

TEST(PeerMatchTest, DescribesTheExpectation) {
  EXPECT_EQ(Matcher(StepMatch::Kind::kLine, "HI").Describe(), "line \"HI\"");
  EXPECT_EQ(Matcher(StepMatch::Kind::kBytes, "a\n").Describe(), "bytes \"a\\n\"");
  EXPECT_EQ(Matcher(StepMatch::Kind::kRegex, "^H").Describe(), "a line matching regex \"^H\"");
  EXPECT_EQ(Matcher(StepMatch::Kind::kAny, "").Describe(), "any datagram");
}

}  // namespace
}  // namespace wirecheck
