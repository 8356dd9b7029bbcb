#pragma once
// Writes classic pcap files (little-endian, micro- or nanosecond
// timestamps). Used to keep a live capture as a file, by tests that build
// their own captures, and by the benchmark's generator.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "capture/packet.h"

namespace wirecheck::capture {

class PcapWriter {
 public:
  enum class Precision { kMicro, kNano };
  /// Creates or truncates path. On failure returns null and sets *error to
  /// "<path>: <strerror>".
  static std::unique_ptr<PcapWriter> Create(const std::string& path, std::uint32_t link_type,
                                            std::uint32_t snaplen = 262144,
                                            Precision precision = Precision::kNano,
                                            std::string* error = nullptr);
  ~PcapWriter();
  /// Appends one record (ts, captured bytes, wire length). Returns false on a
  /// write error (disk full); error() says which.
  bool Write(const RawPacket& packet);
  /// Flushes and closes; false on a write error. The destructor closes too.
  bool Close();
  const std::string& error() const { return error_; }

 private:
  PcapWriter(std::FILE* file, std::string path, Precision precision);
  std::FILE* file_;
  std::string path_;
  Precision precision_;
  std::string error_;
};

}  // namespace wirecheck::capture
