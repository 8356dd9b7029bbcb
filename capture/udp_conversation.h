#pragma once
// One UDP flow being tracked: datagrams per direction with their boundaries
// and payloads (up to the cap), and Zeek's bookkeeping.
//
// Kept compact while open, since Zeek's 60 s inactivity timeout holds every
// flow long after its last datagram: one log of small records and one byte
// buffer for both sides (a few KB less per flow than a Conversation with
// its five growing containers). Finish() builds the Conversation.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "capture/analyzer_options.h"
#include "capture/conversation.h"
#include "capture/decoded_packet.h"
#include "capture/icmp_unreachable.h"
#include "capture/zeek_udp.h"

namespace wirecheck::capture {

class UdpConversation {
 public:
  UdpConversation(std::uint64_t id, const DecodedPacket& first, const AnalyzerOptions& options);
  bool FromOrig(const DecodedPacket& packet) const;
  /// Zeek's responder port, which chooses the tunnel analyzer for a payload.
  std::uint16_t resp_port() const { return ends_[orig_ ^ 1u].port; }
  std::size_t history_length() const { return zeek_.history().size(); }
  Timestamp ExpiresAt() const { return zeek_.ExpiresAt(); }
  void Add(const DecodedPacket& packet);
  void ChecksumError(const DecodedPacket& packet) { zeek_.ChecksumError(FromOrig(packet)); }
  /// An ICMP port unreachable quoting a datagram of this flow: kept apart
  /// from its datagrams (Zeek's conn.log of the flow does not change).
  void AddPortUnreachable(const PortUnreachable& icmp);
  Conversation Finish();

 private:
  /// One datagram; its kept bytes follow the previous ones in bytes_.
  struct Record {
    std::uint64_t number;
    Timestamp ts;
    std::uint32_t length;        // payload length per the UDP header
    std::uint32_t kept_sender;   // bytes of it in bytes_ << 1 | index into ends_
    std::uint32_t kept() const { return kept_sender >> 1; }
    std::size_t sender() const { return kept_sender & 1u; }
  };
  /// Port unreachable answers, by the index in ends_ of the refused
  /// sender. Allocated at the first: most flows never have one.
  struct Unreachable {
    std::vector<std::pair<PortUnreachableMark, std::size_t>> kept;
    std::uint64_t count = 0;
  };
  /// What one endpoint sent, by endpoint: a role flip only moves orig_.
  struct Sent {
    std::uint64_t packets = 0;
    std::uint64_t ip_bytes = 0;
    std::uint64_t payload_bytes = 0;
    std::uint64_t kept = 0;      // bytes of its datagrams in bytes_
    bool data_truncated = false;
  };

  void AddSeen(std::size_t sender, const DecodedPacket& p);
  /// Fills dir[d] of the result (d is the role of endpoint `end`).
  void FinishSide(std::size_t end, Conversation& conv) const;

  const AnalyzerOptions& options_;
  std::uint64_t id_;
  std::array<Endpoint, 2> ends_;  // [0]: the first datagram's sender
  std::uint8_t orig_ = 0;         // index of the originator in ends_
  OriginatorRule originator_rule_;
  Timestamp first_ts_;
  Timestamp last_ts_;
  std::uint64_t ip_fragments_ = 0;
  std::array<Sent, 2> sent_;
  std::vector<Record> records_;
  std::string bytes_;             // kept payload bytes of both sides, in capture order
  std::unique_ptr<Unreachable> unreachable_;
  ZeekUdp zeek_;
};

}  // namespace wirecheck::capture
