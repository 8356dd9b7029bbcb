#pragma once
// Readable builders for test packets, used by every capture/ test:
//
//   TcpPacket().From("10.0.0.1", 1234).To("10.0.0.2", 80).Seq(100)
//       .Flags(tcp_flag::kSyn).Mss(1460).WindowScale(7).SackPermitted()
//       .Timestamps(1, 0).Window(64240).Payload("hello").At(1.5)
//       .Build(link_type::kEthernet);
//
// The address text chooses IPv4 or IPv6. IpPacket builds raw IP packets for
// decoder edge cases (options, fragments, extension headers, lying lengths),
// usually around a TcpPacket or UdpPacket Segment(). Checksums (IPv4 header,
// TCP, UDP) are correct unless a length is overridden.
// A malformed request (an address that does not parse, IPv4 mixed with
// IPv6) is a bug in the test: it is reported with ADD_FAILURE().

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "capture/decoded_packet.h"
#include "capture/decoder.h"
#include "capture/ip_address.h"
#include "capture/memory_source.h"
#include "capture/packet.h"
#include "tests/support/link_framing.h"

namespace wirecheck::testing {

/// Setters shared by all builders: time and link framing.
template <class Self>
class FramedBuilder {
 public:
  Self& At(double seconds) {
    framing_.ts = capture::Timestamp(std::llround(seconds * 1e9));
    return self();
  }
  /// One more VLAN tag, inside those already added.
  Self& Vlan(std::uint16_t id, std::uint16_t tpid = 0x8100) {
    framing_.vlan_tags.push_back({tpid, id});
    return self();
  }
  /// One more MPLS label, below those already added.
  Self& Mpls(std::uint32_t label) {
    framing_.mpls_labels.push_back(label);
    return self();
  }
  Self& Pppoe() {
    framing_.pppoe = true;
    return self();
  }
  /// Ethernet: an 802.1ah backbone header (I-TAG with this I-SID).
  Self& Pbb(std::uint32_t isid) {
    framing_.pbb_isid = isid;
    return self();
  }
  /// Ethernet: a VN-Tag (4 bytes) before the VLAN tags.
  Self& VnTag(std::uint32_t tag) {
    framing_.vntag = tag;
    return self();
  }
  Self& FabricPath() {
    framing_.fabric_path = true;
    return self();
  }
  /// Ethernet: an 802.3 length and LLC/SNAP instead of the ethertype.
  Self& Snap() {
    framing_.snap = true;
    return self();
  }
  /// LINKTYPE_PPP without the ff 03 address and control bytes.
  Self& PppWithoutHdlc() {
    framing_.ppp_without_hdlc = true;
    return self();
  }
  Self& NflogOrder(std::endian order) {
    framing_.nflog_order = order;
    return self();
  }
  Self& LoopbackFamily(std::uint32_t family, std::endian order) {
    framing_.loopback_family = family;
    framing_.loopback_order = order;
    return self();
  }
  Self& TruncateTo(std::size_t n) {
    framing_.truncate_to = n;
    return self();
  }
  capture::OwnedPacket Build(std::uint32_t link_type = capture::link_type::kEthernet) const {
    const Self& packet = static_cast<const Self&>(*this);
    return FramePacket(packet.IpBytes(), packet.is_v6() ? 6 : 4, link_type, framing_);
  }

 protected:
  Self& self() { return static_cast<Self&>(*this); }
  Framing framing_;
};

/// A raw IPv4 or IPv6 packet around any payload. Defaults: 10.0.0.1 ->
/// 10.0.0.2, protocol TCP, TTL/hop limit 64, no options, not a fragment.
class IpPacket : public FramedBuilder<IpPacket> {
 public:
  IpPacket& From(std::string_view address);
  IpPacket& To(std::string_view address);
  IpPacket& Protocol(std::uint8_t protocol);
  IpPacket& Payload(Bytes bytes);
  /// IPv4 options, padded with zeros (end of list) to a multiple of 4.
  IpPacket& Options(Bytes options);
  /// IPv4: the offset and MF fields. IPv6: appends a fragment header.
  /// offset_bytes must be a multiple of 8.
  IpPacket& Fragment(std::uint16_t offset_bytes, bool more_fragments);
  /// IPv6: appends an extension header of this type (0 hop-by-hop, 43
  /// routing, 60 destination options, 51 AH) and total size in bytes (a
  /// multiple of 8, at least 8), with a correct length field and padding.
  IpPacket& Extension(std::uint8_t type, std::size_t size = 8);
  /// Overrides the IPv4 total length or the IPv6 payload length field.
  IpPacket& LengthField(std::uint16_t value);
  /// Overrides the IPv4 header length field (32-bit words).
  IpPacket& HeaderLengthField(std::uint8_t words);
  /// Overrides the version nibble.
  IpPacket& VersionField(std::uint8_t version);

  bool is_v6() const { return src_.is_v6(); }
  Bytes IpBytes() const;

 private:
  struct Extension6 {
    std::uint8_t type;
    Bytes bytes;  // whole header; byte 0 (next header) is set by IpBytes()
  };
  Bytes Ipv4Bytes() const;
  Bytes Ipv6Bytes() const;

