#include "harness/model/output_capture.h"

#include <algorithm>

namespace wirecheck {

void OutputCapture::Append(std::span<const char> bytes) {
  total_ += bytes.size();
  std::uint64_t room = cap_ > kept_.size() ? cap_ - kept_.size() : 0;
  std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(room, bytes.size()));
  kept_.append(bytes.data(), take);
}

OutputCapture OutputCapture::FromParts(std::string kept, std::uint64_t total, std::uint64_t cap) {
  OutputCapture capture(cap);
  capture.kept_ = std::move(kept);
  capture.total_ = std::max<std::uint64_t>(total, capture.kept_.size());
  return capture;
}

}  // namespace wirecheck
