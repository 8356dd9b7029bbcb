// Specifications of the order `wirecheck show` writes rows in: first packet
// first, within a bounded window.

#include "harness/show/ordered_rows.h"

#include <gtest/gtest.h>

#include <vector>

namespace wirecheck {
namespace {

std::vector<int> Written(const std::vector<int>& ended, std::size_t window) {
  std::vector<int> out;
  OrderedRows<int> rows([&](int&& id) { out.push_back(id); }, window);
  for (int id : ended) rows.Add(static_cast<std::uint64_t>(id), id);
  rows.Finish();
  return out;
}

TEST(OrderedRowsTest, RowsComeOutInOrderOfFirstPacketWhateverOrderTheyEnd) {
  EXPECT_EQ(Written({3, 1, 2, 5, 4}, 100), (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(Written({1, 2, 3}, 100), (std::vector<int>{1, 2, 3}));
}

TEST(OrderedRowsTest, AnIdNeverGivenIsSkippedAtTheEnd) {
  EXPECT_EQ(Written({2, 4, 3}, 100), (std::vector<int>{2, 3, 4}));
}

TEST(OrderedRowsTest, PastTheWindowTheEarliestWaitingRowIsWrittenAndLateOnesComeWhenTheyEnd) {
  // Conversation 1 stays open (a UDP flow's 60 s timeout) while 2..6 end.
  EXPECT_EQ(Written({2, 3, 4, 5, 6, 1}, 3), (std::vector<int>{2, 3, 4, 5, 6, 1}));
  // Within the window it still waits for 1.
  EXPECT_EQ(Written({2, 3, 1, 4}, 3), (std::vector<int>{1, 2, 3, 4}));
}

TEST(OrderedRowsTest, AtMostTheWindowWaits) {
  std::vector<int> out;
  OrderedRows<int> rows([&](int&& id) { out.push_back(id); }, 10);
  // 1 stays open; 2..1000 end in order: ten wait, then 1 is given up on and
  // the rest flow through.
  for (int id = 2; id <= 11; ++id) rows.Add(static_cast<std::uint64_t>(id), id);
  EXPECT_TRUE(out.empty());
  for (int id = 12; id <= 1000; ++id) rows.Add(static_cast<std::uint64_t>(id), id);
  EXPECT_EQ(rows.max_held(), 11u);
  EXPECT_EQ(out.size(), 999u);
  EXPECT_EQ(out.front(), 2);
  rows.Add(1, 1);  // the late one, written when it ends
  rows.Finish();
  EXPECT_EQ(out.size(), 1000u);
  EXPECT_EQ(out.back(), 1);
}

}  // namespace
}  // namespace wirecheck
