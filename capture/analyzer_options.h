#pragma once
// How the analyzer works: what it keeps of each conversation and when it
// hands one on. Plain data, apart from analyzer.h so that the conversations
// the analyzer drives can read it without including their whole.

#include <cstddef>
#include <cstdint>

namespace wirecheck::capture {

/// The deepest tunnel nesting analysed whatever the options say: each level
/// is a nested call, so this bounds the stack a crafted packet can take.
inline constexpr std::uint32_t kMaxTunnelDepth = 16;

struct AnalyzerOptions {
  std::size_t payload_cap = 1 << 20;      // stream / datagram bytes kept per direction
  std::size_t packet_record_cap = 100000; // PacketRecords kept per conversation
  /// Streaming: hand a TCP conversation to the sink as soon as both FINs are
  /// acknowledged or a RST is seen, instead of when Zeek's close timer would
  /// remove it (5 s later). Memory then holds only open connections; the
  /// cost is that packets arriving after that point (a late RST, a
  /// retransmitted FIN) are counted in TraceStats::late_packets instead of
  /// in the conversation. Off: the Zeek-exact behaviour.
  bool hand_off_when_closed = false;
  /// Verify IPv4 header and TCP/UDP checksums and drop packets that fail,
  /// as Zeek does unless run with -C (bad transport checksums add 'C' to
  /// the history). Off: loopback captures and checksum offload leave
  /// checksums unfinished, so wirecheck ignores them by default.
  bool verify_checksums = false;
  /// At most this many conversations are tracked (0: no bound). Past it, a
  /// packet that would start a conversation is counted in
  /// TraceStats::untracked_packets and dropped, so a flood of SYNs or
  /// datagrams from a program under test costs bounded memory; the counts
  /// say exactly how much was left out.
  std::size_t max_conversations = 0;
  /// Zeek's Tunnel::max_depth: a packet inside this many tunnels is not
  /// decapsulated further (counted as tunnel_too_deep). As in Zeek, the
  /// outermost tunnel is always opened, so 0 acts as 1. At most
  /// kMaxTunnelDepth is honoured.
  std::uint32_t tunnel_max_depth = 2;
  /// Look inside tunnels at all. False: a tunnel's packets are what they are
  /// on the outside (a UDP datagram to 4789, an IP packet of protocol 47),
  /// never connections of their own. A live run sets it: its programs
  /// cannot make a tunnel on the run's own lo, so a tunnel header there is a
  /// program forging packets that would otherwise count as the scenario's
  /// connections (anyone may send a UDP datagram holding a made-up TCP
  /// exchange).
  bool open_tunnels = true;
};

}  // namespace wirecheck::capture
