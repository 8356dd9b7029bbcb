#pragma once
// `wirecheck show CAPTURE`: the conversations of a pcap/pcapng file.

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "harness/cli/exit_code.h"

namespace wirecheck {

struct ShowOptions {
  std::string capture_path;
  enum class Format { kTable, kJson } format = Format::kTable;
  std::optional<std::uint64_t> follow;   // conversation id to follow
  std::size_t payload_cap = 1 << 20;     // bytes kept per direction
  bool verify_checksums = false;         // drop bad-checksum packets, as Zeek without -C
};

/// Prints to out; errors and warnings (one line each, naming the file) to err.
/// kBadInput when the file cannot be read as a capture, when it is cut short
/// (what was read before the cut is still printed), or when --follow names
/// no conversation.
ExitCode RunShow(const ShowOptions& options, std::ostream& out, std::ostream& err);

}  // namespace wirecheck
