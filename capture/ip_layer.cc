#include "capture/ip_layer.h"

#include <algorithm>
#include <new>
#include <type_traits>

#include "capture/byte_order.h"

namespace wirecheck::capture {
namespace {

constexpr std::size_t kIpv4MinHeader = 20;
constexpr std::size_t kIpv6Header = 40;
constexpr std::uint16_t kIpv4MoreFragments = 0x2000;
constexpr std::uint16_t kIpv4OffsetMask = 0x1fff;

namespace protocol {
constexpr std::uint8_t kHopByHop = 0;
constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;
constexpr std::uint8_t kRouting = 43;
constexpr std::uint8_t kFragment = 44;
constexpr std::uint8_t kAuthentication = 51;
constexpr std::uint8_t kNoNextHeader = 59;
constexpr std::uint8_t kDestinationOptions = 60;
}  // namespace protocol

// Addresses are built in place with placement new: the prvalue from V4/V6
// then initialises the member directly. Assigning a temporary made GCC build
// it on the stack and copy it with a 16-byte load, a store-forwarding stall
// that tripled Decode()'s cost. Overwriting without a destructor call is
// fine for a trivially destructible type.
static_assert(std::is_trivially_destructible_v<IpAddress>);

DecodeResult SetTransport(std::uint8_t number, DecodedPacket* out, IpPayload* payload) {
  if (number == protocol::kTcp) {
    out->transport = Transport::kTcp;
    return DecodeResult::kOk;
  }
  if (number == protocol::kUdp) {
    out->transport = Transport::kUdp;
    return DecodeResult::kOk;
  }
  payload->other_protocol = number;
  return DecodeResult::kOtherTransport;
}

DecodeResult DecodeIpv4(std::span<const std::uint8_t> bytes, DecodedPacket* out,
                        IpPayload* payload) {
  if (bytes.size() < kIpv4MinHeader) return DecodeResult::kTruncatedIp;
  const std::uint8_t* h = bytes.data();
  const std::size_t header_length = std::size_t{h[0] & 0x0fu} * 4;
  const std::uint16_t total_length = LoadBe16(h + 2);
  if (header_length < kIpv4MinHeader || total_length < header_length) {
    return DecodeResult::kBadIpHeader;
  }
  if (bytes.size() < header_length) return DecodeResult::kTruncatedIp;

  out->ip_version = 4;
  out->ip_length = total_length;
  ::new (&out->src) IpAddress(IpAddress::V4(std::span<const std::uint8_t, 4>(h + 12, 4)));
  ::new (&out->dst) IpAddress(IpAddress::V4(std::span<const std::uint8_t, 4>(h + 16, 4)));
  const std::uint16_t fragment = LoadBe16(h + 6);
  if ((fragment & kIpv4OffsetMask) != 0) return DecodeResult::kIpFragment;
  out->ip_fragment = (fragment & kIpv4MoreFragments) != 0;

  // Bytes past total_length are link padding; fewer bytes mean a snap cut.
  const std::size_t end = std::min<std::size_t>(total_length, bytes.size());
  payload->bytes = bytes.subspan(header_length, end - header_length);
  payload->length = total_length - static_cast<std::uint32_t>(header_length);
  return SetTransport(h[9], out, payload);
}

/// Walks the extension headers from `offset` up to the upper-layer header.
/// `stated_end` is where the IPv6 payload length says the packet ends.
DecodeResult WalkIpv6Extensions(std::span<const std::uint8_t> bytes, std::size_t stated_end,
                                std::uint8_t* next, std::size_t* offset, DecodedPacket* out) {
  for (;;) {
    const std::uint8_t type = *next;
    if (type != protocol::kHopByHop && type != protocol::kRouting &&
        type != protocol::kFragment && type != protocol::kDestinationOptions &&
        type != protocol::kAuthentication) {
      return DecodeResult::kOk;
    }
    // Every extension header is at least 8 bytes; its length byte is second.
    if (*offset + 8 > stated_end) return DecodeResult::kBadIpHeader;
    if (*offset + 8 > bytes.size()) return DecodeResult::kTruncatedIp;
    const std::uint8_t* e = bytes.data() + *offset;
    std::size_t length = 8;
    if (type == protocol::kAuthentication) {
      length = (std::size_t{e[1]} + 2) * 4;   // RFC 4302: 4-byte units, minus 2
    } else if (type != protocol::kFragment) {
      length = (std::size_t{e[1]} + 1) * 8;   // RFC 8200: 8-byte units, minus 1
    }
    if (*offset + length > stated_end) return DecodeResult::kBadIpHeader;
    if (*offset + length > bytes.size()) return DecodeResult::kTruncatedIp;
    if (type == protocol::kFragment) {
      if ((LoadBe16(e + 2) & 0xfff8) != 0) return DecodeResult::kIpFragment;
      out->ip_fragment = (e[3] & 0x01) != 0;
    }
    *next = e[0];
    *offset += length;
  }
}

DecodeResult DecodeIpv6(std::span<const std::uint8_t> bytes, DecodedPacket* out,
                        IpPayload* payload) {
  if (bytes.size() < kIpv6Header) return DecodeResult::kTruncatedIp;
  const std::uint8_t* h = bytes.data();
  const std::uint16_t payload_length = LoadBe16(h + 4);
  std::uint8_t next = h[6];
  // Length 0 is only honest with no next header at all; with anything else
  // it is a jumbogram (RFC 2675), which loopback captures never hold.
  if (payload_length == 0 && next != protocol::kNoNextHeader) return DecodeResult::kBadIpHeader;

  out->ip_version = 6;
  out->ip_length = kIpv6Header + payload_length;
  ::new (&out->src) IpAddress(IpAddress::V6(std::span<const std::uint8_t, 16>(h + 8, 16)));
  ::new (&out->dst) IpAddress(IpAddress::V6(std::span<const std::uint8_t, 16>(h + 24, 16)));
  out->ip_fragment = false;

  const std::size_t stated_end = out->ip_length;
  const std::span<const std::uint8_t> packet = bytes.first(std::min(stated_end, bytes.size()));
  std::size_t offset = kIpv6Header;
  const DecodeResult walked = WalkIpv6Extensions(packet, stated_end, &next, &offset, out);
  if (walked != DecodeResult::kOk) return walked;

  payload->bytes = packet.subspan(offset);
  payload->length = static_cast<std::uint32_t>(stated_end - offset);
  return SetTransport(next, out, payload);
}

}  // namespace

DecodeResult DecodeIpLayer(std::span<const std::uint8_t> network, std::uint8_t ip_version,
                           DecodedPacket* out, IpPayload* payload) {
  if (network.empty()) return DecodeResult::kTruncatedIp;
  const std::uint8_t nibble = network[0] >> 4;
  if (ip_version != 0 && nibble != ip_version) return DecodeResult::kBadIpHeader;
  if (nibble == 4) return DecodeIpv4(network, out, payload);
  if (nibble == 6) return DecodeIpv6(network, out, payload);
  return DecodeResult::kBadIpHeader;
}

}  // namespace wirecheck::capture
