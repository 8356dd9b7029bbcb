#pragma once
// A closed TCP connection as the analyzer holds it while Zeek's close timer
// runs (5 s after the close, tens of thousands at once on a busy capture):
// its whole analysis state packed (state_packer.h) into one exact-size
// block, about a quarter of a live TcpConversation. Lossless: a late packet
// thaws it back into the TcpConversation it was (TcpConversation's
// constructor from a FrozenTcp) and is analysed exactly as without
// freezing; so is its Finish() when the timer ends it. Only the expiry is
// kept unpacked, since the timers ask for it.

#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <vector>

#include "capture/packet.h"

namespace wirecheck::capture {

class FrozenTcp {
 public:
  /// `packed` is what TcpConversation packed with times relative to `base`.
  FrozenTcp(std::span<const std::uint8_t> packed, Timestamp base, Timestamp expires_at)
      : bytes_(std::make_unique_for_overwrite<std::uint8_t[]>(packed.size())),
        size_(static_cast<std::uint32_t>(packed.size())),
        base_(base),
        expires_at_(expires_at) {
    std::memcpy(bytes_.get(), packed.data(), packed.size());
  }

  Timestamp ExpiresAt() const { return expires_at_; }
  Timestamp base() const { return base_; }
  std::span<const std::uint8_t> bytes() const { return {bytes_.get(), size_}; }

 private:
  std::unique_ptr<std::uint8_t[]> bytes_;
  std::uint32_t size_;
  Timestamp base_;
  Timestamp expires_at_;
};

}  // namespace wirecheck::capture
