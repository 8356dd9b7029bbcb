#pragma once
// Live capture with libpcap: immediate mode or packed blocks, a BPF filter, a
// large buffer, non-blocking reads with poll() on the selectable descriptor
// (libpcap's read timeout cannot be trusted to return in immediate mode on
// Linux), optional copy of every packet to a pcap file, and the kernel's
// counts (received, dropped) at any time.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "capture/packet_source.h"

namespace wirecheck::capture {

struct LiveOptions {
  std::string interface = "lo";
  std::string filter;                           // BPF; empty: every packet
  int snaplen = 262144;
  int buffer_bytes = 64 * 1024 * 1024;          // kernel ring: a burst must fit
  /// true: TPACKET_V2, every packet handed over at once, but each slot of the
  /// ring is snaplen-sized (on `lo`, whose offloads allow 64 KiB packets,
  /// 256 KiB: a 64 MiB ring holds 256 packets). false: TPACKET_V3 blocks,
  /// packets packed by their real size (the same ring holds ~100,000 small
  /// ones), handed over when a block fills or block_timeout passes.
  bool immediate = true;
  std::chrono::milliseconds block_timeout{1};
  /// Take each packet once on a loopback device (PACKET_IGNORE_OUTGOING):
  /// `lo` shows every packet going out and again coming in; libpcap drops
  /// the outgoing copy only after it took a slot in the ring.
  bool ignore_outgoing = false;
  std::chrono::milliseconds poll_wait{100};     // longest wait in one Next()
  std::string write_to;                         // pcap file to copy packets to
};

class LiveSource : public PacketSource {
 public:
  /// Opens and activates the capture. On failure returns null with *error
  /// naming the interface and the cause; `permission` is set when the cause
  /// is a missing capability (CAP_NET_RAW), so callers can say how to grant it.
  static std::unique_ptr<LiveSource> Open(const LiveOptions& options, std::string* error,
                                          bool* permission = nullptr);
  ~LiveSource() override;
  /// kWouldBlock when nothing came within poll_wait; kEnd after Stop().
  ReadStatus Next(RawPacket* packet) override;
  const std::string& error() const override;
  CaptureStats stats() const override;
  /// Makes the next Next() return kEnd once the kernel's buffer is drained.
  void Stop();
  std::uint32_t link_type() const;
  /// The descriptor that polls readable when packets wait (with poll_wait 0,
  /// callers poll it together with their own descriptors).
  int selectable_fd() const;

  class Impl;
 private:
  explicit LiveSource(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace wirecheck::capture
