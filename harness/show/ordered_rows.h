#pragma once
// Conversations reach `wirecheck show` as they end (the analyzer hands each
// on when Zeek's rules remove it); its rows leave in order of first packet
// (Conversation::id, 1, 2, 3, ...), as Zeek's uids and tshark's
// conversation lists number them. A row that is ready before an earlier
// conversation has ended waits here, as its finished text, but at most
// `window` rows wait: past that, the earliest waiting row is written and the
// conversations still open before it come out when they end (their number
// says where they belong). Zeek's UDP timeout keeps a flow open 60 s after
// its last datagram, so without the bound one early flow would hold back
// every row of a long capture; with it, memory is the window's, whatever
// the capture's size, and a capture of fewer conversations than the window
// comes out in order exactly.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <utility>

namespace wirecheck {

template <typename Row>
class OrderedRows {
 public:
  using Emit = std::function<void(Row&&)>;
  static constexpr std::size_t kDefaultWindow = 10000;

  explicit OrderedRows(Emit emit, std::size_t window = kDefaultWindow) : emit_(std::move(emit)), window_(window) {}

  /// The row of conversation `id` (ids start at 1, each given once).
  void Add(std::uint64_t id, Row row) {
    if (id < next_) return emit_(std::move(row));  // it was given up on: late, out of order
    if (id == next_) {
      // Next in order: written at once, never held (what the loop below
      // would do first; held_ cannot be past the window here).
      next_ = id + 1;
      emit_(std::move(row));
      for (auto it = held_.begin(); it != held_.end() && it->first == next_; it = held_.erase(it)) {
        next_ = it->first + 1;
        emit_(std::move(it->second));
      }
      return;
    }
    held_.emplace(id, std::move(row));
    if (held_.size() > max_held_) max_held_ = held_.size();
    // Write what is in order; past the window, give up on the missing ones.
    for (auto it = held_.begin(); it != held_.end() && (it->first == next_ || held_.size() > window_);
         it = held_.erase(it)) {
      next_ = it->first + 1;
      emit_(std::move(it->second));
    }
  }

  /// The rows still waiting, in id order (an id never given is skipped).
  void Finish() {
    for (auto& [id, row] : held_) emit_(std::move(row));
    held_.clear();
  }

  std::size_t max_held() const { return max_held_; }

 private:
  Emit emit_;
  std::size_t window_;
  std::uint64_t next_ = 1;
  std::map<std::uint64_t, Row> held_;
  std::size_t max_held_ = 0;
};

}  // namespace wirecheck
