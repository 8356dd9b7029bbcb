#include "bench/packet_builder.h"

#include <cassert>
#include <cstring>

namespace wirecheck::bench {
namespace {

constexpr std::size_t kEthernetLength = 14;
constexpr std::uint8_t kTcpProtocol = 6;
constexpr std::uint8_t kUdpProtocol = 17;
constexpr std::array<std::uint8_t, 6> kClientMac = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
constexpr std::array<std::uint8_t, 6> kServerMac = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};

void Put16(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}

void Put32(std::uint8_t* p, std::uint32_t v) {
  Put16(p, v >> 16);
  Put16(p + 2, v & 0xffff);
}

/// One's-complement sum of big-endian 16-bit words (RFC 1071), not folded.
std::uint64_t Sum16(const std::uint8_t* p, std::size_t n, std::uint64_t sum = 0) {
  for (; n >= 2; p += 2, n -= 2) sum += static_cast<std::uint32_t>(p[0] << 8 | p[1]);
  if (n) sum += static_cast<std::uint32_t>(p[0] << 8);
  return sum;
}

std::uint16_t Fold(std::uint64_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum & 0xffff);
}

/// Returns the options' length (a multiple of 4).
std::size_t WriteTcpOptions(std::uint8_t* p, const TcpSegment& s) {
  switch (s.options) {
    case TcpOptionSet::kNone:
      return 0;
    case TcpOptionSet::kSyn: {
      const std::uint8_t head[] = {2, 4, 0x05, 0xb4, 4, 2, 8, 10};  // MSS 1460, SACK-permitted
      std::memcpy(p, head, sizeof head);
      Put32(p + 8, s.ts_val);
      Put32(p + 12, s.ts_ecr);
      const std::uint8_t tail[] = {1, 3, 3, 7};  // NOP, window scale 7
      std::memcpy(p + 16, tail, sizeof tail);
      return 20;
    }
    case TcpOptionSet::kTimestamps: {
      const std::uint8_t head[] = {1, 1, 8, 10};
      std::memcpy(p, head, sizeof head);
      Put32(p + 4, s.ts_val);
      Put32(p + 8, s.ts_ecr);
      return 12;
    }
  }
  return 0;
}

}  // namespace

std::size_t PacketBuilder::WriteLinkAndIp(const FlowAddresses& flow, bool from_client,
                                          std::uint8_t protocol, std::size_t l4_length) {
  std::uint8_t* p = buffer_.data();
  std::memcpy(p, from_client ? kServerMac.data() : kClientMac.data(), 6);
  std::memcpy(p + 6, from_client ? kClientMac.data() : kServerMac.data(), 6);
  const std::uint8_t* src = from_client ? flow.client_ip.data() : flow.server_ip.data();
  const std::uint8_t* dst = from_client ? flow.server_ip.data() : flow.client_ip.data();
  std::uint8_t* ip = p + kEthernetLength;
  if (flow.v6) {
    Put16(p + 12, 0x86dd);
    Put32(ip, 0x60000000);
    Put16(ip + 4, static_cast<std::uint32_t>(l4_length));
    ip[6] = protocol;
    ip[7] = 64;
    std::memcpy(ip + 8, src, 16);
    std::memcpy(ip + 24, dst, 16);
    return kEthernetLength + 40;
  }
  Put16(p + 12, 0x0800);
  ip[0] = 0x45;
  ip[1] = 0;
  Put16(ip + 2, static_cast<std::uint32_t>(20 + l4_length));
  Put16(ip + 4, 0);       // identification
  Put16(ip + 6, 0x4000);  // don't fragment
  ip[8] = 64;
  ip[9] = protocol;
  Put16(ip + 10, 0);
  std::memcpy(ip + 12, src, 4);
  std::memcpy(ip + 16, dst, 4);
  Put16(ip + 10, Fold(Sum16(ip, 20)));
  return kEthernetLength + 20;
}

std::uint16_t PacketBuilder::TransportChecksum(const FlowAddresses& flow, std::size_t l4_offset,
                                               std::size_t l4_length, std::uint8_t protocol) const {
  // The IP source and destination sit just before the transport header in
  // both IPv4 (offsets 12..19 of 20) and IPv6 (8..39 of 40).
  const std::size_t address_bytes = flow.v6 ? 32 : 8;
  std::uint64_t sum = Sum16(buffer_.data() + l4_offset - address_bytes, address_bytes);
  sum += protocol + l4_length;
  return Fold(Sum16(buffer_.data() + l4_offset, l4_length, sum));
}

std::span<const std::uint8_t> PacketBuilder::Tcp(const FlowAddresses& flow, const TcpSegment& s) {
  assert(s.payload.size() <= kMaxPayload);
  std::array<std::uint8_t, 40> options{};
  const std::size_t options_length = WriteTcpOptions(options.data(), s);
  const std::size_t header_length = 20 + options_length;
  const std::size_t l4_length = header_length + s.payload.size();
  const std::size_t l4 = WriteLinkAndIp(flow, s.from_client, kTcpProtocol, l4_length);
  std::uint8_t* t = buffer_.data() + l4;
  Put16(t, s.from_client ? flow.client_port : flow.server_port);
  Put16(t + 2, s.from_client ? flow.server_port : flow.client_port);
  Put32(t + 4, s.seq);
  Put32(t + 8, s.ack);
  t[12] = static_cast<std::uint8_t>(header_length / 4 << 4);
  t[13] = s.flags;
  Put16(t + 14, s.window);
  Put32(t + 16, 0);  // checksum, urgent pointer
  std::memcpy(t + 20, options.data(), options_length);
  if (!s.payload.empty()) std::memcpy(t + header_length, s.payload.data(), s.payload.size());
  Put16(t + 16, TransportChecksum(flow, l4, l4_length, kTcpProtocol));
  return {buffer_.data(), l4 + l4_length};
}

std::span<const std::uint8_t> PacketBuilder::Udp(const FlowAddresses& flow, bool from_client,
                                                 std::span<const std::uint8_t> payload) {
  assert(payload.size() <= kMaxPayload);
  const std::size_t l4_length = 8 + payload.size();
  const std::size_t l4 = WriteLinkAndIp(flow, from_client, kUdpProtocol, l4_length);
  std::uint8_t* u = buffer_.data() + l4;
  Put16(u, from_client ? flow.client_port : flow.server_port);
  Put16(u + 2, from_client ? flow.server_port : flow.client_port);
  Put16(u + 4, static_cast<std::uint32_t>(l4_length));
  Put16(u + 6, 0);
  if (!payload.empty()) std::memcpy(u + 8, payload.data(), payload.size());
  std::uint16_t checksum = TransportChecksum(flow, l4, l4_length, kUdpProtocol);
  Put16(u + 6, checksum == 0 ? 0xffff : checksum);  // 0 means "no checksum" in UDP
  return {buffer_.data(), l4 + l4_length};
}

}  // namespace wirecheck::bench
