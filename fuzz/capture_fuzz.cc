// libFuzzer target: the input is a capture file. It goes through the reader
// (FileSource, pcap or pcapng), Decode() and the Analyzer to the end, so that
// every conversation is finished, and each finished conversation is read the
// way the layers above read it. A malformed file must be an error or a
// counted reason, never a crash, a leak, a hang or a runaway allocation.
//
// The input's length picks the analyzer options (bit 0: hand_off_when_closed,
// bit 1: verify_checksums, bit 2: tiny payload and record caps), so the
// corpus reaches every mode without changing the file format.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "capture/analyzer.h"
#include "capture/file_source.h"
#include "fuzz/capture_fuzz_options.h"

namespace {

using wirecheck::capture::AnalyzerOptions;
using wirecheck::capture::Conversation;

/// What callers above capture/ rely on; a broken promise is a crash here.
void CheckConversation(const Conversation& c, const AnalyzerOptions& options) {
  if (c.packets.size() > options.packet_record_cap) __builtin_trap();
  for (const auto& d : c.dir) {
    if (d.data.size() > options.payload_cap) __builtin_trap();
    for (const auto& datagram : d.datagrams) {
      if (DatagramPayload(d, datagram).size() != datagram.kept) __builtin_trap();
    }
    for (const auto state : d.states) (void)TcpStateName(state);
  }
  (void)c.duration_seconds();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string error;
  auto source = wirecheck::capture::FileSource::FromBytes(
      "fuzz.pcap", std::vector<std::uint8_t>(data, data + size), &error);
  if (source == nullptr) {
    if (error.empty()) __builtin_trap();  // a refusal always says why
    return 0;
  }
  const AnalyzerOptions options = wirecheck::fuzz::CaptureFuzzOptionsFor(size);
  const auto trace = wirecheck::capture::AnalyzeSource(*source, options);
  for (const Conversation& c : trace.conversations) CheckConversation(c, options);
  return 0;
}
