// Specifications of the order `wirecheck show` writes rows in: first packet
// first, within a bounded window.

#include "harness/show/ordered_rows.h"

#include <gtest/gtest.h>

#include <map>
#include <numeric>
#include <random>
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

// The rule as first written (every row through the map), kept here as the
// reference for the shortcut that writes the next row in order at once.
std::vector<int> WrittenByTheFirstRule(const std::vector<int>& ended, std::size_t window) {
  std::vector<int> out;
  std::map<int, int> held;
  int next = 1;
  for (int id : ended) {
    if (id < next) {
      out.push_back(id);
      continue;
    }
    held.emplace(id, id);
    for (auto it = held.begin(); it != held.end() && (it->first == next || held.size() > window);
         it = held.erase(it)) {
      next = it->first + 1;
      out.push_back(it->second);
    }
  }
  for (auto& [id, row] : held) out.push_back(row);
  return out;
}

TEST(OrderedRowsTest, TheSameOrderAsTheFirstRuleForRandomEndingsAndWindows) {
  std::mt19937 random(3);
  for (int round = 0; round < 2000; ++round) {
    const int n = 1 + static_cast<int>(random() % 60);
    std::vector<int> ended(static_cast<std::size_t>(n));
    std::iota(ended.begin(), ended.end(), 1);
    // Mostly in order with some held back, as conversations end.
    for (int i = 0; i < n; ++i) {
      if (random() % 3 == 0) std::swap(ended[i], ended[random() % static_cast<unsigned>(n)]);
    }
    if (random() % 4 == 0) ended.erase(ended.begin() + random() % static_cast<unsigned>(n));  // an id never given
    const std::size_t window = 1 + random() % 12;
    ASSERT_EQ(Written(ended, window), WrittenByTheFirstRule(ended, window)) << "round " << round;
  }
}

}  // namespace
}  // namespace wirecheck
