#include "capture/interface_counters.h"

#include <gtest/gtest.h>

namespace wirecheck::capture {
namespace {

constexpr const char* kNetDev =
    "Inter-|   Receive                                                |  Transmit\n"
    " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
    "    lo:    3267      29    0    0    0     0          0         0     3267      29    0    0    0     0       0          0\n"
    "  eth0: 18690119     436    0    0    0     0          0         0    27252     326    0    0    0     0       0          0\n"
    "vethlong0:1 2 0 0 0 0 0 0 1 2 0 0 0 0 0 0\n";

TEST(InterfaceCountersTest, ReadsTheReceivedPacketsOfTheNamedInterface) {
  EXPECT_EQ(ParseNetDevRxPackets(kNetDev, "lo"), 29u);
  EXPECT_EQ(ParseNetDevRxPackets(kNetDev, "eth0"), 436u);
  EXPECT_EQ(ParseNetDevRxPackets(kNetDev, "vethlong0"), 2u);  // no space after a long name
}

TEST(InterfaceCountersTest, MissingOrMalformedLinesAreNoAnswer) {
  EXPECT_EQ(ParseNetDevRxPackets(kNetDev, "eth1"), std::nullopt);
  EXPECT_EQ(ParseNetDevRxPackets(kNetDev, "l"), std::nullopt);
  EXPECT_EQ(ParseNetDevRxPackets("    lo: 12\n", "lo"), std::nullopt);
  EXPECT_EQ(ParseNetDevRxPackets("    lo: x y\n", "lo"), std::nullopt);
  EXPECT_EQ(ParseNetDevRxPackets("", "lo"), std::nullopt);
}

TEST(InterfaceCountersTest, ReadsThisProcesssNamespace) {
  EXPECT_TRUE(InterfaceRxPackets("lo").has_value());  // every Linux namespace has lo
}

}  // namespace
}  // namespace wirecheck::capture
