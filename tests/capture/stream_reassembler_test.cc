#include "capture/stream_reassembler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wirecheck::capture {
namespace {

std::span<const std::uint8_t> Bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

SegmentKind AddText(StreamReassembler& r, std::uint32_t seq, std::string_view text) {
  return r.Add(seq, static_cast<std::uint32_t>(text.size()), Bytes(text));
}

/// What the sender wrote: printable, and no two nearby bytes alike.
std::string Message(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('!' + (i * 7) % 90);
  return s;
}

struct Segment {
  std::uint32_t seq;
  std::string payload;
};

/// `message` (stream byte 0 at `first_seq`) cut into segments of 1..17 bytes.
std::vector<Segment> Cut(std::uint32_t first_seq, const std::string& message) {
  std::vector<Segment> out;
  for (std::size_t at = 0, size = 1; at < message.size(); at += size, size = size % 17 + 1) {
    size = std::min(size, message.size() - at);
    out.push_back({first_seq + static_cast<std::uint32_t>(at), message.substr(at, size)});
  }
  return out;
}

bool SameGaps(const std::vector<StreamGap>& got, const std::vector<StreamGap>& want) {
  return std::equal(got.begin(), got.end(), want.begin(), want.end(),
                    [](const StreamGap& a, const StreamGap& b) {
                      return a.offset == b.offset && a.length == b.length;
                    });
}

TEST(StreamReassemblerTest, InOrderSegmentsRebuildWhatTheSenderWrote) {
  StreamReassembler r;
  r.Start(1001);
  EXPECT_EQ(AddText(r, 1001, "hello "), SegmentKind::kInOrder);
  EXPECT_EQ(AddText(r, 1007, "sockets"), SegmentKind::kInOrder);
  EXPECT_EQ(AddText(r, 1014, "\n"), SegmentKind::kInOrder);
  EXPECT_EQ(r.data(), "hello sockets\n");
  EXPECT_EQ(r.delivered(), 14u);
  EXPECT_TRUE(r.gaps().empty());
  EXPECT_FALSE(r.data_truncated());
}

TEST(StreamReassemblerTest, ReversedSegmentsAreHeldUntilTheFirstArrives) {
  const std::string m = Message(30);
  StreamReassembler r;
  r.Start(500);
  EXPECT_EQ(AddText(r, 520, m.substr(20, 10)), SegmentKind::kOutOfOrder);
  EXPECT_EQ(AddText(r, 510, m.substr(10, 10)), SegmentKind::kOutOfOrder);
  EXPECT_EQ(r.delivered(), 0u);
  EXPECT_EQ(r.held_bytes(), 20u);
  EXPECT_EQ(AddText(r, 500, m.substr(0, 10)), SegmentKind::kInOrder);
  EXPECT_EQ(r.data(), m);
  EXPECT_EQ(r.delivered(), 30u);
  EXPECT_EQ(r.held_bytes(), 0u);
}

TEST(StreamReassemblerTest, ShuffledSegmentsRebuildTheSameStream) {
  const std::string m = Message(400);
  for (unsigned seed : {1u, 2u, 7u, 42u, 1234u}) {
    SCOPED_TRACE(seed);
    std::vector<Segment> segments = Cut(77, m);
    std::shuffle(segments.begin(), segments.end(), std::mt19937(seed));
    StreamReassembler r;
    r.Start(77);
    for (const Segment& s : segments) {
      const SegmentKind kind = AddText(r, s.seq, s.payload);
      EXPECT_TRUE(kind == SegmentKind::kInOrder || kind == SegmentKind::kOutOfOrder);
    }
    EXPECT_EQ(r.held_bytes(), 0u);
    r.Finish();
    EXPECT_EQ(r.data(), m);
    EXPECT_EQ(r.delivered(), m.size());
    EXPECT_TRUE(r.gaps().empty());
    EXPECT_EQ(r.inconsistent_bytes(), 0u);
  }
}

TEST(StreamReassemblerTest, ShuffledDuplicatesAndOverlapsRebuildTheSameStream) {
  const std::string m = Message(300);
  for (unsigned seed : {3u, 11u, 99u}) {
    SCOPED_TRACE(seed);
    std::mt19937 rng(seed);
    std::vector<Segment> segments = Cut(0xFFFFFF00u, m);  // also crosses 2^32
    for (int i = 0; i < 60; ++i) {  // retransmitted copies of arbitrary ranges
      const std::size_t at = rng() % m.size();
      const std::size_t size = 1 + rng() % std::min<std::size_t>(40, m.size() - at);
      segments.push_back({0xFFFFFF00u + static_cast<std::uint32_t>(at), m.substr(at, size)});
    }
    std::shuffle(segments.begin(), segments.end(), rng);
    StreamReassembler r;
    r.Start(0xFFFFFF00u);
    for (const Segment& s : segments) AddText(r, s.seq, s.payload);
    EXPECT_EQ(r.held_bytes(), 0u);
    EXPECT_EQ(r.data(), m);
    EXPECT_EQ(r.delivered(), m.size());
    EXPECT_EQ(r.inconsistent_bytes(), 0u);
  }
}

TEST(StreamReassemblerTest, KeepingNoBytesStillClassifiesAndCountsGaps) {
  StreamReassembler r(0);
  r.Start(1);
  EXPECT_EQ(AddText(r, 1, "abc"), SegmentKind::kInOrder);
  EXPECT_EQ(AddText(r, 1, "abc"), SegmentKind::kRetransmission);
  EXPECT_EQ(AddText(r, 8, "xyz"), SegmentKind::kOutOfOrder);
  r.Finish();
  EXPECT_EQ(r.data(), "");
  EXPECT_EQ(r.delivered(), 10u);
  ASSERT_EQ(r.gaps().size(), 1u);
  EXPECT_EQ(r.gaps()[0].offset, 3u);
  EXPECT_EQ(r.gaps()[0].length, 4u);
}

TEST(StreamReassemblerTest, EmptySegmentChangesNothing) {
  StreamReassembler r;
  EXPECT_EQ(r.Add(100, 0, {}), SegmentKind::kEmpty);
  EXPECT_FALSE(r.started());
  r.Start(100);
  EXPECT_EQ(r.Add(300, 0, {}), SegmentKind::kEmpty);
  EXPECT_EQ(r.delivered(), 0u);
  EXPECT_EQ(r.held_bytes(), 0u);
}

TEST(StreamReassemblerTest, DuplicateOfDeliveredSegmentIsRetransmission) {
  StreamReassembler r;
  r.Start(10);
  AddText(r, 10, "abc");
  EXPECT_EQ(AddText(r, 10, "abc"), SegmentKind::kRetransmission);
  EXPECT_EQ(AddText(r, 11, "b"), SegmentKind::kRetransmission);
  EXPECT_EQ(r.data(), "abc");
  EXPECT_EQ(r.delivered(), 3u);
  EXPECT_EQ(r.inconsistent_bytes(), 0u);
}

TEST(StreamReassemblerTest, DuplicateOfHeldSegmentIsRetransmissionHeldOnce) {
  StreamReassembler r;
  r.Start(0);
  EXPECT_EQ(AddText(r, 5, "fgh"), SegmentKind::kOutOfOrder);
  EXPECT_EQ(AddText(r, 5, "fgh"), SegmentKind::kRetransmission);
  EXPECT_EQ(r.held_bytes(), 3u);
  AddText(r, 0, "abcde");
  EXPECT_EQ(r.data(), "abcdefgh");
}

TEST(StreamReassemblerTest, RetransmissionSpanningSeveralHeldSegmentsAddsNothing) {
  const std::string m = Message(30);
  StreamReassembler r;
  r.Start(0);
  AddText(r, 10, m.substr(10, 10));
  AddText(r, 20, m.substr(20, 10));
  EXPECT_EQ(AddText(r, 12, m.substr(12, 16)), SegmentKind::kRetransmission);
  EXPECT_EQ(r.held_bytes(), 20u);
}

TEST(StreamReassemblerTest, SegmentStartingInsideDeliveredDataAddsOnlyItsTail) {
  StreamReassembler r;
  r.Start(0);
  AddText(r, 0, "abcdef");
  EXPECT_EQ(AddText(r, 3, "defGHIJ"), SegmentKind::kPartialOverlap);
  EXPECT_EQ(r.data(), "abcdefGHIJ");
  EXPECT_EQ(r.delivered(), 10u);
  EXPECT_EQ(r.inconsistent_bytes(), 0u);
}

TEST(StreamReassemblerTest, OverlapsAtBothEndsOfAHeldSegmentAreCountedOnce) {
  const std::string m = Message(25);
  StreamReassembler r;
  r.Start(1000);
  EXPECT_EQ(AddText(r, 1010, m.substr(10, 10)), SegmentKind::kOutOfOrder);
  EXPECT_EQ(AddText(r, 1005, m.substr(5, 10)), SegmentKind::kOutOfOrder);
  EXPECT_EQ(r.held_bytes(), 15u);
  EXPECT_EQ(AddText(r, 1015, m.substr(15, 10)), SegmentKind::kOutOfOrder);
  EXPECT_EQ(r.held_bytes(), 20u);
  EXPECT_EQ(AddText(r, 1000, m.substr(0, 5)), SegmentKind::kInOrder);
  EXPECT_EQ(r.data(), m);
  EXPECT_EQ(r.delivered(), 25u);
  EXPECT_EQ(r.held_bytes(), 0u);
  EXPECT_EQ(r.inconsistent_bytes(), 0u);
}

TEST(StreamReassemblerTest, SegmentCoveringSeveralHeldOnesFillsOnlyTheirHoles) {
  const std::string m = Message(22);
  StreamReassembler r;
  r.Start(0);
  AddText(r, 10, m.substr(10, 2));
  AddText(r, 14, m.substr(14, 2));
  AddText(r, 18, m.substr(18, 2));
  EXPECT_EQ(r.held_bytes(), 6u);
  EXPECT_EQ(AddText(r, 8, m.substr(8, 14)), SegmentKind::kOutOfOrder);
  EXPECT_EQ(r.held_bytes(), 14u);
  EXPECT_EQ(AddText(r, 0, m.substr(0, 8)), SegmentKind::kInOrder);
  EXPECT_EQ(r.data(), m);
  EXPECT_EQ(r.delivered(), 22u);
}

TEST(StreamReassemblerTest, DifferingRetransmissionIsInconsistentAndFirstCopyWins) {
  StreamReassembler r;
  r.Start(0);
  AddText(r, 0, "0123");
  EXPECT_EQ(AddText(r, 2, "2X45"), SegmentKind::kPartialOverlap);
  EXPECT_EQ(r.data(), "012345");
  EXPECT_EQ(r.inconsistent_bytes(), 1u);
}

TEST(StreamReassemblerTest, DifferingCopyOfHeldBytesIsInconsistentAndFirstCopyWins) {
  StreamReassembler r;
  r.Start(0);
  AddText(r, 10, "abcd");
  EXPECT_EQ(AddText(r, 12, "ZZef"), SegmentKind::kOutOfOrder);
  EXPECT_EQ(r.inconsistent_bytes(), 2u);
  AddText(r, 0, "0123456789");
  EXPECT_EQ(r.data(), "0123456789abcdef");
}

TEST(StreamReassemblerTest, InOrderSegmentOverHeldBytesKeepsTheHeldFirstCopy) {
  StreamReassembler r;
  r.Start(0);
  AddText(r, 4, "4567");
  EXPECT_EQ(AddText(r, 0, "0123ABCD"), SegmentKind::kInOrder);
  EXPECT_EQ(r.data(), "01234567");
  EXPECT_EQ(r.inconsistent_bytes(), 4u);
}

TEST(StreamReassemblerTest, RetransmissionIsComparedOnlyWithKnownBytesAcrossGaps) {
  StreamReassembler r;
  r.Start(0);
  AddText(r, 0, "abcd");
  r.Add(4, 6, Bytes("ef"));  // bytes 6..9 not captured
  AddText(r, 10, "ijkl");
  ASSERT_EQ(r.data(), "abcdefijkl");
  // Bytes 8 and 9 are unknown, 10..12 agree, 13 differs.
  EXPECT_EQ(AddText(r, 8, "XXijkZ"), SegmentKind::kRetransmission);
  EXPECT_EQ(r.inconsistent_bytes(), 1u);
  // Byte 5 ('f') differs, 6 is unknown.
  EXPECT_EQ(AddText(r, 5, "FX"), SegmentKind::kRetransmission);
  EXPECT_EQ(r.inconsistent_bytes(), 2u);
}

TEST(StreamReassemblerTest, SequenceNumbersWrapAcross2To32) {
  const std::string m = Message(32);
  const std::vector<Segment> segments = {
      {0xFFFFFFF0u, m.substr(0, 8)}, {0xFFFFFFF8u, m.substr(8, 16)}, {0x00000008u, m.substr(24)}};
  StreamReassembler forward;
  StreamReassembler reversed;
  forward.Start(0xFFFFFFF0u);
  reversed.Start(0xFFFFFFF0u);
  for (const Segment& s : segments) EXPECT_EQ(AddText(forward, s.seq, s.payload), SegmentKind::kInOrder);
  EXPECT_EQ(AddText(reversed, segments[2].seq, segments[2].payload), SegmentKind::kOutOfOrder);
  EXPECT_EQ(AddText(reversed, segments[1].seq, segments[1].payload), SegmentKind::kOutOfOrder);
  EXPECT_EQ(AddText(reversed, segments[0].seq, segments[0].payload), SegmentKind::kInOrder);
  EXPECT_EQ(forward.data(), m);
  EXPECT_EQ(reversed.data(), m);
  EXPECT_EQ(reversed.delivered(), 32u);
  EXPECT_EQ(forward.OffsetOf(0x00000000u), 16u);
  EXPECT_EQ(forward.OffsetOf(0x00000008u), 24u);
}

TEST(StreamReassemblerTest, HoleThatNeverFillsIsAGapAtFinish) {
  StreamReassembler r;
  r.Start(0);
  AddText(r, 0, "0123");
  AddText(r, 8, "89ab");
  AddText(r, 14, "ef");
  EXPECT_EQ(r.delivered(), 4u);
  r.Finish();
  EXPECT_TRUE(SameGaps(r.gaps(), {{4, 4}, {12, 2}}));
  EXPECT_EQ(r.gap_bytes(), 6u);
  EXPECT_EQ(r.data(), "012389abef");
  EXPECT_EQ(r.delivered(), 16u);
  EXPECT_EQ(r.held_bytes(), 0u);
  EXPECT_EQ(AddText(r, 16, "gh"), SegmentKind::kInOrder);  // the stream goes on after it
  EXPECT_EQ(r.data(), "012389abefgh");
}

TEST(StreamReassemblerTest, SnapTruncatedSegmentLeavesAGapOfUnknownBytes) {
  StreamReassembler r;
  r.Start(0);
  EXPECT_EQ(r.Add(0, 10, Bytes("abcd")), SegmentKind::kInOrder);
  EXPECT_EQ(AddText(r, 10, "klmno"), SegmentKind::kInOrder);
  EXPECT_EQ(r.data(), "abcdklmno");
  EXPECT_EQ(r.delivered(), 15u);
  EXPECT_TRUE(SameGaps(r.gaps(), {{4, 6}}));
  EXPECT_EQ(r.gap_bytes(), 6u);
}

TEST(StreamReassemblerTest, SnapTruncatedHeldSegmentLeavesAGapWhenDelivered) {
  StreamReassembler r;
  r.Start(0);
  EXPECT_EQ(r.Add(10, 10, Bytes("klm")), SegmentKind::kOutOfOrder);
  EXPECT_EQ(AddText(r, 0, "abcdefghij"), SegmentKind::kInOrder);
  EXPECT_EQ(r.data(), "abcdefghijklm");
  EXPECT_EQ(r.delivered(), 20u);
  EXPECT_TRUE(SameGaps(r.gaps(), {{13, 7}}));
}

TEST(StreamReassemblerTest, KeepLimitKeepsTheFirstBytesAndCountsThemAll) {
  StreamReassembler r(5);
  r.Start(0);
  AddText(r, 0, "hello ");
  AddText(r, 6, "world");
  EXPECT_EQ(r.data(), "hello");
  EXPECT_EQ(r.delivered(), 11u);
  EXPECT_TRUE(r.data_truncated());
}

TEST(StreamReassemblerTest, StreamExactlyAtKeepLimitIsNotTruncated) {
  StreamReassembler r(5);
  r.Start(0);
  AddText(r, 0, "hel");
  AddText(r, 3, "lo");
  EXPECT_EQ(r.data(), "hello");
  EXPECT_FALSE(r.data_truncated());
}

TEST(StreamReassemblerTest, KeepLimitAppliesToHeldBytesDeliveredLater) {
  StreamReassembler r(5);
  r.Start(0);
  AddText(r, 6, "world");
  AddText(r, 0, "hello ");
  EXPECT_EQ(r.data(), "hello");
  EXPECT_EQ(r.delivered(), 11u);
  EXPECT_TRUE(r.data_truncated());
}

TEST(StreamReassemblerTest, FiveGibStreamIsCountedExactlyWithoutStoringIt) {
  constexpr std::uint64_t kSegment = 65536;
  constexpr std::uint64_t kTotal = std::uint64_t{5} << 30;
  constexpr std::uint32_t kFirst = 0xFFFFF000u;  // wraps at once, and then every 4 GiB
  StreamReassembler r(4096);
  r.Start(kFirst);
  auto seq_at = [](std::uint64_t offset) { return static_cast<std::uint32_t>(kFirst + offset); };
  std::uint64_t in_order = 0;
  std::uint64_t out_of_order = 0;
  for (std::uint64_t at = 0; at < kTotal; at += 2 * kSegment) {  // each pair swapped
    for (std::uint64_t offset : {at + kSegment, at}) {
      const SegmentKind kind = r.Add(seq_at(offset), kSegment, {});
      in_order += kind == SegmentKind::kInOrder;
      out_of_order += kind == SegmentKind::kOutOfOrder;
    }
  }
  EXPECT_EQ(in_order, kTotal / kSegment / 2);
  EXPECT_EQ(out_of_order, kTotal / kSegment / 2);
  EXPECT_EQ(r.delivered(), kTotal);
  EXPECT_EQ(r.held_bytes(), 0u);
  EXPECT_TRUE(SameGaps(r.gaps(), {{0, kTotal}}));
  EXPECT_TRUE(r.data().empty());
  EXPECT_EQ(r.OffsetOf(seq_at(kTotal)), kTotal);
  EXPECT_EQ(r.Add(seq_at(kTotal - kSegment), kSegment, {}), SegmentKind::kRetransmission);
  EXPECT_EQ(AddText(r, seq_at(kTotal), "tail"), SegmentKind::kInOrder);
  EXPECT_EQ(r.delivered(), kTotal + 4);
  EXPECT_TRUE(r.data().empty());  // far beyond keep_limit
  EXPECT_TRUE(r.data_truncated());
}

TEST(StreamReassemblerTest, TooManyHeldBytesTurnTheFirstHoleIntoAGap) {
  constexpr auto kMax = static_cast<std::uint32_t>(StreamReassembler::kMaxHeldBytes);
  StreamReassembler r(std::size_t{64} << 20);  // keeps "xyz", at offset 16 MiB + 100
  r.Start(0);
  EXPECT_EQ(r.Add(100, kMax, {}), SegmentKind::kOutOfOrder);
  EXPECT_EQ(r.held_bytes(), kMax);  // at the limit: still held
  EXPECT_TRUE(r.gaps().empty());
  EXPECT_EQ(AddText(r, 100 + kMax, "xyz"), SegmentKind::kOutOfOrder);
  // The hole [0, 100) is given up; the held (uncaptured) bytes follow it.
  EXPECT_TRUE(SameGaps(r.gaps(), {{0, 100 + std::uint64_t{kMax}}}));
  EXPECT_EQ(r.data(), "xyz");
  EXPECT_EQ(r.delivered(), 100 + std::uint64_t{kMax} + 3);
  EXPECT_EQ(r.held_bytes(), 0u);
}

TEST(StreamReassemblerTest, TooManyHeldPiecesTurnTheFirstHoleIntoAGap) {
  constexpr std::size_t kMax = StreamReassembler::kMaxHeldPieces;
  StreamReassembler r;
  r.Start(0);
  for (std::size_t i = 0; i < kMax; ++i) AddText(r, static_cast<std::uint32_t>(2 * i + 1), "x");
  EXPECT_EQ(r.held_bytes(), kMax);
  EXPECT_EQ(r.delivered(), 0u);
  AddText(r, static_cast<std::uint32_t>(2 * kMax + 1), "y");
  EXPECT_TRUE(SameGaps(r.gaps(), {{0, 1}}));
  EXPECT_EQ(r.delivered(), 2u);
  EXPECT_EQ(r.data(), "x");
  EXPECT_EQ(r.held_bytes(), kMax);
}

TEST(StreamReassemblerTest, SegmentBeforeTheAnchorIsRetransmission) {
  StreamReassembler r;
  r.Start(1000);
  EXPECT_EQ(AddText(r, 990, "0123456789"), SegmentKind::kRetransmission);
  EXPECT_EQ(AddText(r, 999, "s"), SegmentKind::kRetransmission);
  EXPECT_EQ(r.delivered(), 0u);
  EXPECT_TRUE(r.data().empty());
  EXPECT_EQ(r.held_bytes(), 0u);
}

TEST(StreamReassemblerTest, SegmentBeforeAnAnchorAtZeroIsRetransmission) {
  StreamReassembler r;
  r.Start(0);  // ISN 0xFFFFFFFF
  EXPECT_EQ(AddText(r, 0xFFFFFFF0u, "0123456789abcdef"), SegmentKind::kRetransmission);
  EXPECT_EQ(r.delivered(), 0u);
  EXPECT_EQ(r.OffsetOf(0xFFFFFFF0u), 0u);
}

TEST(StreamReassemblerTest, SegmentStraddlingTheAnchorDeliversFromByteZero) {
  StreamReassembler r;
  r.Start(1000);
  EXPECT_EQ(AddText(r, 997, "xyzabc"), SegmentKind::kPartialOverlap);
  EXPECT_EQ(r.data(), "abc");
  EXPECT_EQ(r.delivered(), 3u);
  // Bytes before byte 0 are not compared; byte 2 ('c' -> 'Z') is.
  EXPECT_EQ(AddText(r, 998, "QQabZ"), SegmentKind::kRetransmission);
  EXPECT_EQ(r.inconsistent_bytes(), 1u);
}

TEST(StreamReassemblerTest, AddBeforeStartAnchorsAtTheFirstSegment) {
  StreamReassembler r;
  EXPECT_EQ(AddText(r, 5000, "abc"), SegmentKind::kInOrder);
  EXPECT_TRUE(r.started());
  r.Start(1);  // too late: byte 0 stays where it is
  EXPECT_EQ(r.OffsetOf(5003), 3u);
  EXPECT_EQ(AddText(r, 5003, "d"), SegmentKind::kInOrder);
  EXPECT_EQ(r.data(), "abcd");
}

TEST(StreamReassemblerTest, CapturedBytesBeyondThePayloadLengthAreIgnored) {
  StreamReassembler r;
  r.Start(0);
  EXPECT_EQ(r.Add(0, 3, Bytes("abcdef")), SegmentKind::kInOrder);
  EXPECT_EQ(r.data(), "abc");
  EXPECT_EQ(r.delivered(), 3u);
}

TEST(StreamReassemblerTest, FinishWithNothingHeldChangesNothing) {
  StreamReassembler r;
  r.Finish();
  EXPECT_EQ(r.delivered(), 0u);
  r.Start(0);
  AddText(r, 0, "ab");
  r.Finish();
  EXPECT_EQ(r.data(), "ab");
  EXPECT_TRUE(r.gaps().empty());
}

}  // namespace
}  // namespace wirecheck::capture
