#include "capture/transport_layer.h"

#include <algorithm>

#include "capture/byte_order.h"

namespace wirecheck::capture {
namespace {

constexpr std::size_t kTcpMinHeader = 20;
constexpr std::size_t kUdpHeader = 8;

namespace tcp_option {
constexpr std::uint8_t kEndOfList = 0;
constexpr std::uint8_t kNoOperation = 1;
constexpr std::uint8_t kMss = 2;
constexpr std::uint8_t kWindowScale = 3;
constexpr std::uint8_t kSackPermitted = 4;
constexpr std::uint8_t kTimestamps = 8;
}  // namespace tcp_option

/// RFC 7323 section 2.3: a shift above 14 is used as 14.
constexpr std::uint8_t kMaxWindowShift = 14;

/// Applies one well-formed option; a known kind with the wrong length is
/// ignored, as Linux does.
void ApplyOption(std::uint8_t kind, std::span<const std::uint8_t> option, TcpOptions* out) {
  const std::size_t length = option.size();
  if (kind == tcp_option::kMss && length == 4) {
    out->mss = LoadBe16(option.data() + 2);
  } else if (kind == tcp_option::kWindowScale && length == 3) {
    out->window_scale = static_cast<std::int8_t>(std::min(option[2], kMaxWindowShift));
  } else if (kind == tcp_option::kSackPermitted && length == 2) {
    out->sack_permitted = true;
  } else if (kind == tcp_option::kTimestamps && length == 10) {
    out->has_timestamps = true;
    out->ts_val = LoadBe32(option.data() + 2);
    out->ts_ecr = LoadBe32(option.data() + 6);
  }
}

}  // namespace

void ParseTcpOptions(std::span<const std::uint8_t> options, TcpOptions* out) {
  *out = TcpOptions{};
  // Most segments after the SYN carry exactly NOP, NOP, timestamps (Linux):
  // the loop below gives the same for them, one option kind at a time.
  if (options.size() == 12 && options[0] == tcp_option::kNoOperation &&
      options[1] == tcp_option::kNoOperation && options[2] == tcp_option::kTimestamps &&
      options[3] == 10) {
    out->has_timestamps = true;
    out->ts_val = LoadBe32(options.data() + 4);
    out->ts_ecr = LoadBe32(options.data() + 8);
    return;
  }
  std::size_t i = 0;
  while (i < options.size()) {
    const std::uint8_t kind = options[i];
    if (kind == tcp_option::kEndOfList) break;
    if (kind == tcp_option::kNoOperation) {
      ++i;
      continue;
    }
    if (i + 1 >= options.size()) break;  // no room for the length byte
    const std::size_t length = options[i + 1];
    if (length < 2 || i + length > options.size()) break;  // malformed: stop here
    ApplyOption(kind, options.subspan(i, length), out);
    i += length;
  }
}

DecodeResult DecodeTcp(const IpPayload& segment, DecodedPacket* out) {
  // The stated length decides what is impossible; the captured one what is cut.
  if (segment.length < kTcpMinHeader) return DecodeResult::kBadTransportHeader;
  if (segment.bytes.size() < kTcpMinHeader) return DecodeResult::kTruncatedTransport;
  const std::uint8_t* h = segment.bytes.data();
  const std::size_t header_length = static_cast<std::size_t>(h[12] >> 4) * 4;
  if (header_length < kTcpMinHeader || header_length > segment.length) {
    return DecodeResult::kBadTransportHeader;
  }
  if (header_length > segment.bytes.size()) return DecodeResult::kTruncatedTransport;

  out->src_port = LoadBe16(h);
  out->dst_port = LoadBe16(h + 2);
  out->seq = LoadBe32(h + 4);
  out->ack = LoadBe32(h + 8);
  out->flags = h[13];
  out->window = LoadBe16(h + 14);
  ParseTcpOptions(segment.bytes.subspan(kTcpMinHeader, header_length - kTcpMinHeader), &out->options);
  out->payload_length = segment.length - static_cast<std::uint32_t>(header_length);
  out->payload = segment.bytes.subspan(header_length);
  return DecodeResult::kOk;
}

DecodeResult DecodeUdp(const IpPayload& datagram, DecodedPacket* out) {
  if (datagram.length < kUdpHeader) return DecodeResult::kBadTransportHeader;
  if (datagram.bytes.size() < kUdpHeader) return DecodeResult::kTruncatedTransport;
  const std::uint8_t* h = datagram.bytes.data();
  const std::uint16_t udp_length = LoadBe16(h + 4);
  if (udp_length < kUdpHeader) return DecodeResult::kBadTransportHeader;

  out->src_port = LoadBe16(h);
  out->dst_port = LoadBe16(h + 2);
  out->seq = 0;
  out->ack = 0;
  out->flags = 0;
  out->window = 0;
  out->options = TcpOptions{};
  // The UDP length may not claim more than the IP packet holds.
  const std::uint32_t length = std::min<std::uint32_t>(udp_length, datagram.length);
  out->payload_length = length - static_cast<std::uint32_t>(kUdpHeader);
  const std::size_t captured_end = std::min<std::size_t>(length, datagram.bytes.size());
  out->payload = datagram.bytes.subspan(kUdpHeader, captured_end - kUdpHeader);
  return DecodeResult::kOk;
}

}  // namespace wirecheck::capture
