#include "tests/support/tunnel_builder.h"

#include "tests/support/byte_writer.h"

namespace wirecheck::testing {
namespace {

Bytes Then(Bytes header, std::span<const std::uint8_t> inner) {
  header.insert(header.end(), inner.begin(), inner.end());
  return header;
}

}  // namespace

Bytes EthernetFrame(std::span<const std::uint8_t> ip_packet, int ip_version) {
  Bytes out = {0x02, 0, 0, 0, 0, 0x0b, 0x02, 0, 0, 0, 0, 0x0a};
  Put16(&out, ip_version == 6 ? 0x86dd : 0x0800);
  return Then(out, ip_packet);
}

Bytes VxlanPayload(std::span<const std::uint8_t> ethernet_frame, std::uint8_t flags) {
  Bytes out = {flags, 0, 0, 0};
  Put32(&out, 0x00123400);  // VNI 0x1234, reserved
  return Then(out, ethernet_frame);
}

Bytes GenevePayload(std::span<const std::uint8_t> inner, std::uint16_t protocol,
                    std::size_t option_words, std::uint8_t version) {
  Bytes out = {static_cast<std::uint8_t>(version << 6 | (option_words & 0x3f)), 0};
  Put16(&out, protocol);
  Put32(&out, 0x00000a00);  // VNI 10, reserved
  for (std::size_t i = 0; i < option_words; ++i) Put32(&out, 0x01020000);  // class, type, length 0
  return Then(out, inner);
}

Bytes TeredoPayload(std::span<const std::uint8_t> ipv6_packet, bool authentication,
                    bool origin_indication) {
  Bytes out;
  if (authentication) {
    out = {0x00, 0x01, 2, 1, 'i', 'd', 0xaa};           // client id "id", 1 byte of auth
    out.insert(out.end(), {1, 2, 3, 4, 5, 6, 7, 8, 0});  // nonce, confirmation
  }
  if (origin_indication) {
    out.insert(out.end(), {0x00, 0x00});
    Put16(&out, 40000 ^ 0xffff);  // obfuscated port
    Put32(&out, 0xc0000201u ^ 0xffffffffu);  // obfuscated 192.0.2.1
  }
  return Then(out, ipv6_packet);
}

Bytes AyiyaPayload(std::span<const std::uint8_t> ip_packet, std::uint8_t next_header, std::uint8_t op) {
  // Identity 2^0 bytes of type 1; signature 5 words (SHA-1), hash method 2.
  Bytes out = {0x01, 0x52, static_cast<std::uint8_t>(0x10 | op), next_header};
  Put32(&out, 0x5f000000);  // epoch time
  out.push_back(0x42);      // the identity
  out.insert(out.end(), 20, 0x5a);  // the signature
  return Then(out, ip_packet);
}

Bytes GtpPayload(std::span<const std::uint8_t> ip_packet, std::uint8_t message_type,
                 std::uint8_t flags, bool extension) {
  if (extension) flags |= 0x04;
  Bytes options;
  if ((flags & 0x07) != 0) {
    Put16(&options, 7);                           // sequence number
    options.push_back(0);                         // N-PDU number
    options.push_back(extension ? 0x85 : 0);      // next extension: PDU session container
  }
  if (extension) options.insert(options.end(), {1, 0x10, 0x05, 0});  // 4 bytes, next type 0
  Bytes out = {flags, message_type};
  Put16(&out, static_cast<std::uint32_t>(options.size() + ip_packet.size()));
  Put32(&out, 0xcafe0001u);  // TEID
  out.insert(out.end(), options.begin(), options.end());
  return Then(out, ip_packet);
}

Bytes GrePayload(std::span<const std::uint8_t> inner, std::uint16_t protocol, std::uint16_t flags) {
  Bytes out;
  Put16(&out, flags);
  Put16(&out, protocol);
  if ((flags & 0x8000) != 0) Put32(&out, 0);           // checksum, reserved
  if ((flags & 0x2000) != 0) Put32(&out, 0x00000101);  // key
  if ((flags & 0x1000) != 0) Put32(&out, 9);           // sequence number
  return Then(out, inner);
}

Bytes PptpPayload(std::span<const std::uint8_t> inner, std::uint16_t ppp_protocol) {
  Bytes out;
  Put16(&out, 0x3001);  // key and sequence present, version 1
  Put16(&out, 0x880b);
  Put16(&out, static_cast<std::uint32_t>(4 + inner.size()));  // payload length
  Put16(&out, 0x0101);  // call id
  Put32(&out, 1);       // sequence number
  out.insert(out.end(), {0xff, 0x03});
  Put16(&out, ppp_protocol);
  return Then(out, inner);
}

Bytes ErspanPayload(std::span<const std::uint8_t> ethernet_frame, int type, bool subheader) {
  Bytes erspan;
  std::uint16_t protocol = 0x88be;
  std::uint16_t flags = 0;
  if (type == 2) {
    flags = 0x1000;  // the sequence number marks type II
    Put32(&erspan, 0x10010001u);  // version 1, VLAN 1, session 1
    Put32(&erspan, 0);
  } else if (type == 3) {
    protocol = 0x22eb;
    flags = 0x1000;
    Put32(&erspan, 0x20010001u);  // version 2
    Put32(&erspan, 0x12345678u);  // timestamp
    Put32(&erspan, subheader ? 0x00000001u : 0u);  // ..., O bit last
    if (subheader) {
      Put32(&erspan, 0);
      Put32(&erspan, 0);
    }
  }
  return GrePayload(Then(erspan, ethernet_frame), protocol, flags);
}

}  // namespace wirecheck::testing
