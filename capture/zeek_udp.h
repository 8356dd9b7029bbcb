#pragma once
// Zeek's view of one UDP "connection" (a flow of datagrams on a 4-tuple):
// history letters, conn_state, byte counts, role flips and the inactivity
// timeout. See docs/zeek-compatibility.md.

#include <cstdint>
#include <string>
#include <string_view>

#include "capture/decoded_packet.h"
#include "capture/zeek_history.h"

namespace wirecheck::capture {

class ZeekUdp {
 public:
  /// True when the first datagram's sender is the originator (false: Zeek
  /// flips: the source port is a likely server port and the destination port
  /// is not, and the destination is not the IPv4 broadcast address).
  static bool SenderIsOriginator(const DecodedPacket& first);

  ZeekUdp(const DecodedPacket& first, bool flipped_at_start);
  /// Returns true when Zeek flips the roles on this datagram (caller swaps).
  /// Zeek's NTP analyzer flips a flow whose originator sent a server-mode
  /// message; that is the one application-level flip reproduced here.
  bool Deliver(bool is_orig, const DecodedPacket& packet);
  /// A datagram of this direction failed its checksum and was dropped:
  /// 'C'/'c', logarithmically.
  void ChecksumError(bool is_orig) {
    if ((is_orig ? orig_checksum_errors_ : resp_checksum_errors_).Count()) history_.Add(is_orig, 'C');
  }
  /// Zeek's udp_inactivity_timeout after the last datagram; a datagram at or
  /// after this time starts a new flow.
  Timestamp ExpiresAt() const;

  const std::string& history() const { return history_.letters(); }
  std::string_view conn_state() const;
  /// Payload bytes by the role the sender had *when it sent*: like Zeek, a
  /// flip does not move the counts already made.
  std::uint64_t bytes(bool orig) const { return orig ? orig_bytes_ : resp_bytes_; }
  Timestamp last_time() const { return last_ts_; }

 private:
  void Process(bool is_orig, const DecodedPacket& packet);

  ZeekHistory history_;
  ScaledRepeat orig_checksum_errors_, resp_checksum_errors_;
  std::uint64_t orig_bytes_ = 0;
  std::uint64_t resp_bytes_ = 0;
  Timestamp last_ts_{};
  bool orig_active_ = false;
  bool resp_active_ = false;
  bool ntp_ = false;          // the responder port was 123 at the start
  bool ntp_flipped_ = false;
  bool flipped_now_ = false;
};

}  // namespace wirecheck::capture
