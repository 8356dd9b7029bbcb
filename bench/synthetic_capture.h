#pragma once
// A deterministic synthetic capture for the benchmark: many interleaved TCP
// connections (handshake with options, request, response, FIN exchange in
// either order, some retransmissions, resets and refusals) and UDP
// request/response pairs, Ethernet + IPv4 (some IPv6), in a classic pcap.

#include <cstdint>
#include <string>

#include "capture/packet.h"

namespace wirecheck::bench {

struct SyntheticCaptureOptions {
  /// Both are minimums: flows keep starting until both are reached, then
  /// every open flow is finished.
  std::uint64_t min_packets = 1'000'000;
  std::uint64_t min_tcp_connections = 100'000;
  std::uint32_t open_at_once = 1000;      // flows open at the same time
  /// Mean time between packets (uniform in [gap/2, 3*gap/2]). At 10 us a
  /// million packets span ~11 s, so no Zeek timer (5 s close delay, 60 s UDP
  /// inactivity) ends a conversation before the last few seconds.
  std::uint32_t mean_gap_us = 10;
  std::uint64_t seed = 0x77697265;        // same seed, same file
};

/// What was written, so that an analysis of the file can be checked.
struct SyntheticCaptureSummary {
  std::uint64_t packets = 0;
  std::uint64_t udp_packets = 0;
  std::uint64_t file_bytes = 0;
  std::uint64_t tcp_connections = 0;     // all of them, refused included
  std::uint64_t tcp_refused = 0;         // SYN answered by RST-ACK
  std::uint64_t tcp_reset_by_client = 0; // RST instead of a FIN exchange
  std::uint64_t tcp_reset_by_server = 0;
  std::uint64_t tcp_retransmissions = 0; // connections with one data segment sent twice
  std::uint64_t udp_flows = 0;           // one request and one response each
  std::uint64_t ipv6_flows = 0;
  capture::Timestamp first_ts{};
  capture::Timestamp last_ts{};

  std::uint64_t conversations() const { return tcp_connections + udp_flows; }
};

/// Writes the capture to path. On failure returns false and sets *error to
/// "<path>: <what>".
bool WriteSyntheticCapture(const std::string& path, const SyntheticCaptureOptions& options,
                           SyntheticCaptureSummary* summary, std::string* error);

/// The summary is kept beside the capture ("<path>.summary", key value lines)
/// so that a kept file can still be checked. Read returns false if it is
/// missing or unreadable.
bool SaveSummary(const std::string& path, const SyntheticCaptureSummary& summary);
bool LoadSummary(const std::string& path, SyntheticCaptureSummary* summary);

}  // namespace wirecheck::bench
