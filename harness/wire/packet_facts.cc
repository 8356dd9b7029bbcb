#include "harness/wire/packet_facts.h"

namespace wirecheck::wire {
namespace {

constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kFin = 0x01;
constexpr std::uint8_t kSyn = 0x02;

std::size_t Read16(std::span<const std::uint8_t> bytes, std::size_t at) {
  return static_cast<std::size_t>(bytes[at] << 8 | bytes[at + 1]);
}

// `segment` is the IP payload as the IP header's length says it is.
void ReadTcp(std::span<const std::uint8_t> segment, PacketFacts* facts) {
  if (segment.size() < 20) return;
  const std::size_t header = static_cast<std::size_t>(segment[12] >> 4) * 4;
  if (header < 20 || header > segment.size()) return;
  facts->tcp = true;
  facts->fin = (segment[13] & kFin) != 0;
  facts->syn = (segment[13] & kSyn) != 0;
  facts->tcp_payload = segment.size() - header;
}

}  // namespace

PacketFacts ReadPacketFacts(std::span<const std::uint8_t> packet) {
  PacketFacts facts;
  if (packet.empty()) return facts;
  const int version = packet[0] >> 4;
  if (version == 4 && packet.size() >= 20) {
    facts.ip_version = 4;
    const std::size_t header = static_cast<std::size_t>(packet[0] & 0x0f) * 4;
    const std::size_t total = Read16(packet, 2);
    const bool first_fragment = (Read16(packet, 6) & 0x1fff) == 0;
    if (header >= 20 && header <= total && total <= packet.size() && packet[9] == kTcp && first_fragment) {
      ReadTcp(packet.subspan(header, total - header), &facts);
    }
  } else if (version == 6 && packet.size() >= 40) {
    facts.ip_version = 6;
    const std::size_t payload = Read16(packet, 4);
    if (packet[6] == kTcp && 40 + payload <= packet.size()) ReadTcp(packet.subspan(40, payload), &facts);
  }
  return facts;
}

}  // namespace wirecheck::wire
