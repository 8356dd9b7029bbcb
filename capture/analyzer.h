#pragma once
// The whole capture/ pipeline: packets in, conversations out. Decodes each
// packet, finds its conversation (protocol + 4-tuple, either direction),
// tracks it, and hands each finished conversation to the sink as soon as it
// is finished (closed and expired by Zeek's timers, or replaced by a new
// connection on the same 4-tuple), so memory grows with the conversations
// that are open, not with the capture.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "capture/analyzer_options.h"
#include "capture/conversation.h"
#include "capture/decoder.h"
#include "capture/ip_tunnels.h"
#include "capture/packet_source.h"

namespace wirecheck::capture {

/// Totals of one analysis.
struct TraceStats {
  std::uint64_t packets = 0;              // every packet fed
  std::uint64_t decoded = 0;              // TCP/UDP packets analysed, inside tunnels too
  DecodeStats decode;                     // the others, per reason
  std::uint64_t late_packets = 0;         // see AnalyzerOptions::hand_off_when_closed
  std::uint64_t conversations = 0;        // handed to the sink
  std::uint64_t untracked_packets = 0;    // past AnalyzerOptions::max_conversations: counted only
  /// UDP payloads decapsulated as tunnels (VXLAN, Geneve, Teredo, AYIYA,
  /// GTPv1). Each is a packet of its own, counted in `decoded` or `decode`,
  /// so decoded + decode.skipped() == packets + tunnel_payloads. (An IP-in-IP
  /// or GRE packet counts once, as the packet inside it.)
  std::uint64_t tunnel_payloads = 0;
  CaptureStats capture;                   // from the source
  Timestamp first_ts{};
  Timestamp last_ts{};
};

/// Receives each finished conversation (by value: the analyzer drops its copy).
using ConversationSink = std::function<void(Conversation&&)>;

class Analyzer {
 public:
  Analyzer(AnalyzerOptions options, ConversationSink sink);
  ~Analyzer();
  /// Analyses one packet; `number` is its 1-based position in the source.
  void Feed(const RawPacket& packet, std::uint64_t number);
  /// Ends the analysis: every open conversation goes to the sink, in order
  /// of first packet.
  void Finish();
  const TraceStats& stats() const;
  std::size_t open_conversations() const;
  /// The IP tunnels (IP-in-IP, GRE) seen so far, in order of first packet;
  /// the analyzer forgets them.
  std::vector<IpTunnel> TakeIpTunnels();

  class Impl;
 private:
  std::unique_ptr<Impl> impl_;
};

/// A whole capture in memory: what most callers want.
struct Trace {
  std::vector<Conversation> conversations;  // in order of first packet
  std::vector<IpTunnel> ip_tunnels;         // the tunnels without a conversation (Zeek's tunnel.log)
  TraceStats stats;
  std::string error;   // non-empty when the source stopped with an error
                       // (the conversations before it are still valid)
};

/// Feeds every packet of `source` to `analyzer` (numbered from 1), then
/// finishes it: every conversation reaches the analyzer's sink. Returns the
/// source's error ("" at a clean end; the packets before it were fed).
std::string FeedSource(PacketSource& source, Analyzer& analyzer);

/// Reads every packet of source and returns the trace.
Trace AnalyzeSource(PacketSource& source, const AnalyzerOptions& options = {});

}  // namespace wirecheck::capture
