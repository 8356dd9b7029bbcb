#include "capture/interface_counters.h"

#include <gtest/gtest.h>

#include <utility>

namespace wirecheck::capture {
namespace {

constexpr const char* kNetDev =
    "Inter-|   Receive                                                |  Transmit\n"
    " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
    "    lo:    3267      29    0    0    0     0          0         0     3267      29    0    0    0     0       0          0\n"
    "  eth0: 18690119     436    0    0    0     0          0         0    27252     326    0    0    0     0       0          0\n"
    "vethlong0:1 2 0 0 0 0 0 0 1 3 0 0 0 0 0 0\n";

// received, sent; nullopt: no answer.
std::optional<std::pair<std::uint64_t, std::uint64_t>> Packets(std::string_view text, std::string_view interface) {
  const auto p = ParseNetDevPackets(text, interface);
  if (!p) return std::nullopt;
  return std::pair{p->received, p->sent};
}

TEST(InterfaceCountersTest, ReadsTheReceivedAndSentPacketsOfTheNamedInterface) {
  EXPECT_EQ(Packets(kNetDev, "lo"), std::pair(std::uint64_t{29}, std::uint64_t{29}));
  EXPECT_EQ(Packets(kNetDev, "eth0"), std::pair(std::uint64_t{436}, std::uint64_t{326}));
  EXPECT_EQ(Packets(kNetDev, "vethlong0"), std::pair(std::uint64_t{2}, std::uint64_t{3}));  // no space after a long name
}

TEST(InterfaceCountersTest, MissingOrMalformedLinesAreNoAnswer) {
  EXPECT_EQ(Packets(kNetDev, "eth1"), std::nullopt);
  EXPECT_EQ(Packets(kNetDev, "l"), std::nullopt);
  EXPECT_EQ(Packets("    lo: 12\n", "lo"), std::nullopt);
  EXPECT_EQ(Packets("    lo: x y\n", "lo"), std::nullopt);
  EXPECT_EQ(Packets("    lo: 1 2 0 0 0 0 0 0 1\n", "lo"), std::nullopt);  // no sent packets column
  EXPECT_EQ(Packets("", "lo"), std::nullopt);
}

TEST(InterfaceCountersTest, ReadsThisProcesssNamespace) {
  EXPECT_TRUE(ReadInterfacePackets("lo").has_value());  // every Linux namespace has lo
}

}  // namespace
}  // namespace wirecheck::capture
