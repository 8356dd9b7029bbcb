#pragma once
// Reads a pcap or pcapng file (either byte order, micro- or nanosecond
// timestamps, pcapng if_tsresol/if_tsoffset, several interfaces with their
// own link types). The file is mapped once; packet data spans point into the
// mapping and stay valid for the source's lifetime (zero-copy).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "capture/packet_source.h"

namespace wirecheck::capture {

class FileSource : public PacketSource {
 public:
  /// Opens path ("-" reads standard input into memory). On failure returns
  /// null and sets *error to one line: "<path>: <what is wrong>", e.g.
  /// "x.txt: not a pcap or pcapng file (starts with 23 21 2f 62)".
  static std::unique_ptr<FileSource> Open(const std::string& path, std::string* error);
  /// The same reader over a file's bytes already in memory (the fuzz target
  /// feeds it this way); name stands for the path in errors.
  static std::unique_ptr<FileSource> FromBytes(std::string name, std::vector<std::uint8_t> bytes,
                                               std::string* error);

  ~FileSource() override;
  ReadStatus Next(RawPacket* packet) override;
  /// After kError: "<path>: <what>, at packet N (byte offset X)", e.g. a file
  /// cut short inside a packet.
  const std::string& error() const override;
  CaptureStats stats() const override;
  /// The link type of the first interface (pcapng may have several).
  std::uint32_t link_type() const;

  class Impl;  // pcap or pcapng reader (file_source.cc)
 private:
  explicit FileSource(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace wirecheck::capture
