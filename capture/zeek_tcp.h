#pragma once
// Zeek's view of one TCP connection, rebuilt from sequence-level facts only
// (no payload bytes): endpoint states, the conn.log `history` letters and
// `conn_state`, byte counts taken from sequence numbers, missed bytes, role
// flips ('^'), connection reuse, and the timers after which Zeek removes the
// connection. The rules and their sources are in docs/zeek-compatibility.md.
//
// Contract: packets are delivered in capture order; `is_orig` is relative to
// the roles *as they are now* (after any flip). Never throws.

#include <cstdint>
#include <string>
#include <string_view>

#include "capture/decoded_packet.h"

namespace wirecheck::capture {

class ZeekTcp {
 public:
  /// Zeek's decision for the first packet of a new connection: true when its
  /// sender is the originator, false when Zeek flips the roles (a partial
  /// connection whose source port is the likely server port).
  static bool SenderIsOriginator(const DecodedPacket& first);

  /// Starts the connection with its first packet (sent by the originator,
  /// i.e. after the caller applied SenderIsOriginator). `flipped_at_start`
  /// records the '^'.
  ZeekTcp(const DecodedPacket& first, bool flipped_at_start);

  /// Feeds a later packet. Returns true when Zeek flips the roles on this
  /// packet: the caller must swap its own orig/resp facts; history() already
  /// holds the '^'.
  bool Deliver(bool is_orig, const DecodedPacket& packet);

  /// Zeek's connection-reuse test: does this packet (a SYN, or a SYN-ACK on a
  /// half-open connection) start a new connection on the same 4-tuple?
  bool IsReuse(bool is_orig, const DecodedPacket& packet) const;

  /// The network time at which Zeek's timers remove this connection if no
  /// further packet comes (attempt, inactivity, close and reset delays). A
  /// packet later than this starts a new connection.
  Timestamp ExpiresAt() const;

  const std::string& history() const;
  std::string_view conn_state() const;
  /// conn.log orig_bytes / resp_bytes: payload bytes from sequence numbers.
  std::uint64_t bytes(bool orig) const;
  /// conn.log missed_bytes: bytes acknowledged but never seen (content gaps).
  std::uint64_t missed_bytes() const;

  class Impl;
  ZeekTcp(ZeekTcp&&) noexcept;
  ZeekTcp& operator=(ZeekTcp&&) noexcept;
  ~ZeekTcp();

 private:
  Impl* impl_;  // owned; pimpl keeps Zeek's bookkeeping out of this header
};

}  // namespace wirecheck::capture
