#pragma once
// A connection's analysis state as a few hundred bytes and back: what the
// analyzer keeps of a closed TCP connection while Zeek's close timer holds
// it (frozen_tcp.h). Each class packs its own fields next to their
// declaration's users (PackTo / its unpacking constructor or UnpackFrom),
// in one order for both ways. The form is private to one run: no version,
// no promise across builds.
//
// Small numbers take a byte: unsigned values as LEB128, signed ones
// zigzagged, times relative to a base (the connection's first packet),
// sequence numbers relative to one they travel with. Unpacking trusts its
// input (it only ever reads what this run packed): a broken invariant is a
// bug, asserted.

#include <cassert>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "capture/packet.h"

/// In each PackTo(): the size of the type its fields were written for
/// (x86-64, libstdc++), so that a field added later fails the build until
/// it is packed too.
#if defined(__x86_64__) && defined(__GLIBCXX__)
#define WIRECHECK_CHECK_PACKED_SIZE(type, size) \
  static_assert(sizeof(type) == (size), #type " changed: pack its new field too")
#else
#define WIRECHECK_CHECK_PACKED_SIZE(type, size)
#endif

namespace wirecheck::capture {

class StatePacker {
 public:
  /// Writes into `room` (its contents are overwritten; it grows as needed)
  /// and packs times relative to `base`.
  StatePacker(std::vector<std::uint8_t>* room, Timestamp base)
      : room_(room), at_(room->data()), end_(room->data() + room->size()), base_(base) {}
  /// What was packed so far (valid until the next call).
  std::span<const std::uint8_t> packed() const {
    return {room_->data(), static_cast<std::size_t>(at_ - room_->data())};
  }

  void Unsigned(std::uint64_t v) {
    std::uint8_t* p = Room(kMaxVarint);
    while (v >= 0x80) {
      *p++ = static_cast<std::uint8_t>(v | 0x80);
      v >>= 7;
    }
    *p++ = static_cast<std::uint8_t>(v);
    at_ = p;
  }
  void Signed(std::int64_t v) { Unsigned(Zigzag(v)); }
  void Bool(bool b) { Unsigned(b ? 1 : 0); }
  template <typename Enum>
  void Enumerator(Enum e) { Unsigned(static_cast<std::uint64_t>(e)); }
  /// A 32-bit sequence number as its distance from `near` (mod 2^32).
  void Seq(std::uint32_t v, std::uint32_t near) {
    Signed(static_cast<std::int32_t>(v - near));
  }
  /// Timestamp{} and Timestamp::max() (unset, never) take a byte each; a
  /// whole number of microseconds from the base (as pcap times are) two to
  /// four; anything else is packed whole.
  void Time(Timestamp t) {
    if (t == Timestamp::max()) return Unsigned(kTimeNever);
    if (t == Timestamp{}) return Unsigned(kTimeZero);
    const std::int64_t n = t.count(), b = base_.count();
    const bool near = (n >= 0) == (b >= 0) && (n - b < kNear && b - n < kNear);
    if (!near) {
      Unsigned(kTimeWhole);
      return Signed(n);
    }
    const std::int64_t d = n - b;
    const bool micro = d % 1000 == 0;
    const std::uint64_t z = Zigzag(micro ? d / 1000 : d);
    Unsigned(kTimeFirstDelta + ((z << 1) | (micro ? 1 : 0)));
  }
  void Bytes(std::string_view s) {
    Unsigned(s.size());
    Raw({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
  }
  /// Exactly these bytes, without their count.
  void Raw(std::span<const std::uint8_t> s) {
    std::uint8_t* p = Room(s.size());
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    at_ = p + s.size();
  }
  /// Up to 64 booleans in one value (the first in bit 0).
  void Flags(std::initializer_list<bool> bits) {
    std::uint64_t v = 0;
    int i = 0;
    for (bool b : bits) v |= static_cast<std::uint64_t>(b) << i++;
    Unsigned(v);
  }

  static constexpr std::uint64_t kTimeNever = 0, kTimeZero = 1, kTimeWhole = 2, kTimeFirstDelta = 3;
  /// Deltas below 2^60 ns (36 years) keep room for the micro bit.
  static constexpr std::int64_t kNear = std::int64_t{1} << 60;
  static std::uint64_t Zigzag(std::int64_t v) {
    return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
  }

 private:
  static constexpr std::size_t kMaxVarint = 10;
  /// Where the next `n` bytes go. Works on copies of the pointers: a byte
  /// stored may alias any member, which would otherwise be read again.
  std::uint8_t* Room(std::size_t n) {
    std::uint8_t* p = at_;
    if (static_cast<std::size_t>(end_ - p) >= n) [[likely]] return p;
    return Grow(n);
  }
  [[gnu::noinline]] std::uint8_t* Grow(std::size_t n) {
    const std::size_t used = static_cast<std::size_t>(at_ - room_->data());
    room_->resize(2 * room_->size() + n + 256);
    at_ = room_->data() + used;
    end_ = room_->data() + room_->size();
    return at_;
  }

  std::vector<std::uint8_t>* room_;
  std::uint8_t* at_;
  std::uint8_t* end_;
  Timestamp base_;
};

class StateUnpacker {
 public:
  /// Reads what a StatePacker with the same `base` wrote.
  StateUnpacker(std::span<const std::uint8_t> in, Timestamp base)
      : at_(in.data()), end_(in.data() + in.size()), base_(base) {}

  std::uint64_t Unsigned() {
    const std::uint8_t* p = at_;
    assert(p < end_);
    std::uint64_t v = *p++;
    if (v >= 0x80) [[unlikely]] {
      v &= 0x7f;
      for (int shift = 7;; shift += 7) {
        assert(p < end_);
        const std::uint8_t byte = *p++;
        v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
        if (byte < 0x80) break;
      }
    }
    at_ = p;
    return v;
  }
  std::int64_t Signed() { return Unzigzag(Unsigned()); }
  /// What StatePacker::Flags() packed, read in the same order.
  class FlagBits {
   public:
    explicit FlagBits(std::uint64_t v) : v_(v) {}
    bool Next() {
      const bool b = v_ & 1;
      v_ >>= 1;
      return b;
    }

   private:
    std::uint64_t v_;
  };
  FlagBits Flags() { return FlagBits(Unsigned()); }
  bool Bool() { return Unsigned() != 0; }
  template <typename Enum>
  Enum Enumerator() { return static_cast<Enum>(Unsigned()); }
  template <typename Int>
  Int Narrow() { return static_cast<Int>(Unsigned()); }
  std::uint32_t Seq(std::uint32_t near) { return near + static_cast<std::uint32_t>(Signed()); }
  Timestamp Time() {
    const std::uint64_t tag = Unsigned();
    if (tag == StatePacker::kTimeNever) return Timestamp::max();
    if (tag == StatePacker::kTimeZero) return Timestamp{};
    if (tag == StatePacker::kTimeWhole) return Timestamp{Signed()};
    const std::uint64_t v = tag - StatePacker::kTimeFirstDelta;
    const std::int64_t d = Unzigzag(v >> 1);
    return base_ + Timestamp{(v & 1) ? d * 1000 : d};
  }
  std::string String() {
    const std::size_t n = Unsigned();
    assert(n <= static_cast<std::size_t>(end_ - at_));
    std::string s(reinterpret_cast<const char*>(at_), n);
    at_ += n;
    return s;
  }
  /// Exactly `n` bytes into `out` (what Raw() packed).
  void RawInto(std::uint8_t* out, std::size_t n) {
    assert(n <= static_cast<std::size_t>(end_ - at_));
    std::memcpy(out, at_, n);
    at_ += n;
  }

  bool AtEnd() const { return at_ == end_; }

 private:
  static std::int64_t Unzigzag(std::uint64_t v) {
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
  }

  const std::uint8_t* at_;
  const std::uint8_t* end_;
  Timestamp base_;
};

}  // namespace wirecheck::capture
