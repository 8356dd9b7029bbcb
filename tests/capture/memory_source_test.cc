// Specifications of MemorySource: packets handed back in order, unchanged,
// then kEnd for ever (the PacketSource contract).

#include "capture/memory_source.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace wirecheck::capture {
namespace {

OwnedPacket Packet(std::int64_t ns, std::uint32_t link, std::uint32_t wire_length,
                   std::vector<std::uint8_t> bytes) {
  return OwnedPacket{Timestamp(ns), link, wire_length, std::move(bytes)};
}

TEST(MemorySourceTest, PacketsComeBackInOrderWithLinkTypesTimesAndLengths) {
  MemorySource source({
      Packet(1'000, link_type::kEthernet, 0, {1, 2, 3}),
      Packet(2'000, link_type::kRaw, 1500, {4, 5}),  // snap length cut it
      Packet(3'000, link_type::kLinuxSll2, 0, {6}),
  });
  RawPacket p;
  ASSERT_EQ(source.Next(&p), ReadStatus::kPacket);
  EXPECT_EQ(p.ts, Timestamp(1'000));
  EXPECT_EQ(p.link_type, link_type::kEthernet);
  EXPECT_EQ(p.wire_length, 3u);  // 0 means "as captured"
  EXPECT_EQ(std::vector<std::uint8_t>(p.data.begin(), p.data.end()),
            (std::vector<std::uint8_t>{1, 2, 3}));

  ASSERT_EQ(source.Next(&p), ReadStatus::kPacket);
  EXPECT_EQ(p.ts, Timestamp(2'000));
  EXPECT_EQ(p.link_type, link_type::kRaw);
  EXPECT_EQ(p.wire_length, 1500u);
  EXPECT_EQ(p.data.size(), 2u);
  EXPECT_EQ(p.data[0], 4);

  ASSERT_EQ(source.Next(&p), ReadStatus::kPacket);
  EXPECT_EQ(p.ts, Timestamp(3'000));
  EXPECT_EQ(p.link_type, link_type::kLinuxSll2);
  EXPECT_EQ(p.wire_length, 1u);
  EXPECT_EQ(p.data[0], 6);
}

TEST(MemorySourceTest, EndRepeatsAfterLastPacket) {
  MemorySource source({Packet(1, link_type::kEthernet, 0, {1})});
  RawPacket p;
  EXPECT_EQ(source.Next(&p), ReadStatus::kPacket);
  EXPECT_EQ(source.Next(&p), ReadStatus::kEnd);
  EXPECT_EQ(source.Next(&p), ReadStatus::kEnd);
  EXPECT_EQ(source.Next(&p), ReadStatus::kEnd);
  EXPECT_TRUE(source.error().empty());
}

TEST(MemorySourceTest, EmptySourceEndsAtOnce) {
  MemorySource source({});
  RawPacket p;
  EXPECT_EQ(source.Next(&p), ReadStatus::kEnd);
  EXPECT_EQ(source.Next(&p), ReadStatus::kEnd);
  EXPECT_EQ(source.stats().packets_read, 0u);
}

TEST(MemorySourceTest, StatsCountPacketsReadWithoutDropInformation) {
  MemorySource source({Packet(1, link_type::kEthernet, 0, {1}),
                       Packet(2, link_type::kEthernet, 0, {2})});
  RawPacket p;
  source.Next(&p);
  EXPECT_EQ(source.stats().packets_read, 1u);
  source.Next(&p);
  source.Next(&p);
  const CaptureStats stats = source.stats();
  EXPECT_EQ(stats.packets_read, 2u);
  EXPECT_FALSE(stats.drops_known);
  EXPECT_EQ(stats.kernel_dropped, 0u);
}

}  // namespace
}  // namespace wirecheck::capture
