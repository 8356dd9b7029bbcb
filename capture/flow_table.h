#pragma once
// The analyzer's tables of conversations: open addressing with linear
// probing over a power-of-two array of small slots (the hash and the value;
// the key is read from the value through KeyOf, so a value that is a
// pointer keeps slots at 16 bytes and the table in cache; a hash of 0 marks
// a free slot, see HashFlowKey). It is looked up
// once per packet: a node-based std::unordered_map cost two or three
// dependent cache misses there (bench/capture_bench).
//
// Contract: pointers and references to values are valid until the next
// Insert() or Erase() (both may move entries); values must be movable and
// default-constructible.

#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "capture/flow_key.h"

namespace wirecheck::capture {

inline constexpr std::uint64_t kUsedHashBit = std::uint64_t{1} << 63;

/// A strong 64-bit hash of the key's 38 bytes (multiply-xorshift rounds).
inline std::uint64_t HashFlowKey(const FlowKey& k) {
  std::uint64_t words[5];
  std::memcpy(&words[0], k.addr_a.data(), 8);
  std::memcpy(&words[1], k.addr_a.data() + 8, 8);
  std::memcpy(&words[2], k.addr_b.data(), 8);
  std::memcpy(&words[3], k.addr_b.data() + 8, 8);
  words[4] = std::uint64_t{k.port_a} << 24 | std::uint64_t{k.port_b} << 8 | k.transport;
  std::uint64_t h = 0x243f6a8885a308d3ull;
  for (std::uint64_t w : words) {
    h = (h ^ w) * 0x9e3779b97f4a7c15ull;
    h ^= h >> 32;
  }
  h *= 0xbf58476d1ce4e5b9ull;
  // The top bit marks a used slot (FlowTable), so a hash is never 0; table
  // sizes stay far below 2^63, so it never chooses a slot.
  return (h ^ (h >> 31)) | kUsedHashBit;
}

/// KeyOf for values that hold their key as a `key` member, directly or
/// behind a pointer.
struct KeyMember {
  template <typename V>
  const FlowKey& operator()(const V& v) const {
    if constexpr (requires { v.key; }) return v.key;
    else return v->key;
  }
};

template <typename Value, typename KeyOf = KeyMember>
class FlowTable {
 public:
  FlowTable() : slots_(kInitialSlots) {}

  std::size_t size() const { return size_; }

  Value* Find(const FlowKey& key) {
    return FindHashed(HashFlowKey(key), [&key](const Value& v) { return KeyOf{}(v) == key; });
  }

  /// The value whose key hashes to `hash` (HashFlowKey) and that satisfies
  /// `match`: lets a caller that kept only the hash find its entry.
  template <typename Match>
  Value* FindHashed(std::uint64_t hash, Match&& match) {
    for (std::size_t i = hash & mask(); slots_[i].hash != 0; i = (i + 1) & mask()) {
      if (slots_[i].hash == hash && match(slots_[i].value)) return &slots_[i].value;
    }
    return nullptr;
  }

  /// Inserts a value whose key is not in the table.
  Value& Insert(Value value) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    ++size_;
    const std::uint64_t hash = HashFlowKey(KeyOf{}(value));
    return Place(hash, std::move(value));
  }

  /// Removes the key's value and returns it (a default value if absent).
  Value Erase(const FlowKey& key) {
    const std::uint64_t hash = HashFlowKey(key);
    std::size_t i = hash & mask();
    while (slots_[i].hash != 0 && !(slots_[i].hash == hash && KeyOf{}(slots_[i].value) == key)) {
      i = (i + 1) & mask();
    }
    if (slots_[i].hash == 0) return Value{};
    Value removed = std::move(slots_[i].value);
    // Backward-shift deletion: pull later members of the probe run into the
    // hole so that lookups never need tombstones.
    for (std::size_t next = (i + 1) & mask(); slots_[next].hash != 0; next = (next + 1) & mask()) {
      const std::size_t home = slots_[next].hash & mask();
      if (((next - home) & mask()) >= ((next - i) & mask())) {
        slots_[i] = std::move(slots_[next]);
        i = next;
      }
    }
    slots_[i] = Slot{};
    --size_;
    return removed;
  }

  template <typename Fn>
  void ForEach(Fn&& fn) {
    for (Slot& s : slots_) {
      if (s.hash != 0) fn(s.value);
    }
  }

  void Clear() {
    slots_ = std::vector<Slot>(kInitialSlots);
    size_ = 0;
  }

 private:
  static constexpr std::size_t kInitialSlots = 1024;
  struct Slot {
    std::uint64_t hash = 0;  // 0: free
    Value value{};
  };

  std::size_t mask() const { return slots_.size() - 1; }

  Value& Place(std::uint64_t hash, Value value) {
    std::size_t i = hash & mask();
    while (slots_[i].hash != 0) i = (i + 1) & mask();
    slots_[i].hash = hash;
    slots_[i].value = std::move(value);
    return slots_[i].value;
  }

  void Grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    for (Slot& s : old) {
      if (s.hash != 0) Place(s.hash, std::move(s.value));
    }
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace wirecheck::capture
