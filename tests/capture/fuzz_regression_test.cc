// Every reproducer capture_fuzz found (tests/fixtures/fuzz/capture_fuzz/)
// goes through the same path as in the fuzz target: the reader, Decode and
// the Analyzer to the end, then each conversation read as the layers above
// read it. Under the sanitizer build (scripts/test) a regression is a crash
// here; each finding also has its own expectation.

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "capture/analyzer.h"
#include "capture/file_source.h"
#include "fuzz/capture_fuzz_options.h"

namespace wirecheck::capture {
namespace {

const std::filesystem::path kReproducers =
    std::filesystem::path(WIRECHECK_SOURCE_DIR) / "tests/fixtures/fuzz/capture_fuzz";

Trace AnalyzeLikeTheFuzzer(const std::filesystem::path& path, std::string* open_error) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const AnalyzerOptions options = fuzz::CaptureFuzzOptionsFor(bytes.size());
  auto source = FileSource::FromBytes(path.filename().string(), std::move(bytes), open_error);
  if (source == nullptr) return {};
  Trace trace = AnalyzeSource(*source, options);
  for (const Conversation& c : trace.conversations) {
    EXPECT_TRUE(std::isfinite(c.duration_seconds())) << path;
    EXPECT_LE(c.packets.size(), options.packet_record_cap) << path;
    for (const auto& d : c.dir) {
      EXPECT_LE(d.data.size(), options.payload_cap) << path;
      for (const auto& datagram : d.datagrams) EXPECT_EQ(DatagramPayload(d, datagram).size(), datagram.kept);
    }
  }
  return trace;
}

TEST(CaptureFuzzRegressionTest, EveryReproducerIsAnErrorOrAResultNeverACrash) {
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kReproducers)) {
    ++files;
    std::string open_error;
    const Trace trace = AnalyzeLikeTheFuzzer(entry.path(), &open_error);
    SCOPED_TRACE(entry.path().string() + ": " + open_error + trace.error);
  }
  EXPECT_GT(files, 0u);
}

// A pcapng interface whose resolution and offset made packet times wrap: the
// difference of two of them overflowed in Conversation::duration_seconds
// (UBSan). Now the reader stops at the first packet out of range, with the
// reason.
TEST(CaptureFuzzRegressionTest, PcapngTimestampsThatWouldOverflowAreAnError) {
  std::string open_error;
  const Trace trace = AnalyzeLikeTheFuzzer(kReproducers / "pcapng-timestamp-overflow.pcapng", &open_error);
  EXPECT_EQ(open_error, "");
  EXPECT_NE(trace.error.find("pcapng-timestamp-overflow.pcapng: timestamp more than 146 years from 1970"),
            std::string::npos)
      << trace.error;
}

}  // namespace
}  // namespace wirecheck::capture
