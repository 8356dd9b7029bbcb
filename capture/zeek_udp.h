#pragma once
// Zeek's view of one UDP "connection" (a flow of datagrams on a 4-tuple):
// history letters, conn_state, byte counts, role flips and the inactivity
// timeout. See docs/zeek-compatibility.md.

#include <cstdint>
#include <string>
#include <string_view>

#include "capture/decoded_packet.h"

namespace wirecheck::capture {

class ZeekUdp {
 public:
  /// True when the first datagram's sender is the originator (false: Zeek
  /// flips, e.g. the source port is a likely server port and the destination
  /// port is not).
  static bool SenderIsOriginator(const DecodedPacket& first);

  ZeekUdp(const DecodedPacket& first, bool flipped_at_start);
  /// Returns true when Zeek flips the roles on this datagram (caller swaps).
  bool Deliver(bool is_orig, const DecodedPacket& packet);
  Timestamp ExpiresAt() const;

  const std::string& history() const { return history_; }
  std::string_view conn_state() const;
  std::uint64_t bytes(bool orig) const { return orig ? orig_bytes_ : resp_bytes_; }

 private:
  std::string history_;
  std::uint64_t orig_bytes_ = 0;
  std::uint64_t resp_bytes_ = 0;
  Timestamp last_ts_{};
  bool orig_active_ = false;
  bool resp_active_ = false;
};

}  // namespace wirecheck::capture
