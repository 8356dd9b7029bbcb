#pragma once
// The analyzer options capture_fuzz picks from an input's length (bit 0:
// hand_off_when_closed, bit 1: verify_checksums, bit 2: tiny payload and
// record caps), so one corpus reaches every mode. Shared with the regression
// test that replays its findings (tests/capture/fuzz_regression_test.cc).

#include <cstddef>

#include "capture/analyzer_options.h"

namespace wirecheck::fuzz {

inline capture::AnalyzerOptions CaptureFuzzOptionsFor(std::size_t size) {
  capture::AnalyzerOptions options;
  options.hand_off_when_closed = (size & 1) != 0;
  options.verify_checksums = (size & 2) != 0;
  if ((size & 4) != 0) {
    options.payload_cap = 64;
    options.packet_record_cap = 16;
  }
  return options;
}

}  // namespace wirecheck::fuzz