  capture::IpAddress src_ = *capture::IpAddress::Parse("10.0.0.1");
  capture::IpAddress dst_ = *capture::IpAddress::Parse("10.0.0.2");
  std::uint8_t protocol_ = 6;
  Bytes payload_;
  Bytes options_;
  std::uint16_t fragment_offset_ = 0;
  bool more_fragments_ = false;
  std::vector<Extension6> extensions_;
  std::optional<std::uint16_t> length_field_;
  std::optional<std::uint8_t> header_length_field_;
  std::optional<std::uint8_t> version_field_;
};

/// A TCP segment. Defaults: 10.0.0.1:40000 -> 10.0.0.2:80, seq/ack 0, no
/// flags, window 65535, no options, no payload.
class TcpPacket : public FramedBuilder<TcpPacket> {
 public:
  TcpPacket& From(std::string_view address, std::uint16_t port);
  TcpPacket& To(std::string_view address, std::uint16_t port);
  TcpPacket& Seq(std::uint32_t seq);
  TcpPacket& Ack(std::uint32_t ack);
  TcpPacket& Flags(std::uint8_t flags);  // capture::tcp_flag bits
  TcpPacket& Window(std::uint16_t window);
  // Options are laid out in call order, then padded with zeros (EOL).
  TcpPacket& Mss(std::uint16_t mss);
  TcpPacket& WindowScale(std::uint8_t shift);
  TcpPacket& SackPermitted();
  TcpPacket& Timestamps(std::uint32_t ts_val, std::uint32_t ts_ecr);
  TcpPacket& Nop();
  /// Any option bytes as given (unknown kinds, malformed lengths).
  TcpPacket& RawOption(Bytes bytes);
  /// Overrides the data offset field (32-bit words).
  TcpPacket& DataOffsetField(std::uint8_t words);
  TcpPacket& Payload(std::string_view text);
  TcpPacket& Payload(Bytes bytes);

  /// TCP header, options and payload, checksummed for the addresses.
  Bytes Segment() const;
  Bytes IpBytes() const;
  bool is_v6() const { return src_.is_v6(); }

 private:
  capture::IpAddress src_ = *capture::IpAddress::Parse("10.0.0.1");
  capture::IpAddress dst_ = *capture::IpAddress::Parse("10.0.0.2");
  std::uint16_t src_port_ = 40000;
  std::uint16_t dst_port_ = 80;
  std::uint32_t seq_ = 0;
  std::uint32_t ack_ = 0;
  std::uint8_t flags_ = 0;
  std::uint16_t window_ = 65535;
  Bytes options_;
  std::optional<std::uint8_t> data_offset_field_;
  Bytes payload_;
};

/// A UDP datagram. Defaults: 10.0.0.1:40000 -> 10.0.0.2:53, no payload.
class UdpPacket : public FramedBuilder<UdpPacket> {
 public:
  UdpPacket& From(std::string_view address, std::uint16_t port);
  UdpPacket& To(std::string_view address, std::uint16_t port);
  UdpPacket& Payload(std::string_view text);
  UdpPacket& Payload(Bytes bytes);
  /// Overrides the UDP length field.
  UdpPacket& LengthField(std::uint16_t value);

  /// UDP header and payload, checksummed for the addresses.
  Bytes Segment() const;
  Bytes IpBytes() const;
  bool is_v6() const { return src_.is_v6(); }

 private:
  capture::IpAddress src_ = *capture::IpAddress::Parse("10.0.0.1");
  capture::IpAddress dst_ = *capture::IpAddress::Parse("10.0.0.2");
  std::uint16_t src_port_ = 40000;
  std::uint16_t dst_port_ = 53;
  std::optional<std::uint16_t> length_field_;
  Bytes payload_;
};

/// An ICMP (IPv4 addresses) or ICMPv6 (IPv6) message: the 8-byte header
/// (type, code, checksum, 4 unused bytes) and a body. Defaults: 10.0.0.2 ->
/// 10.0.0.1, port unreachable in the family of the addresses (ICMP type 3
/// code 3, ICMPv6 type 1 code 4), empty body. The kernel quotes the
/// refused packet: .Quote(UdpPacket().From(...).To(...).IpBytes()).
class IcmpPacket : public FramedBuilder<IcmpPacket> {
 public:
  IcmpPacket& From(std::string_view address);
  IcmpPacket& To(std::string_view address);
  IcmpPacket& TypeCode(std::uint8_t type, std::uint8_t code);
  /// The body after the header: for an error, the packet it answers.
  IcmpPacket& Quote(Bytes bytes);

  /// Header and body, checksummed (ICMPv6: with the pseudo header).
  Bytes Message() const;
  Bytes IpBytes() const;
  bool is_v6() const { return src_.is_v6(); }

 private:
  capture::IpAddress src_ = *capture::IpAddress::Parse("10.0.0.2");
  capture::IpAddress dst_ = *capture::IpAddress::Parse("10.0.0.1");
  std::optional<std::pair<std::uint8_t, std::uint8_t>> type_code_;
  Bytes quote_;
};

/// A frame and what Decode() made of it. `decoded.payload` points into
/// `packet.bytes`: keep the whole value, do not copy the parts apart.
struct DecodedFrame {
  capture::OwnedPacket packet;
  capture::DecodeResult result = capture::DecodeResult::kOk;
  capture::DecodedPacket decoded;
};

/// Decodes packet (whose bytes move into the result, so spans stay valid).
DecodedFrame DecodeFrame(capture::OwnedPacket packet);

/// Bytes from hex text, ignoring spaces and newlines: "45 00 00 3c".
Bytes FromHex(std::string_view hex);

}  // namespace wirecheck::testing
