#pragma once
// One output stream of a process (stdout or stderr): the first `cap` bytes
// kept, every byte counted, so a program that floods its output costs at most
// the cap in memory and the report can still say how much it wrote.

#include <cstdint>
#include <span>
#include <string>

namespace wirecheck {

class OutputCapture {
 public:
  explicit OutputCapture(std::uint64_t cap = 1u << 20) : cap_(cap) {}

  void Append(std::span<const char> bytes);

  const std::string& kept() const { return kept_; }
  std::uint64_t total_bytes() const { return total_; }
  std::uint64_t dropped_bytes() const { return total_ - kept_.size(); }
  bool truncated() const { return total_ > kept_.size(); }
  std::uint64_t cap() const { return cap_; }

  /// Restores a capture that crossed a process boundary (the sandbox protocol).
  static OutputCapture FromParts(std::string kept, std::uint64_t total, std::uint64_t cap);

 private:
  std::uint64_t cap_;
  std::uint64_t total_ = 0;
  std::string kept_;
};

}  // namespace wirecheck
