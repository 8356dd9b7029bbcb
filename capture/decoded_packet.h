#pragma once
// What the decoder extracts from one packet: addresses, ports, TCP header
// fields and options, and a view of the transport payload. Zero-copy: the
// payload span points into the RawPacket's bytes.

#include <cstdint>
#include <span>

#include "capture/ip_address.h"
#include "capture/packet.h"

namespace wirecheck::capture {

enum class Transport : std::uint8_t { kTcp = 6, kUdp = 17 };

namespace tcp_flag {
inline constexpr std::uint8_t kFin = 0x01;
inline constexpr std::uint8_t kSyn = 0x02;
inline constexpr std::uint8_t kRst = 0x04;
inline constexpr std::uint8_t kPsh = 0x08;
inline constexpr std::uint8_t kAck = 0x10;
inline constexpr std::uint8_t kUrg = 0x20;
inline constexpr std::uint8_t kEce = 0x40;
inline constexpr std::uint8_t kCwr = 0x80;
}  // namespace tcp_flag

/// TCP options that matter to the analysis; absent ones keep their defaults.
struct TcpOptions {
  std::uint16_t mss = 0;            // 0: no MSS option
  std::int8_t window_scale = -1;    // -1: no window-scale option
  bool sack_permitted = false;
  bool has_timestamps = false;
  std::uint32_t ts_val = 0;
  std::uint32_t ts_ecr = 0;
  bool operator==(const TcpOptions&) const = default;
};

struct DecodedPacket {
  std::uint64_t number = 0;        // 1-based index in the source (set by the caller)
  Timestamp ts{};
  Transport transport = Transport::kTcp;
  std::uint8_t ip_version = 4;
  IpAddress src;
  IpAddress dst;
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  bool ip_fragment = false;        // first fragment of a fragmented datagram
  std::uint32_t ip_length = 0;     // IP header + payload, from the IP header

  // TCP only.
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint8_t flags = 0;          // tcp_flag bits
  std::uint16_t window = 0;        // raw, unscaled
  TcpOptions options;

  /// Transport payload length as the headers state it (IP total length for
  /// TCP, the UDP length field for UDP), even where the capture cut it short.
  std::uint32_t payload_length = 0;
  /// The payload bytes actually captured: a prefix of payload_length bytes
  /// (shorter when the snap length cut the packet).
  std::span<const std::uint8_t> payload;

  /// For checksum verification: the IP header (IPv6: with its extension
  /// headers) and the transport header + captured payload, whose stated
  /// length is segment_length.
  std::span<const std::uint8_t> ip_header;
  std::span<const std::uint8_t> segment;
  std::uint32_t segment_length = 0;

  /// Set only when Decode() says kOtherTransport: the IP protocol number
  /// (ICMP, IP-in-IP, GRE, ...). `segment` then holds every captured byte
  /// after the IP header(s), link padding included, as Zeek hands them to
  /// its IP tunnel analyzers. No initialiser: the TCP/UDP path never reads it.
  std::uint8_t other_protocol;

  bool Has(std::uint8_t flag) const { return (flags & flag) != 0; }
};

}  // namespace wirecheck::capture
