// The only addresses a wire's hosts may have.

#include "harness/wire/wire_address.h"

#include <gtest/gtest.h>

namespace wirecheck::wire {
namespace {

std::string Refusal(const std::string& text) {
  std::string err;
  EXPECT_FALSE(ParseWireAddress(text, &err)) << text;
  return err;
}

TEST(WireAddressTest, DocumentationRangesAndLoopbackAreAccepted) {
  std::string err;
  for (const char* text : {"192.0.2.1/24", "198.51.100.7/24", "203.0.113.254/32", "127.0.0.2/8", "2001:db8::1/64",
                           "2001:db8:ffff::9/48", "192.0.2.2"}) {
    EXPECT_TRUE(ParseWireAddress(text, &err)) << text << ": " << err;
  }
  const auto address = ParseWireAddress("2001:db8::1/64", &err);
  ASSERT_TRUE(address);
  EXPECT_EQ(address->prefix, 64);
  EXPECT_EQ(address->bytes.size(), 16u);
  EXPECT_EQ(ParseWireAddress("192.0.2.2", &err)->prefix, 32);
}

TEST(WireAddressTest, EveryOtherAddressIsRefused) {
  for (const char* text : {"10.0.0.1/24", "192.0.3.1/24", "8.8.8.8", "2001:db9::1/64", "fe80::1/64", "::1"}) {
    EXPECT_NE(Refusal(text).find("is not a documentation address"), std::string::npos) << text;
  }
}

TEST(WireAddressTest, APrefixWiderThanItsRangeIsRefused) {
  // 192.0.2.1/16 would route 192.0.0.0/16, most of it real addresses.
  EXPECT_EQ(Refusal("192.0.2.1/16"),
            "192.0.2.1/16 is not a documentation address (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, "
            "2001:db8::/32) or in 127.0.0.0/8");
  EXPECT_NE(Refusal("2001:db8::1/16").find("not a documentation address"), std::string::npos);
}

TEST(WireAddressTest, MalformedTextIsSaidSo) {
  EXPECT_EQ(Refusal("192.0.2.300/24"), "192.0.2.300/24 is not an IP address");
  EXPECT_EQ(Refusal("192.0.2.1/33"), "192.0.2.1/33: the prefix length is not a number from 0 to 32");
  EXPECT_EQ(Refusal("192.0.2.1/"), "192.0.2.1/: the prefix length is not a number from 0 to 32");
}

}  // namespace
}  // namespace wirecheck::wire
