#pragma once
// Memory for the analyzer's per-conversation nodes, recycled: the block of
// an ended node is kept for the next one, last freed first, so a new
// conversation is built in memory that is still in cache and a 1-2 KB
// malloc/free pair per conversation is saved (bench/capture_bench).

#include <cstddef>
#include <new>
#include <utility>
#include <vector>

namespace wirecheck::capture {

template <typename Node>
class NodePool {
 public:
  NodePool() = default;
  NodePool(const NodePool&) = delete;
  NodePool& operator=(const NodePool&) = delete;
  ~NodePool() {
    for (void* block : free_) ::operator delete(block);
  }

  template <typename... Args>
  Node* New(Args&&... args) {
    void* block = Take();
    try {
      return ::new (block) Node(std::forward<Args>(args)...);
    } catch (...) {
      ::operator delete(block);
      throw;
    }
  }
  /// Destroys a node made by New().
  void Delete(Node* node) {
    node->~Node();
    if (free_.size() < kMaxFree) free_.push_back(node);
    else ::operator delete(node);
  }

 private:
  /// Enough for the ends between two starts; more would only hold memory.
  static constexpr std::size_t kMaxFree = 256;

  void* Take() {
    if (free_.empty()) return ::operator new(sizeof(Node));
    void* block = free_.back();
    free_.pop_back();
    return block;
  }

  std::vector<void*> free_;
};

}  // namespace wirecheck::capture
