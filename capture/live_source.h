#pragma once
// Live capture with libpcap: immediate mode, a BPF filter, a large buffer,
// non-blocking reads with poll() on the selectable descriptor (libpcap's read
// timeout cannot be trusted to return in immediate mode on Linux), optional
// copy of every packet to a pcap file, and kernel drop counts at the end.

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

  class Impl;
 private:
  explicit LiveSource(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace wirecheck::capture
