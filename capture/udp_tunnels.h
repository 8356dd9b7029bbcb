#pragma once
// The tunnels Zeek finds in UDP payloads, each as its packet analyzer reads
// it (src/packet_analysis/protocol/{vxlan,geneve,teredo,ayiya,gtpv1}), and
// which one a datagram goes to: the analyzer registered for the
// connection's responder port (scripts/base/packet-protocols/*/main.zeek),
// else the two that detect themselves by content (AYIYA, Teredo).

#include <cstdint>
#include <span>

#include "capture/decoder.h"
#include "capture/tunnel.h"

namespace wirecheck::capture {

enum class UdpTunnel : std::uint8_t { kNone, kVxlan, kGeneve, kTeredo, kAyiya, kGtpv1 };

/// The analyzer Zeek's UDP analyzer forwards `payload` to: by the
/// connection's responder port (VXLAN 4789, Geneve 6081, Teredo 3544, AYIYA
/// 5072, GTPv1 2152 and 2123), else by protocol detection, else none.
UdpTunnel UdpTunnelFor(std::uint16_t resp_port, std::span<const std::uint8_t> payload);

TunnelType TunnelTypeOf(UdpTunnel tunnel);

/// What a tunnel analyzer made of one payload.
struct Decapsulation {
  enum class Outcome : std::uint8_t {
    kPacket,    // `inner` is the packet the tunnel carries
    kNoPacket,  // a message that carries none (GTP signalling, AYIYA control)
    kRefused,   // `reason` says why; the payload is a packet skipped
  };
  Outcome outcome = Outcome::kNoPacket;
  DecodeResult reason = DecodeResult::kOk;
  /// Zeek calls it an analyzer violation: VXLAN, Geneve, Teredo and AYIYA
  /// then refuse every later datagram of this connection unread.
  bool violation = false;
  /// Too deep: Zeek adds 'X' to the history of the connection carrying it.
  bool history_x = false;
  InnerPacket inner;
};

/// UDP.cc: a datagram to the VXLAN port that looks like VXLAN (the I flag,
/// room for a VXLAN and an Ethernet header) and carries checksum 0 is not
/// verified, over IPv6 too. For AnalyzerOptions::verify_checksums.
bool ZeekSkipsVxlanChecksum(const DecodedPacket& p);

/// Reads `payload` (the UDP payload as the IP length bounds it) as `tunnel`,
/// for a datagram inside the tunnels `at` (Zeek's Tunnel::max_depth is
/// `max_depth`). Never reads outside `payload`.
Decapsulation DecapsulateUdp(UdpTunnel tunnel, std::span<const std::uint8_t> payload,
                             const Encapsulation& at, std::uint32_t max_depth);

}  // namespace wirecheck::capture
