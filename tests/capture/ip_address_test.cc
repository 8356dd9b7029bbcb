#include "capture/ip_address.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <array>
#include <random>
#include <vector>

#include <string>
#include <unordered_set>

namespace wirecheck::capture {
namespace {

IpAddress Ip(std::string_view text) {
  auto address = IpAddress::Parse(text);
  EXPECT_TRUE(address.has_value()) << text;
  return address.value_or(IpAddress());
}

TEST(IpAddressTest, ParsesDottedQuadAsIpv4MappedBytes) {
  const IpAddress a = Ip("192.0.2.1");
  EXPECT_FALSE(a.is_v6());
  const std::array<std::uint8_t, 16> mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1};
  EXPECT_EQ(a.bytes(), mapped);
  EXPECT_EQ(a.ToString(), "192.0.2.1");
}

TEST(IpAddressTest, ParsesIpv6AndPrintsRfc5952Form) {
  const IpAddress a = Ip("2001:DB8:0:0:0:0:0:1");
  EXPECT_TRUE(a.is_v6());
  EXPECT_EQ(a.bytes()[0], 0x20);
  EXPECT_EQ(a.bytes()[1], 0x01);
  EXPECT_EQ(a.bytes()[15], 0x01);
  EXPECT_EQ(a.ToString(), "2001:db8::1");
  EXPECT_EQ(Ip("::1").ToString(), "::1");
  EXPECT_EQ(Ip("2001:db8:0:0:1:0:0:1").ToString(), "2001:db8::1:0:0:1");
}

TEST(IpAddressTest, PrintsWhatInetNtopPrints) {
  // ToString() formats by hand; inet_ntop is the reference, with its
  // embedded dotted quads (::a.b.c.d, ::ffff:a.b.c.d) and "::" rules.
  std::mt19937_64 random(12);
  std::vector<std::array<std::uint8_t, 16>> cases;
  std::array<std::uint8_t, 16> b{};
  cases.push_back(b);  // ::
  b[15] = 1;
  cases.push_back(b);  // ::1
  b[14] = 1;
  cases.push_back(b);  // ::0.0.1.1
  b[10] = b[11] = 0xff;
  cases.push_back(b);  // ::ffff:0.0.1.1
  for (int i = 0; i < 200000; ++i) {
    for (auto& byte : b) byte = random() % 3 == 0 ? static_cast<std::uint8_t>(random()) : 0;
    if (i % 4 == 1) b[10] = b[11] = 0xff;
    cases.push_back(b);
  }
  for (const auto& bytes : cases) {
    char text[INET6_ADDRSTRLEN];
    ASSERT_NE(inet_ntop(AF_INET6, bytes.data(), text, sizeof text), nullptr);
    ASSERT_EQ(IpAddress::V6(std::span<const std::uint8_t, 16>(bytes)).ToString(), text);
    ASSERT_NE(inet_ntop(AF_INET, bytes.data() + 12, text, sizeof text), nullptr);
    ASSERT_EQ(IpAddress::V4(std::span<const std::uint8_t, 4>(bytes.data() + 12, 4)).ToString(), text);
  }
}

TEST(IpAddressTest, RejectsTextThatIsNoAddress) {
  for (std::string_view text : {"", "1.2.3", "256.1.1.1", "1.2.3.4 ", " ::1", "fe80::1%lo", "hello",
                                "1:2:3:4:5:6:7:8:9", "::1::2"}) {
    EXPECT_FALSE(IpAddress::Parse(text).has_value()) << text;
  }
  EXPECT_FALSE(IpAddress::Parse(std::string(200, '1')).has_value());
}

TEST(IpAddressTest, ParseReadsOnlyTheViewNotTheBytesAfterIt) {
  const std::string text = "10.0.0.12";
  EXPECT_EQ(Ip(std::string_view(text).substr(0, 8)).ToString(), "10.0.0.1");
}

TEST(IpAddressTest, FromBytesEqualsParsedText) {
  const std::uint8_t v4[4] = {127, 0, 0, 1};
  EXPECT_EQ(IpAddress::V4(v4), Ip("127.0.0.1"));
  std::uint8_t v6[16] = {};
  v6[15] = 1;
  EXPECT_EQ(IpAddress::V6(v6), Ip("::1"));
}

TEST(IpAddressTest, Ipv4DiffersFromItsIpv4MappedIpv6Form) {
  const IpAddress v4 = Ip("1.2.3.4");
  const IpAddress mapped = Ip("::ffff:1.2.3.4");
  EXPECT_TRUE(mapped.is_v6());
  EXPECT_EQ(v4.bytes(), mapped.bytes());
  EXPECT_NE(v4, mapped);
  EXPECT_LT(v4, mapped);
  EXPECT_NE(v4.Hash(), mapped.Hash());
}

TEST(IpAddressTest, OrdersNumerically) {
  EXPECT_LT(Ip("10.0.0.2"), Ip("10.0.0.10"));
  EXPECT_LT(Ip("9.255.255.255"), Ip("10.0.0.0"));
  EXPECT_LT(Ip("::1"), Ip("::2"));
  EXPECT_LT(Ip("2001:db8::1"), Ip("2001:db9::"));
}

TEST(IpAddressTest, EqualAddressesHashEquallyAndNeighboursSpread) {
  EXPECT_EQ(std::hash<IpAddress>{}(Ip("10.0.0.1")), Ip("10.0.0.1").Hash());
  std::unordered_set<std::size_t> hashes;
  std::unordered_set<IpAddress> addresses;
  for (int i = 0; i < 256; ++i) {
    const std::uint8_t bytes[4] = {10, 0, 0, static_cast<std::uint8_t>(i)};
    hashes.insert(IpAddress::V4(bytes).Hash() % 1024);
    addresses.insert(IpAddress::V4(bytes));
    addresses.insert(IpAddress::V4(bytes));
  }
  EXPECT_EQ(addresses.size(), 256u);
  // 256 keys into 1024 buckets: a decent hash leaves few collisions
  // (about 29 expected); a poor one (e.g. the first bytes only) collapses.
  EXPECT_GT(hashes.size(), 200u);
}

}  // namespace
}  // namespace wirecheck::capture
