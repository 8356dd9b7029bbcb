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

/// The ports the scripts register (vxlan_ports, geneve_ports, teredo_ports,
/// ayiya_ports, gtpv1_ports).
namespace udp_tunnel_port {
inline constexpr std::uint16_t kVxlan = 4789;
inline constexpr std::uint16_t kGeneve = 6081;
inline constexpr std::uint16_t kTeredo = 3544;
inline constexpr std::uint16_t kAyiya = 5072;
inline constexpr std::uint16_t kGtpUser = 2152;
inline constexpr std::uint16_t kGtpControl = 2123;
}  // namespace udp_tunnel_port

/// Teredo.cc's DetectProtocol, past its first cheap test (UdpTunnelFor).
bool LooksLikeTeredo(std::span<const std::uint8_t> payload);

/// The analyzer Zeek's UDP analyzer forwards `payload` to: by the
/// connection's responder port, else by protocol detection (AYIYA's
/// script registers it before Teredo's), else none. Inline: it runs for
/// every datagram, and almost all end at its first tests.
inline UdpTunnel UdpTunnelFor(std::uint16_t resp_port, std::span<const std::uint8_t> payload) {
  switch (resp_port) {
    case udp_tunnel_port::kVxlan: return UdpTunnel::kVxlan;
    case udp_tunnel_port::kGeneve: return UdpTunnel::kGeneve;
    case udp_tunnel_port::kTeredo: return UdpTunnel::kTeredo;
    case udp_tunnel_port::kAyiya: return UdpTunnel::kAyiya;
    case udp_tunnel_port::kGtpUser:
    case udp_tunnel_port::kGtpControl: return UdpTunnel::kGtpv1;
    default: break;
  }
  // AYIYA.cc DetectProtocol, "based on the old DPD entry".
  if (payload.size() >= 3 && payload[1] == 0x52 && payload[2] == 0x11) return UdpTunnel::kAyiya;
  // Teredo wants an IPv6 header, or a header starting 00 00 or 00 01.
  if (payload.size() >= 40 && ((payload[0] >> 4) == 6 || payload[0] == 0) && LooksLikeTeredo(payload)) {
    return UdpTunnel::kTeredo;
  }
  return UdpTunnel::kNone;
}

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
