#pragma once
// When the analyzer must look at a conversation again: entries are kept in
// buckets of kBucketNs (~67 ms) of capture time, and a bucket is handed back
// once the capture's clock has passed its end. Adding is O(1) amortised and
// cheap on cache, where a binary heap of 100k+ timers costs a dozen cache
// misses per push and pop (measured: 13% of the analysis). The price is
// that an entry comes back up to one bucket late; the analyzer checks
// expiry on every packet anyway, so only the moment memory is released
// moves, never a result.

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "capture/packet.h"

namespace wirecheck::capture {

template <typename Item>
class ExpiryCalendar {
 public:
  void Add(Timestamp at, Item item) { buckets_[BucketOf(at)].push_back(std::move(item)); }

  /// Calls fn(item) for every item of every bucket that ends at or before
  /// `now`. fn may Add() again (into a later bucket: its time is > now).
  template <typename Fn>
  void TakeDue(Timestamp now, Fn&& fn) {
    const std::int64_t current = BucketOf(now);
    while (!buckets_.empty() && buckets_.begin()->first < current) {
      std::vector<Item> due = std::move(buckets_.begin()->second);
      buckets_.erase(buckets_.begin());
      for (Item& item : due) fn(item);
    }
  }

  void Clear() { buckets_.clear(); }

 private:
  static constexpr int kBucketShift = 26;  // 2^26 ns = 67 ms
  static std::int64_t BucketOf(Timestamp t) { return t.count() >> kBucketShift; }
  std::map<std::int64_t, std::vector<Item>> buckets_;
};

}  // namespace wirecheck::capture
