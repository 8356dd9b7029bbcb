// Specifications of the HTML report's conversation list: bounded, in order
// of first packet, evidence drawn first, long ladders folded with the count
// of what was left out.

#include "harness/verify/conversation_list.h"

#include <gtest/gtest.h>

#include "tests/harness/verify_traces.h"

namespace wirecheck::verify_test {
namespace {

using End = Exchange::End;

std::vector<Exchange> Clients(std::size_t n) {
  std::vector<Exchange> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i].client_port = static_cast<std::uint16_t>(40001 + i);
    x[i].t0 = 0.01 * static_cast<double>(i);
  }
  return x;
}

reports::Check FailedAt(std::uint64_t packet) {
  reports::Check c;
  c.status = reports::CheckStatus::kFail;
  c.evidence.packets.push_back({packet, {}});
  return c;
}

TEST(ConversationListTest, ListsEveryConversationWithItsZeekColumnsAndDrawsThem) {
  const capture::Trace t = Analyze(Clients(2));
  std::uint64_t unlisted = 99;
  const auto list = ListConversations(t, {}, &unlisted);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(unlisted, 0u);
  EXPECT_EQ(list[0].id.client.port, 40001);
  EXPECT_EQ(list[0].id.server.port, kServerPort);
  EXPECT_EQ(list[1].id.client.port, 40002);
  EXPECT_EQ(list[0].state, "SF");
  EXPECT_EQ(list[0].history, t.conversations[0].history);
  EXPECT_EQ(list[0].client_bytes, 14u);
  EXPECT_EQ(list[0].server_bytes, 14u);
  EXPECT_EQ(list[0].packets, t.conversations[0].packets.size());
  EXPECT_EQ(list[0].ladder.size(), list[0].packets);  // short: drawn whole
  EXPECT_EQ(list[0].ladder[0].flags, "SYN");
  EXPECT_EQ(list[0].first, reports::RelativeTime{0});
  EXPECT_GT(list[1].first, list[0].first);
}

TEST(ConversationListTest, DrawsTheConversationsWithEvidenceFirstThenTheEarliest) {
  const std::size_t n = kConversationsDrawn + 6;
  const capture::Trace t = Analyze(Clients(n));
  const capture::Conversation& last = t.conversations.back();
  std::uint64_t unlisted = 0;
  const auto list = ListConversations(t, {FailedAt(last.packets[2].number)}, &unlisted);
  ASSERT_EQ(list.size(), n);
  std::size_t drawn = 0;
  for (const auto& c : list) drawn += c.ladder.empty() ? 0 : 1;
  EXPECT_EQ(drawn, kConversationsDrawn);
  EXPECT_FALSE(list.back().ladder.empty());  // holds the evidence
  EXPECT_TRUE(list.back().ladder[2].is_evidence);
  EXPECT_FALSE(list.back().ladder[1].is_evidence);
  EXPECT_FALSE(list[0].ladder.empty());
  EXPECT_FALSE(list[kConversationsDrawn - 2].ladder.empty());
  EXPECT_TRUE(list[kConversationsDrawn - 1].ladder.empty());  // the budget went to the evidence
  // A passing check's packets are not evidence.
  reports::Check passed = FailedAt(last.packets[2].number);
  passed.status = reports::CheckStatus::kPass;
  EXPECT_TRUE(ListConversations(t, {passed}, &unlisted).back().ladder.empty());
}

TEST(ConversationListTest, ABoundedListCountsTheRest) {
  const capture::Trace t = Analyze(Clients(kConversationsListed + 3));
  std::uint64_t unlisted = 0;
  const auto list = ListConversations(t, {}, &unlisted);
  EXPECT_EQ(list.size(), kConversationsListed);
  EXPECT_EQ(unlisted, 3u);
}

TEST(ConversationListTest, ALongConversationIsFoldedAndSaysHowManyPacketsItLeftOut) {
  Exchange x;
  x.reply.assign(100, "A\n");  // 100 segments each way
  const capture::Trace t = Analyze({x});
  std::uint64_t unlisted = 0;
  const auto list = ListConversations(t, {}, &unlisted);
  ASSERT_EQ(list.size(), 1u);
  const auto& ladder = list[0].ladder;
  ASSERT_LT(ladder.size(), list[0].packets);
  std::uint64_t folded = 0;
  for (const auto& p : ladder) folded += p.folded_before;
  EXPECT_EQ(ladder.size() + folded, list[0].packets);
  EXPECT_EQ(ladder[20].folded_before, list[0].packets - 30);  // the first 20 and the last 10 kept
}

}  // namespace
}  // namespace wirecheck::verify_test
