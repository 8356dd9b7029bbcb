#pragma once
// Builds Ethernet + IPv4/IPv6 + TCP/UDP frames with valid checksums, for the
// benchmark's synthetic capture. One reusable buffer: no allocation per packet.

#include <array>
#include <cstdint>
#include <span>

namespace wirecheck::bench {

/// Both ends of one flow. IPv4 addresses use the first 4 bytes of each array.
struct FlowAddresses {
  bool v6 = false;
  std::array<std::uint8_t, 16> client_ip{};
  std::array<std::uint8_t, 16> server_ip{};
  std::uint16_t client_port = 0;
  std::uint16_t server_port = 0;
};

/// Which TCP options a segment carries, laid out as Linux sends them.
enum class TcpOptionSet : std::uint8_t {
  kNone,
  kSyn,         // MSS 1460, SACK-permitted, timestamps, NOP, window scale 7 (20 bytes)
  kTimestamps,  // NOP, NOP, timestamps (12 bytes)
};

struct TcpSegment {
  bool from_client = true;
  std::uint8_t flags = 0;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint16_t window = 0;
  TcpOptionSet options = TcpOptionSet::kNone;
  std::uint32_t ts_val = 0;
  std::uint32_t ts_ecr = 0;
  std::span<const std::uint8_t> payload;  // at most kMaxPayload bytes
};

class PacketBuilder {
 public:
  static constexpr std::size_t kMaxPayload = 1448;

  /// The frame stays valid until the next call.
  std::span<const std::uint8_t> Tcp(const FlowAddresses& flow, const TcpSegment& segment);
  std::span<const std::uint8_t> Udp(const FlowAddresses& flow, bool from_client,
                                    std::span<const std::uint8_t> payload);

 private:
  /// Writes Ethernet and IP headers for a transport segment of l4_length
  /// bytes; returns the offset where the transport header starts.
  std::size_t WriteLinkAndIp(const FlowAddresses& flow, bool from_client, std::uint8_t protocol,
                             std::size_t l4_length);
  /// Checksum of the transport segment at l4_offset, pseudo-header included.
  std::uint16_t TransportChecksum(const FlowAddresses& flow, std::size_t l4_offset,
                                  std::size_t l4_length, std::uint8_t protocol) const;

  std::array<std::uint8_t, 14 + 40 + 60 + kMaxPayload> buffer_{};
};

}  // namespace wirecheck::bench
