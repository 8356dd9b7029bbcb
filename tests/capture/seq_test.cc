#include "capture/seq.h"

#include <gtest/gtest.h>

namespace wirecheck::capture::seq {
namespace {

TEST(SeqTest, DiffIsTheSignedDistanceFromBToA) {
  EXPECT_EQ(Diff(110, 100), 10);
  EXPECT_EQ(Diff(100, 110), -10);
  EXPECT_EQ(Diff(5, 5), 0);
}

TEST(SeqTest, DiffCountsAcrossTheWrapAt2To32) {
  // 0xFFFFFFF0 + 0x20 wraps to 0x10: 32 bytes later.
  EXPECT_EQ(Diff(0x00000010u, 0xFFFFFFF0u), 32);
  EXPECT_EQ(Diff(0xFFFFFFF0u, 0x00000010u), -32);
}

TEST(SeqTest, NumberJustAfterTheWrapIsLaterThanOneJustBefore) {
  EXPECT_TRUE(Lt(0xFFFFFFFFu, 0x00000000u));
  EXPECT_TRUE(Gt(0x00000000u, 0xFFFFFFFFu));
  EXPECT_FALSE(Lt(0x00000000u, 0xFFFFFFFFu));
  EXPECT_FALSE(Gt(0xFFFFFFFFu, 0x00000000u));
}

TEST(SeqTest, EqualNumbersAreLeAndGeButNotLtOrGt) {
  EXPECT_TRUE(Le(0xFFFFFFFFu, 0xFFFFFFFFu));
  EXPECT_TRUE(Ge(0xFFFFFFFFu, 0xFFFFFFFFu));
  EXPECT_FALSE(Lt(7, 7));
  EXPECT_FALSE(Gt(7, 7));
}

TEST(SeqTest, ComparisonHoldsUpToHalfTheSequenceSpace) {
  // RFC 1982: a number less than 2^31 ahead is later.
  EXPECT_TRUE(Gt(0x7FFFFFFFu + 1000u, 1000u));
  EXPECT_TRUE(Lt(1000u, 0x7FFFFFFFu + 1000u));
  EXPECT_TRUE(Ge(0x10u, 0xFFFFFFF0u));
  EXPECT_TRUE(Le(0xFFFFFFF0u, 0x10u));
}

}  // namespace
}  // namespace wirecheck::capture::seq
