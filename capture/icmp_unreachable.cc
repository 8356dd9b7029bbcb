#include "capture/icmp_unreachable.h"

#include "capture/byte_order.h"
#include "capture/decoded_packet.h"
#include "capture/decoder.h"
#include "capture/ip_layer.h"
#include "capture/link_layer.h"

namespace wirecheck::capture {
namespace {

constexpr std::uint8_t kProtocolIcmp = 1;
constexpr std::uint8_t kProtocolIcmpv6 = 58;
constexpr std::size_t kIcmpHeader = 8;  // type, code, checksum, 4 unused bytes
constexpr std::size_t kUdpHeader = 8;

bool IsPortUnreachable(std::uint8_t ip_version, std::uint8_t protocol, const std::uint8_t* icmp) {
  if (ip_version == 4) return protocol == kProtocolIcmp && icmp[0] == 3 && icmp[1] == 3;
  return protocol == kProtocolIcmpv6 && icmp[0] == 1 && icmp[1] == 4;
}

}  // namespace

bool DecodePortUnreachable(const RawPacket& packet, PortUnreachable* out) {
  LinkLayer link;
  if (DecodeLinkLayer(packet.link_type, packet.data, &link) != DecodeResult::kOk) return false;
  DecodedPacket outer;
  IpPayload icmp{};
  if (DecodeIpLayer(link.network, link.ip_version, &outer, &icmp) != DecodeResult::kOtherTransport) return false;
  if (icmp.bytes.size() < kIcmpHeader ||
      !IsPortUnreachable(outer.ip_version, icmp.other_protocol, icmp.bytes.data())) {
    return false;
  }

  // The quote is an IP packet cut short: its lengths state the original.
  DecodedPacket quoted;
  IpPayload udp{};
  if (DecodeIpLayer(icmp.bytes.subspan(kIcmpHeader), outer.ip_version, &quoted, &udp) != DecodeResult::kOk ||
      quoted.transport != Transport::kUdp || udp.bytes.size() < kUdpHeader) {
    return false;
  }
  out->ts = packet.ts;
  out->src = quoted.src;
  out->dst = quoted.dst;
  out->src_port = LoadBe16(udp.bytes.data());
  out->dst_port = LoadBe16(udp.bytes.data() + 2);
  return true;
}

}  // namespace wirecheck::capture
