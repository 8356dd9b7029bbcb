#include "tests/support/packet_builder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "tests/support/byte_writer.h"

namespace wirecheck::testing {
namespace {

constexpr std::uint8_t kProtocolTcp = 6;
constexpr std::uint8_t kProtocolUdp = 17;
constexpr std::uint8_t kProtocolIcmp = 1;
constexpr std::uint8_t kProtocolIcmpv6 = 58;
constexpr std::uint8_t kFragmentHeader = 44;
constexpr std::uint8_t kAuthenticationHeader = 51;

void Set16(Bytes* out, std::size_t at, std::uint32_t value) {
  (*out)[at] = static_cast<std::uint8_t>(value >> 8);
  (*out)[at + 1] = static_cast<std::uint8_t>(value);
}

void Append(Bytes* out, std::span<const std::uint8_t> bytes) {
  out->insert(out->end(), bytes.begin(), bytes.end());
}

void PadTo4(Bytes* bytes) {
  while (bytes->size() % 4 != 0) bytes->push_back(0);
}

/// RFC 1071 one's-complement sum, continued from `sum`.
std::uint32_t SumWords(std::span<const std::uint8_t> bytes, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) sum += std::uint32_t{bytes[i]} << 8 | bytes[i + 1];
  if (bytes.size() % 2 != 0) sum += std::uint32_t{bytes.back()} << 8;
  return sum;
}

std::uint16_t FoldChecksum(std::uint32_t sum) {
  while (sum >> 16 != 0) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum & 0xffff);
}

std::span<const std::uint8_t> AddressBytes(const capture::IpAddress& a) {
  return std::span<const std::uint8_t>(a.bytes()).subspan(a.is_v6() ? 0 : 12);
}

/// The TCP/UDP checksum over the RFC 793 / RFC 8200 pseudo header.
std::uint16_t TransportChecksum(const capture::IpAddress& src, const capture::IpAddress& dst,
                                std::uint8_t protocol, std::span<const std::uint8_t> segment) {
  std::uint32_t sum = SumWords(AddressBytes(src));
  sum = SumWords(AddressBytes(dst), sum);
  const auto length = static_cast<std::uint32_t>(segment.size());
  sum += protocol + (length & 0xffff) + (length >> 16);
  return FoldChecksum(SumWords(segment, sum));
}

capture::IpAddress ParseOrFail(std::string_view text) {
  if (auto address = capture::IpAddress::Parse(text)) return *address;
  ADD_FAILURE() << "packet_builder: not an IP address: " << text;
  return capture::IpAddress();
}

Bytes TextBytes(std::string_view text) { return Bytes(text.begin(), text.end()); }

}  // namespace

// ---- IpPacket ---------------------------------------------------------------

IpPacket& IpPacket::From(std::string_view address) {
  src_ = ParseOrFail(address);
  return *this;
}

IpPacket& IpPacket::To(std::string_view address) {
  dst_ = ParseOrFail(address);
  return *this;
}

IpPacket& IpPacket::Protocol(std::uint8_t protocol) {
  protocol_ = protocol;
  return *this;
}

IpPacket& IpPacket::Payload(Bytes bytes) {
  payload_ = std::move(bytes);
  return *this;
}

IpPacket& IpPacket::Options(Bytes options) {
  options_ = std::move(options);
  PadTo4(&options_);
  return *this;
}

IpPacket& IpPacket::Fragment(std::uint16_t offset_bytes, bool more_fragments) {
  if (offset_bytes % 8 != 0) ADD_FAILURE() << "packet_builder: fragment offset not a multiple of 8";
  fragment_offset_ = offset_bytes;
  more_fragments_ = more_fragments;
  if (is_v6()) {
    Bytes header = {0, 0};
    Put16(&header, static_cast<std::uint32_t>(offset_bytes) | (more_fragments ? 1u : 0u));
    Put32(&header, 0x12345678);  // identification
    extensions_.push_back({kFragmentHeader, std::move(header)});
  }
  return *this;
}

IpPacket& IpPacket::Extension(std::uint8_t type, std::size_t size) {
  if (size < 8 || size % 8 != 0 || size > 2048) {
    ADD_FAILURE() << "packet_builder: extension header size " << size;
    size = 8;
  }
  Bytes header(size, 0);
  // RFC 4302: AH length in 4-byte units minus 2; others 8-byte units minus 1.
  header[1] = static_cast<std::uint8_t>(type == kAuthenticationHeader ? size / 4 - 2 : size / 8 - 1);
  if (type != kAuthenticationHeader && size - 4 <= 255) {
    header[2] = 1;  // one PadN option filling the rest (fine for routing too)
    header[3] = static_cast<std::uint8_t>(size - 4);
  }
  extensions_.push_back({type, std::move(header)});
  return *this;
}

IpPacket& IpPacket::LengthField(std::uint16_t value) {
  length_field_ = value;
  return *this;
}

