#include "harness/wire/icmp_too_big.h"

#include <algorithm>
#include <cstring>

namespace wirecheck::wire {
namespace {

constexpr std::uint8_t kIcmp = 1;
constexpr std::uint8_t kIcmp6 = 58;
constexpr std::size_t kIpv4MinimumMtu = 576;   // an ICMPv4 error stays within it
constexpr std::size_t kIpv6MinimumMtu = 1280;  // an ICMPv6 error stays within it

std::uint32_t Sum(std::span<const std::uint8_t> bytes, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) sum += static_cast<std::uint32_t>(bytes[i] << 8 | bytes[i + 1]);
  if (bytes.size() % 2 != 0) sum += static_cast<std::uint32_t>(bytes.back() << 8);
  return sum;
}

void PutChecksum(std::uint32_t sum, std::uint8_t* at) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  const auto folded = static_cast<std::uint16_t>(~sum);
  at[0] = static_cast<std::uint8_t>(folded >> 8);
  at[1] = static_cast<std::uint8_t>(folded);
}

void Put16(std::uint8_t* at, std::size_t value) {
  at[0] = static_cast<std::uint8_t>(value >> 8);
  at[1] = static_cast<std::uint8_t>(value);
}

bool IsIcmpError(std::uint8_t protocol, std::span<const std::uint8_t> transport) {
  if (transport.empty()) return false;
  if (protocol == kIcmp) return transport[0] != 0 && transport[0] != 8;  // not echo reply / request
  if (protocol == kIcmp6) return transport[0] < 128;
  return false;
}

std::vector<std::uint8_t> TooBig4(std::span<const std::uint8_t> packet, std::uint32_t mtu) {
  const std::size_t header = static_cast<std::size_t>(packet[0] & 0x0f) * 4;
  const bool dont_fragment = (packet[6] & 0x40) != 0;
  if (header < 20 || header > packet.size() || !dont_fragment) return {};
  if (IsIcmpError(packet[9], packet.subspan(header))) return {};
  const std::size_t quoted = std::min(packet.size(), kIpv4MinimumMtu - 28);
  std::vector<std::uint8_t> reply(28 + quoted);
  std::uint8_t* ip = reply.data();
  ip[0] = 0x45;
  Put16(ip + 2, reply.size());
  ip[8] = 64;
  ip[9] = kIcmp;
  std::memcpy(ip + 12, packet.data() + 16, 4);  // from the packet's destination
  std::memcpy(ip + 16, packet.data() + 12, 4);  // to its source
  PutChecksum(Sum({ip, 20}), ip + 10);
  std::uint8_t* icmp = ip + 20;
  icmp[0] = 3;  // destination unreachable
  icmp[1] = 4;  // fragmentation needed and DF set
  Put16(icmp + 6, std::min<std::uint32_t>(mtu, 0xffff));
  std::memcpy(icmp + 8, packet.data(), quoted);
  PutChecksum(Sum({icmp, 8 + quoted}), icmp + 2);
  return reply;
}

std::vector<std::uint8_t> TooBig6(std::span<const std::uint8_t> packet, std::uint32_t mtu) {
  if (IsIcmpError(packet[6], packet.subspan(40))) return {};
  const std::size_t quoted = std::min(packet.size(), kIpv6MinimumMtu - 48);
  std::vector<std::uint8_t> reply(48 + quoted);
  std::uint8_t* ip = reply.data();
  ip[0] = 0x60;
  Put16(ip + 4, 8 + quoted);
  ip[6] = kIcmp6;
  ip[7] = 64;
  std::memcpy(ip + 8, packet.data() + 24, 16);
  std::memcpy(ip + 24, packet.data() + 8, 16);
  std::uint8_t* icmp = ip + 40;
  icmp[0] = 2;  // packet too big
  icmp[4] = static_cast<std::uint8_t>(mtu >> 24);
  icmp[5] = static_cast<std::uint8_t>(mtu >> 16);
  icmp[6] = static_cast<std::uint8_t>(mtu >> 8);
  icmp[7] = static_cast<std::uint8_t>(mtu);
  std::memcpy(icmp + 8, packet.data(), quoted);
  // The pseudo-header: both addresses, the upper-layer length, next header.
  std::uint32_t sum = Sum({ip + 8, 32}) + static_cast<std::uint32_t>(8 + quoted) + kIcmp6;
  PutChecksum(Sum({icmp, 8 + quoted}, sum), icmp + 2);
  return reply;
}

}  // namespace

std::vector<std::uint8_t> MakeTooBig(std::span<const std::uint8_t> packet, std::uint32_t mtu) {
  if (packet.size() >= 20 && packet[0] >> 4 == 4) return TooBig4(packet, mtu);
  if (packet.size() >= 40 && packet[0] >> 4 == 6) return TooBig6(packet, mtu);
  return {};
}

}  // namespace wirecheck::wire
