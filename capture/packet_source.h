#pragma once
// The one interface behind which packets come: live (libpcap), file
// (pcap/pcapng), or memory (tests).

#include <cstdint>
#include <string>

#include "capture/packet.h"

namespace wirecheck::capture {

enum class ReadStatus {
  kPacket,      // *packet holds the next packet
  kEnd,         // no more packets (end of file, or live capture stopped)
  kWouldBlock,  // live only: nothing arrived within the wait; call again
  kError,       // the source cannot go on; error() says why. Packets read
                // before it are valid results (a capture cut short).
};

/// Counts a source knows about itself. For live captures the kernel's drop
/// counts come from pcap_stats() and are valid once drops_known is true.
struct CaptureStats {
  std::uint64_t packets_read = 0;
  std::uint64_t kernel_received = 0;     // ps_recv: reached the capture, dropped ones included
  std::uint64_t kernel_dropped = 0;      // ps_drop: no room in the buffer
  std::uint64_t interface_dropped = 0;   // ps_ifdrop
  std::uint64_t missed = 0;              // went by before the capture opened (run captures)
  bool drops_known = false;
};

class PacketSource {
 public:
  virtual ~PacketSource() = default;
  /// Never throws. After kEnd or kError every further call returns the same.
  virtual ReadStatus Next(RawPacket* packet) = 0;
  /// One line, naming the file (or interface) and what is wrong.
  virtual const std::string& error() const = 0;
  virtual CaptureStats stats() const = 0;
};

}  // namespace wirecheck::capture