IpPacket& IpPacket::HeaderLengthField(std::uint8_t words) {
  header_length_field_ = words;
  return *this;
}

IpPacket& IpPacket::VersionField(std::uint8_t version) {
  version_field_ = version;
  return *this;
}

Bytes IpPacket::IpBytes() const {
  if (src_.is_v6() != dst_.is_v6()) ADD_FAILURE() << "packet_builder: IPv4 and IPv6 addresses mixed";
  return is_v6() ? Ipv6Bytes() : Ipv4Bytes();
}

Bytes IpPacket::Ipv4Bytes() const {
  const std::size_t header_length = 20 + options_.size();
  const std::size_t total = header_length + payload_.size();
  Bytes out;
  out.reserve(total);
  const std::uint8_t words = header_length_field_.value_or(static_cast<std::uint8_t>(header_length / 4));
  out.push_back(static_cast<std::uint8_t>(version_field_.value_or(4) << 4 | (words & 0x0f)));
  out.push_back(0);  // DSCP/ECN
  Put16(&out, length_field_.value_or(static_cast<std::uint16_t>(total)));
  Put16(&out, 0x4321);  // identification
  Put16(&out, (more_fragments_ ? 0x2000u : 0u) | (fragment_offset_ / 8u));
  out.push_back(64);  // TTL
  out.push_back(protocol_);
  Put16(&out, 0);  // checksum, below
  Append(&out, AddressBytes(src_));
  Append(&out, AddressBytes(dst_));
  Append(&out, options_);
  Set16(&out, 10, FoldChecksum(SumWords(out)));
  Append(&out, payload_);
  return out;
}

Bytes IpPacket::Ipv6Bytes() const {
  std::size_t extension_length = 0;
  for (const Extension6& e : extensions_) extension_length += e.bytes.size();
  Bytes out;
  out.reserve(40 + extension_length + payload_.size());
  Put32(&out, std::uint32_t{version_field_.value_or(6)} << 28);  // traffic class, flow label 0
  Put16(&out, length_field_.value_or(static_cast<std::uint16_t>(extension_length + payload_.size())));
  out.push_back(extensions_.empty() ? protocol_ : extensions_.front().type);
  out.push_back(64);  // hop limit
  Append(&out, AddressBytes(src_));
  Append(&out, AddressBytes(dst_));
  for (std::size_t i = 0; i < extensions_.size(); ++i) {
    Bytes header = extensions_[i].bytes;
    header[0] = i + 1 < extensions_.size() ? extensions_[i + 1].type : protocol_;
    Append(&out, header);
  }
  Append(&out, payload_);
  return out;
}

// ---- TcpPacket --------------------------------------------------------------

TcpPacket& TcpPacket::From(std::string_view address, std::uint16_t port) {
  src_ = ParseOrFail(address);
  src_port_ = port;
  return *this;
}

TcpPacket& TcpPacket::To(std::string_view address, std::uint16_t port) {
  dst_ = ParseOrFail(address);
  dst_port_ = port;
  return *this;
}

TcpPacket& TcpPacket::Seq(std::uint32_t seq) {
  seq_ = seq;
  return *this;
}

TcpPacket& TcpPacket::Ack(std::uint32_t ack) {
  ack_ = ack;
  return *this;
}

TcpPacket& TcpPacket::Flags(std::uint8_t flags) {
  flags_ = flags;
  return *this;
}

TcpPacket& TcpPacket::Window(std::uint16_t window) {
  window_ = window;
  return *this;
}

TcpPacket& TcpPacket::Mss(std::uint16_t mss) {
  options_.insert(options_.end(), {2, 4});
  Put16(&options_, mss);
  return *this;
}

TcpPacket& TcpPacket::WindowScale(std::uint8_t shift) {
  options_.insert(options_.end(), {3, 3, shift});
  return *this;
}

TcpPacket& TcpPacket::SackPermitted() {
  options_.insert(options_.end(), {4, 2});
  return *this;
}

TcpPacket& TcpPacket::Timestamps(std::uint32_t ts_val, std::uint32_t ts_ecr) {
  options_.insert(options_.end(), {8, 10});
  Put32(&options_, ts_val);
  Put32(&options_, ts_ecr);
  return *this;
}

TcpPacket& TcpPacket::Nop() {
  options_.push_back(1);
  return *this;
}

TcpPacket& TcpPacket::RawOption(Bytes bytes) {
  Append(&options_, bytes);
  return *this;
}

TcpPacket& TcpPacket::DataOffsetField(std::uint8_t words) {
  data_offset_field_ = words;
  return *this;
}

TcpPacket& TcpPacket::Payload(std::string_view text) { return Payload(TextBytes(text)); }

TcpPacket& TcpPacket::Payload(Bytes bytes) {
  payload_ = std::move(bytes);
  return *this;
}

