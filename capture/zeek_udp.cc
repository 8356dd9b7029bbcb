#include "capture/zeek_udp.h"

#include <algorithm>

#include "capture/likely_server_ports.h"

namespace wirecheck::capture {
namespace {

using namespace std::chrono_literals;

constexpr Timestamp kUdpInactivity = 60s;  // udp_inactivity_timeout (init-bare.zeek)
constexpr std::uint16_t kNtpPort = 123;
constexpr std::uint8_t kNtpModeClient = 3;
constexpr std::uint8_t kNtpModeServer = 4;
constexpr std::size_t kNtpMessageSize = 48;

bool IsIpv4Broadcast(const IpAddress& a) {
  if (a.is_v6()) return false;
  const auto& b = a.bytes();
  return b[12] == 255 && b[13] == 255 && b[14] == 255 && b[15] == 255;
}

/// The NTP mode of a standard (48-byte or longer) message; 0 when there is none.
std::uint8_t NtpMode(const DecodedPacket& p) {
  if (p.payload.size() < kNtpMessageSize) return 0;
  return p.payload[0] & 0x07;
}

bool PortsSayFlip(const DecodedPacket& first) {
  return IsLikelyServerPort(Transport::kUdp, first.src_port) &&
         !IsLikelyServerPort(Transport::kUdp, first.dst_port) && !IsIpv4Broadcast(first.dst);
}

}  // namespace

bool ZeekUdp::SenderIsOriginator(const DecodedPacket& first) {
  if (PortsSayFlip(first)) return false;
  // An NTP server message first: counted as the originator's, then flipped.
  return !(first.dst_port == kNtpPort && NtpMode(first) == kNtpModeServer);
}

ZeekUdp::ZeekUdp(const DecodedPacket& first, bool flipped_at_start) : last_ts_(first.ts) {
  // A flip the ports do not explain is the NTP analyzer's, made after Zeek
  // counted the datagram as the originator's ("D^", not "^d").
  const bool port_flip = flipped_at_start && PortsSayFlip(first);
  if (port_flip) history_.AddRaw('^');
  // Zeek attaches analyzers by the responder's port.
  const std::uint16_t resp_port = port_flip ? first.src_port : first.dst_port;
  ntp_ = resp_port == kNtpPort;
  Process(!port_flip, first);
}

bool ZeekUdp::Deliver(bool is_orig, const DecodedPacket& packet) {
  flipped_now_ = false;
  Process(is_orig, packet);
  return flipped_now_;
}

void ZeekUdp::Process(bool is_orig, const DecodedPacket& p) {
  last_ts_ = std::max(last_ts_, p.ts);
  // Checksums are not verified (zeek -C): every datagram is data.
  if (is_orig) {
    history_.CheckOnce(true, history_bit::kData, 'D');
    orig_bytes_ += p.payload_length;
    orig_active_ = true;
  } else {
    history_.CheckOnce(false, history_bit::kData, 'd');
    resp_bytes_ += p.payload_length;
    resp_active_ = true;
  }
  // The NTP analyzer sees the datagram after the counts; it flips once when
  // the originator speaks as a server or the responder as a client.
  const std::uint8_t mode = ntp_ ? NtpMode(p) : 0;
  const bool backwards = (mode == kNtpModeServer && is_orig) || (mode == kNtpModeClient && !is_orig);
  if (backwards && !ntp_flipped_) {
    ntp_flipped_ = true;
    flipped_now_ = true;
    history_.AddRaw('^');
  }
}

Timestamp ZeekUdp::ExpiresAt() const { return last_ts_ + kUdpInactivity; }

std::string_view ZeekUdp::conn_state() const {
  if (orig_active_) return resp_active_ ? "SF" : "S0";
  return resp_active_ ? "SHR" : "OTH";
}

}  // namespace wirecheck::capture
