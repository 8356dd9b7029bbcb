#pragma once
// The plain-data result for one conversation: one TCP connection instance or
// one UDP flow. Filled by the analysis (tcp_conversation.cc,
// udp_conversation.cc); read by everything above capture/.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capture/decoded_packet.h"
#include "capture/ip_address.h"
#include "capture/stream_segment.h"

namespace wirecheck::capture {

enum class Direction : std::uint8_t { kOrig = 0, kResp = 1 };
inline Direction Reverse(Direction d) { return d == Direction::kOrig ? Direction::kResp : Direction::kOrig; }

struct Endpoint {
  IpAddress addr;
  std::uint16_t port = 0;
  bool operator==(const Endpoint&) const = default;
};

/// RFC 793 connection states, as far as one endpoint's packets show them.
enum class TcpState : std::uint8_t {
  kClosed, kListen, kSynSent, kSynReceived, kEstablished, kFinWait1, kFinWait2,
  kClosing, kTimeWait, kCloseWait, kLastAck,
};
std::string_view TcpStateName(TcpState state);  // "SYN-SENT", "ESTABLISHED", ...

/// How the originator was decided.
enum class OriginatorRule : std::uint8_t {
  kFirstSyn,        // it sent the first SYN
  kFirstDatagram,   // UDP: it sent the first datagram
  kFirstPacket,     // no SYN seen: the first packet's sender (Zeek's default)
  kServerPort,      // no SYN seen: the other side is on the likely server port
};

/// One packet of the conversation, for ladders and evidence.
struct PacketRecord {
  std::uint64_t number = 0;          // 1-based packet number in the capture
  Timestamp ts{};
  Direction dir = Direction::kOrig;
  std::uint8_t flags = 0;            // TCP flags (0 for UDP)
  std::uint32_t rel_seq = 0;         // seq - ISN of the sender (TCP)
  std::uint32_t rel_ack = 0;         // ack - ISN of the receiver (TCP, if ACK)
  std::uint32_t payload_length = 0;
  std::uint16_t window = 0;          // raw window field
  SegmentKind kind = SegmentKind::kEmpty;
  bool operator==(const PacketRecord&) const = default;
};

/// One UDP datagram. Its bytes are in its sender's DirectionFacts::data
/// (all datagrams of a side, back to back): one buffer per side instead of
/// one allocation per datagram. Use DatagramPayload() to read them.
struct Datagram {
  std::uint64_t number = 0;
  Timestamp ts{};
  std::uint32_t length = 0;          // payload length per the UDP header
  std::uint32_t kept = 0;            // bytes of it kept (capture cut, payload cap)
  std::size_t offset = 0;            // where they start in DirectionFacts::data
  bool operator==(const Datagram&) const = default;
};

/// What one endpoint (as sender) did.
struct DirectionFacts {
  std::uint64_t packets = 0;
  std::uint64_t ip_bytes = 0;        // IP total lengths (Zeek's *_ip_bytes)
  std::uint64_t payload_bytes = 0;   // sum of payload lengths, retransmissions included
  std::uint64_t zeek_bytes = 0;      // conn.log orig_bytes/resp_bytes

  // TCP.
  bool syn_seen = false;
  std::uint32_t isn = 0;
  TcpOptions syn_options;            // options of its SYN or SYN-ACK
  std::uint64_t fin_packet = 0;      // number of its first FIN (0: none)
  Timestamp fin_ts{};
  std::uint64_t rst_packet = 0;      // number of its first RST (0: none)
  Timestamp rst_ts{};
  std::uint64_t retransmissions = 0;
  std::uint64_t out_of_order = 0;
  std::uint64_t overlaps = 0;
  std::uint64_t zero_windows = 0;
  std::vector<TcpState> states;      // RFC 793 states it passed through, in order

  // TCP: the reassembled stream. UDP: the datagrams' bytes back to back.
  std::uint64_t stream_bytes = 0;    // TCP: stream length, gaps included; UDP: payload bytes
  std::string data;                  // up to the payload cap
  bool data_truncated = false;
  std::vector<StreamGap> gaps;

  // UDP.
  std::vector<Datagram> datagrams;
  bool operator==(const DirectionFacts&) const = default;
};

/// The kept bytes of a datagram sent by the side whose facts are `from`.
inline std::string_view DatagramPayload(const DirectionFacts& from, const Datagram& d) {
  return std::string_view(from.data).substr(d.offset, d.kept);
}

/// An ICMP port unreachable that answered a datagram of this UDP flow: when
/// it came, nothing was bound to the port the datagram went to.
struct PortUnreachableMark {
  std::uint64_t number = 0;          // of the ICMP packet
  Timestamp ts{};
  Direction refused = Direction::kOrig;  // the sender of the datagram it answers
  bool operator==(const PortUnreachableMark&) const = default;
};

/// Port unreachable marks kept per flow; more are only counted.
inline constexpr std::size_t kPortUnreachableMarksKept = 16;

struct Handshake {
  std::uint64_t syn_packet = 0, syn_ack_packet = 0, ack_packet = 0;  // 0: not seen
  Timestamp syn_ts{}, syn_ack_ts{}, ack_ts{};
  bool data_before_complete = false;  // payload sent before the third packet
  bool complete() const { return syn_packet && syn_ack_packet && ack_packet; }
  bool operator==(const Handshake&) const = default;
};

struct Conversation {
  std::uint64_t id = 0;              // 1-based, in order of first packet (IP tunnels take ids too)
  Transport transport = Transport::kTcp;
  Endpoint orig;
  Endpoint resp;
  OriginatorRule originator_rule = OriginatorRule::kFirstSyn;
  Timestamp first_ts{};
  Timestamp last_ts{};                // the latest packet time
  /// Zeek's last activity time: packets after both sides closed do not
  /// count. conn.log's duration is zeek_last_ts - first_ts.
  Timestamp zeek_last_ts{};
  std::string history;               // Zeek conn.log history
  std::string conn_state;            // Zeek conn.log conn_state
  std::uint64_t missed_bytes = 0;    // Zeek conn.log missed_bytes

  Handshake handshake;               // TCP
  std::optional<Direction> first_fin;
  std::optional<Direction> first_rst;
  bool simultaneous_close = false;   // both FINs sent before either was acked

  std::array<DirectionFacts, 2> dir;
  std::vector<PacketRecord> packets;  // in capture order, up to the cap
  bool packets_truncated = false;
  std::uint64_t ip_fragments = 0;

  // UDP: ICMP port unreachable answers to its datagrams, in capture order
  // (not packets of the flow: no part of its counts, history or records).
  std::vector<PortUnreachableMark> port_unreachable;  // the first kPortUnreachableMarksKept
  std::uint64_t port_unreachable_count = 0;

  /// Zeek's tunnel_parents: the ids of the tunnels its packets came through
  /// (the innermost one of each packet), in order of first use; empty for
  /// plain traffic. An id is an outer UDP conversation's (VXLAN, Geneve,
  /// Teredo, AYIYA, GTPv1) or an IP tunnel's (Trace::ip_tunnels), never
  /// this list's own conversation's.
  std::vector<std::uint64_t> tunnel_parents;

  DirectionFacts& from(Direction d) { return dir[static_cast<std::size_t>(d)]; }
  const DirectionFacts& from(Direction d) const { return dir[static_cast<std::size_t>(d)]; }
  /// conn.log duration (Zeek's definition, see zeek_last_ts).
  double duration_seconds() const;
  /// Every field equal (tests: e.g. with and without a frozen interval).
  bool operator==(const Conversation&) const = default;
};

}  // namespace wirecheck::capture