Bytes TcpPacket::Segment() const {
  Bytes options = options_;
  PadTo4(&options);
  if (options.size() > 40) ADD_FAILURE() << "packet_builder: TCP options exceed 40 bytes";
  Bytes out;
  out.reserve(20 + options.size() + payload_.size());
  Put16(&out, src_port_);
  Put16(&out, dst_port_);
  Put32(&out, seq_);
  Put32(&out, ack_);
  const auto words = data_offset_field_.value_or(static_cast<std::uint8_t>((20 + options.size()) / 4));
  out.push_back(static_cast<std::uint8_t>((words & 0x0f) << 4));
  out.push_back(flags_);
  Put16(&out, window_);
  Put32(&out, 0);  // checksum (below), urgent pointer
  Append(&out, options);
  Append(&out, payload_);
  Set16(&out, 16, TransportChecksum(src_, dst_, kProtocolTcp, out));
  return out;
}

Bytes TcpPacket::IpBytes() const {
  return IpPacket().From(src_.ToString()).To(dst_.ToString()).Protocol(kProtocolTcp)
      .Payload(Segment()).IpBytes();
}

// ---- UdpPacket --------------------------------------------------------------

UdpPacket& UdpPacket::From(std::string_view address, std::uint16_t port) {
  src_ = ParseOrFail(address);
  src_port_ = port;
  return *this;
}

UdpPacket& UdpPacket::To(std::string_view address, std::uint16_t port) {
  dst_ = ParseOrFail(address);
  dst_port_ = port;
  return *this;
}

UdpPacket& UdpPacket::Payload(std::string_view text) { return Payload(TextBytes(text)); }

UdpPacket& UdpPacket::Payload(Bytes bytes) {
  payload_ = std::move(bytes);
  return *this;
}

UdpPacket& UdpPacket::LengthField(std::uint16_t value) {
  length_field_ = value;
  return *this;
}

Bytes UdpPacket::Segment() const {
  Bytes out;
  out.reserve(8 + payload_.size());
  Put16(&out, src_port_);
  Put16(&out, dst_port_);
  Put16(&out, length_field_.value_or(static_cast<std::uint16_t>(8 + payload_.size())));
  Put16(&out, 0);  // checksum, below
  Append(&out, payload_);
  const std::uint16_t checksum = TransportChecksum(src_, dst_, kProtocolUdp, out);
  Set16(&out, 6, checksum == 0 ? 0xffff : checksum);  // RFC 768: 0 means "none"
  return out;
}

Bytes UdpPacket::IpBytes() const {
  return IpPacket().From(src_.ToString()).To(dst_.ToString()).Protocol(kProtocolUdp)
      .Payload(Segment()).IpBytes();
}

// ---- IcmpPacket -------------------------------------------------------------

IcmpPacket& IcmpPacket::From(std::string_view address) {
  src_ = ParseOrFail(address);
  return *this;
}

IcmpPacket& IcmpPacket::To(std::string_view address) {
  dst_ = ParseOrFail(address);
  return *this;
}

IcmpPacket& IcmpPacket::TypeCode(std::uint8_t type, std::uint8_t code) {
  type_code_ = {type, code};
  return *this;
}

IcmpPacket& IcmpPacket::Quote(Bytes bytes) {
  quote_ = std::move(bytes);
  return *this;
}

Bytes IcmpPacket::Message() const {
  const auto [type, code] = type_code_.value_or(is_v6() ? std::pair<std::uint8_t, std::uint8_t>{1, 4}
                                                        : std::pair<std::uint8_t, std::uint8_t>{3, 3});
  Bytes out{type, code, 0, 0, 0, 0, 0, 0};
  Append(&out, quote_);
  Set16(&out, 2, is_v6() ? TransportChecksum(src_, dst_, kProtocolIcmpv6, out) : FoldChecksum(SumWords(out)));
  return out;
}

Bytes IcmpPacket::IpBytes() const {
  return IpPacket().From(src_.ToString()).To(dst_.ToString()).Protocol(is_v6() ? kProtocolIcmpv6 : kProtocolIcmp)
      .Payload(Message()).IpBytes();
}

// ---- Free functions ---------------------------------------------------------

DecodedFrame DecodeFrame(capture::OwnedPacket packet) {
  DecodedFrame frame;
  frame.packet = std::move(packet);
  frame.result = capture::Decode(AsRawPacket(frame.packet), &frame.decoded);
  return frame;  // moving the vector keeps its buffer, so decoded's spans stay valid
}

Bytes FromHex(std::string_view hex) {
  Bytes out;
  int high = -1;
  for (char c : hex) {
    int nibble = -1;
    if (c >= '0' && c <= '9') nibble = c - '0';
    if (c >= 'a' && c <= 'f') nibble = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') nibble = c - 'A' + 10;
    if (nibble < 0) continue;
    if (high < 0) {
      high = nibble;
    } else {
      out.push_back(static_cast<std::uint8_t>(high << 4 | nibble));
      high = -1;
    }
  }
  if (high >= 0) ADD_FAILURE() << "packet_builder: odd number of hex digits";
  return out;
}

}  // namespace wirecheck::testing
